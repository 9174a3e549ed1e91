#include "base64_image.h"

#include <cstring>
#include <string>
#include <string_view>

#include "../detectors/base64_text.h"

namespace facecert::probes::carve {
namespace {

bool b64(std::uint8_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

bool starts(std::span<const std::uint8_t> b, std::size_t pos, std::string_view magic) {
  return pos + magic.size() <= b.size() && std::memcmp(b.data() + pos, magic.data(), magic.size()) == 0;
}

}  // namespace

bool base64_image_magic(std::span<const std::uint8_t> bytes, std::size_t pos) {
  return starts(bytes, pos, "/9j/") || starts(bytes, pos, "iVBORw0KGgo");
}

Base64Image base64_image_at(std::span<const std::uint8_t> bytes, std::size_t pos, std::size_t max_chars) {
  Base64Image out;
  std::string chars;
  std::size_t i = pos;
  const std::size_t end = bytes.size() - pos > max_chars ? pos + max_chars : bytes.size();
  while (i < end) {
    const std::uint8_t c = bytes[i];
    if (b64(c)) {
      chars += static_cast<char>(c);
      ++i;
    } else if (c == '\n' || c == '\r') {  // a wrapped line goes on only if base64 follows
      std::size_t j = i;
      while (j < end && (bytes[j] == '\n' || bytes[j] == '\r') && j - i < 2) ++j;
      if (j >= end || !b64(bytes[j])) break;
      i = j;
    } else {
      break;
    }
  }
  while (i < end && bytes[i] == '=' && i - pos < max_chars) ++i;
  out.text_length = i - pos;
  out.run_cut = i >= bytes.size();
  auto decoded = detectors::base64_decode(chars);
  if (!decoded) return out;
  out.decoded.assign(decoded->begin(), decoded->end());
  out.walk = detectors::walk_image(out.decoded, 0);
  return out;
}

}  // namespace facecert::probes::carve
