#include "facecert/harness/secure_erase.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

namespace facecert::harness {

std::string secure_erase_file(const std::filesystem::path& file) {
  std::string problem;
  const int fd = ::open(file.c_str(), O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    problem = fmt::format("{}: cannot open to overwrite: {}", file.string(), std::strerror(errno));
  } else {
    struct stat st {};
    if (::fstat(fd, &st) == 0) {
      const std::vector<char> zeros(1 << 16, 0);
      off_t done = 0;
      while (done < st.st_size) {
        const std::size_t n = static_cast<std::size_t>(std::min<off_t>(st.st_size - done, static_cast<off_t>(zeros.size())));
        const ssize_t w = ::pwrite(fd, zeros.data(), n, done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
          problem = fmt::format("{}: overwrite failed: {}", file.string(), std::strerror(errno));
          break;
        }
        done += w;
      }
      if (::fsync(fd) != 0 && problem.empty())
        problem = fmt::format("{}: sync failed: {}", file.string(), std::strerror(errno));
    }
    ::close(fd);
  }
  std::error_code ec;
  std::filesystem::remove(file, ec);
  if (ec) problem = fmt::format("{}: cannot remove: {}", file.string(), ec.message());
  return problem;
}

std::string secure_erase_tree(const std::filesystem::path& dir) {
  std::string first;
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != std::filesystem::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file() && !it->is_symlink()) files.push_back(it->path());
  if (ec) first = fmt::format("{}: cannot list: {}", dir.string(), ec.message());
  for (const auto& f : files)
    if (auto p = secure_erase_file(f); !p.empty() && first.empty()) first = p;
  std::filesystem::remove_all(dir, ec);
  if (ec && first.empty()) first = fmt::format("{}: cannot remove: {}", dir.string(), ec.message());
  return first;
}

}  // namespace facecert::harness
