// Shared check of the fuzz targets: a problem or description the analyser writes into its reports
// is one line of valid UTF-8 (the report JSON refuses anything else).
#pragma once

#include <cstddef>
#include <string_view>

namespace facecert::fuzz {

inline bool one_line_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) return false;  // control characters, CR and LF included
      ++i;
      continue;
    }
    const std::size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
    if (n == 0 || c > 0xf4 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f) || (c == 0xf0 && c1 < 0x90) ||
        (c == 0xf4 && c1 > 0x8f))
      return false;  // overlong, surrogate, beyond U+10FFFF
    i += n;
  }
  return true;
}

}  // namespace facecert::fuzz
