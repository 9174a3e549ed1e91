#include "secure_erase.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

namespace facecert::refdev {
namespace {

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

[[noreturn]] void fail(const std::filesystem::path& file, const char* what) {
  throw std::runtime_error(
      fmt::format("{}: cannot {}: {}", file.string(), what, std::strerror(errno)));
}

void overwrite_with_zeros(const std::filesystem::path& file) {
  Fd f{::open(file.c_str(), O_WRONLY | O_CLOEXEC)};
  if (f.fd < 0) {
    if (errno == ENOENT) return;
    fail(file, "open for erasing");
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) fail(file, "stat");
  const std::vector<char> zeros(64 * 1024, 0);
  for (off_t done = 0; done < st.st_size;) {
    const auto chunk = static_cast<std::size_t>(
        std::min<off_t>(static_cast<off_t>(zeros.size()), st.st_size - done));
    const ssize_t n = ::pwrite(f.fd, zeros.data(), chunk, done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail(file, "overwrite");
    done += n;
  }
  if (::fsync(f.fd) != 0) fail(file, "fsync");
}

void sync_folder(const std::filesystem::path& dir) {
  Fd d{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (d.fd >= 0) ::fsync(d.fd);
}

}  // namespace

void erase_file(const std::filesystem::path& file, EraseMode mode) {
  if (mode == EraseMode::OverwriteThenUnlink) overwrite_with_zeros(file);
  if (::unlink(file.c_str()) != 0 && errno != ENOENT) fail(file, "unlink");
  if (mode == EraseMode::OverwriteThenUnlink) sync_folder(file.parent_path());
}

}  // namespace facecert::refdev
