#include "tar_writer.h"

#include <array>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace facecert::refdev {
namespace {

constexpr std::size_t kBlock = 512;

// Octal, zero-padded to width-1 digits, NUL-terminated (the field is `width` bytes).
void put_octal(char* field, std::size_t width, std::uint64_t value) {
  const std::string digits = fmt::format("{:0{}o}", value, width - 1);
  if (digits.size() != width - 1)
    throw std::invalid_argument(fmt::format("tar: value {} does not fit {} bytes", value, width));
  std::memcpy(field, digits.data(), width - 1);
  field[width - 1] = '\0';
}

void put_text(char* field, std::size_t width, std::string_view text) {
  std::memcpy(field, text.data(), std::min(width, text.size()));
}

// ustar keeps up to 100 bytes in `name` and 155 more in `prefix`, split at a '/'.
std::pair<std::string_view, std::string_view> split_path(std::string_view path) {
  if (path.size() <= 100) return {"", path};
  for (std::size_t slash = path.find('/'); slash != std::string_view::npos && slash <= 155;
       slash = path.find('/', slash + 1))
    if (path.size() - slash - 1 <= 100) return {path.substr(0, slash), path.substr(slash + 1)};
  throw std::invalid_argument(fmt::format("tar: path too long for ustar: {}", path));
}

}  // namespace

void TarWriter::header(std::string_view path, char type, std::uint64_t size, unsigned mode,
                       std::int64_t mtime) {
  if (path.empty()) throw std::invalid_argument("tar: empty path");
  const auto [prefix, name] = split_path(path);
  std::array<char, kBlock> h{};
  put_text(&h[0], 100, name);
  put_octal(&h[100], 8, mode & 07777);
  put_octal(&h[108], 8, 0);  // uid
  put_octal(&h[116], 8, 0);  // gid
  put_octal(&h[124], 12, size);
  put_octal(&h[136], 12, static_cast<std::uint64_t>(mtime < 0 ? 0 : mtime));
  h[156] = type;
  put_text(&h[257], 6, std::string_view("ustar\0", 6));
  put_text(&h[263], 2, "00");
  put_text(&h[265], 32, "root");
  put_text(&h[297], 32, "root");
  put_text(&h[345], 155, prefix);
  // The checksum is the byte sum of the header with its own field read as eight spaces.
  std::memset(&h[148], ' ', 8);
  unsigned sum = 0;
  for (char c : h) sum += static_cast<unsigned char>(c);
  put_octal(&h[148], 7, sum);  // six digits, NUL, then the space already there
  out_.append(h.data(), h.size());
}

void TarWriter::add_directory(std::string_view path, unsigned mode, std::int64_t mtime) {
  std::string dir(path);
  if (!dir.empty() && dir.back() != '/') dir += '/';
  header(dir, '5', 0, mode, mtime);
}

void TarWriter::add_file(std::string_view path, std::string_view content, unsigned mode,
                         std::int64_t mtime) {
  header(path, '0', content.size(), mode, mtime);
  out_.append(content);
  out_.append((kBlock - content.size() % kBlock) % kBlock, '\0');
}

void TarWriter::finish() { out_.append(2 * kBlock, '\0'); }

}  // namespace facecert::refdev
