#include "byte_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "facecert/probes/storage_carver.h"

namespace facecert::probes::carve {

FileSource::FileSource(const std::filesystem::path& file) : path_(file) {
  // O_NONBLOCK: opening a FIFO must not hang the carver (it is refused just below).
  fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd_ < 0) throw CarveInputError(fmt::format("{}: cannot open: {}", file.string(), std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))) {
    ::close(fd_);
    throw CarveInputError(fmt::format("{}: not a regular file or block device", file.string()));
  }
  const off_t end = ::lseek(fd_, 0, SEEK_END);  // a block device's size is not in st_size
  size_ = end > 0 ? static_cast<std::uint64_t>(end) : 0;
  ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t FileSource::read(std::uint64_t offset, std::uint8_t* dst, std::size_t n) const {
  std::size_t done = 0;
  while (done < n) {
    const ssize_t r = ::pread(fd_, dst + done, n - done, static_cast<off_t>(offset + done));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0)
      throw CarveInputError(fmt::format("{}: read error at offset {}: {}", path_.string(), offset + done,
                                        std::strerror(errno)));
    if (r == 0) break;
    done += static_cast<std::size_t>(r);
  }
  return done;
}

std::size_t MemorySource::read(std::uint64_t offset, std::uint8_t* dst, std::size_t n) const {
  if (offset >= bytes_.size()) return 0;
  const std::size_t k = std::min<std::size_t>(n, bytes_.size() - static_cast<std::size_t>(offset));
  std::memcpy(dst, bytes_.data() + offset, k);
  return k;
}

}  // namespace facecert::probes::carve
