// A ustar (POSIX.1-1988) archive writer: 512-byte headers with checksum, regular files and
// directories, two zero blocks at the end. Used for the storage dump (GET storage/dump).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace facecert::refdev {

class TarWriter {
 public:
  explicit TarWriter(std::string& out) : out_(out) {}
  // `path` is relative, '/'-separated; up to 255 bytes (split into prefix and name at a '/').
  // Throws std::invalid_argument when it does not fit.
  void add_directory(std::string_view path, unsigned mode, std::int64_t mtime);
  void add_file(std::string_view path, std::string_view content, unsigned mode,
                std::int64_t mtime);
  void finish();  // the end-of-archive marker; nothing may be added afterwards

 private:
  void header(std::string_view path, char type, std::uint64_t size, unsigned mode,
              std::int64_t mtime);
  std::string& out_;
};

}  // namespace facecert::refdev
