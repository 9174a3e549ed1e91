#include "base64_text.h"

#include <array>

namespace facecert::probes::detectors {
namespace {

constexpr std::array<signed char, 256> make_table() {
  std::array<signed char, 256> t{};
  for (auto& v : t) v = -1;
  const char* std_alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(std_alpha[i])] = static_cast<signed char>(i);
  t[static_cast<unsigned char>('-')] = 62;  // URL-safe
  t[static_cast<unsigned char>('_')] = 63;
  return t;
}
constexpr auto kTable = make_table();

bool b64_char(char c) { return kTable[static_cast<unsigned char>(c)] >= 0; }

}  // namespace

std::vector<Base64Run> find_base64_runs(std::string_view text, std::size_t min_chars) {
  std::vector<Base64Run> out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!b64_char(text[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    bool url = false, std_only = false;
    while (j < text.size() && b64_char(text[j])) {
      url = url || text[j] == '-' || text[j] == '_';
      std_only = std_only || text[j] == '+' || text[j] == '/';
      ++j;
    }
    if (j - i >= min_chars && !(url && std_only)) {
      Base64Run r{i, j - i, {}, url};
      // data:image/jpeg;base64,<run>
      const auto comma = i > 0 && text[i - 1] == ',' ? i - 1 : std::string_view::npos;
      if (comma != std::string_view::npos && comma >= 7 && text.substr(comma - 7, 7) == ";base64") {
        const auto start = text.rfind("data:", comma);
        if (start != std::string_view::npos && comma - start < 100)
          r.media_type = std::string(text.substr(start + 5, comma - 7 - start - 5));
      }
      out.push_back(std::move(r));
    }
    i = j;
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view b64, std::size_t shift) {
  if (shift >= b64.size()) return std::nullopt;
  b64.remove_prefix(shift);
  while (!b64.empty() && b64.back() == '=') b64.remove_suffix(1);
  if (b64.size() % 4 == 1) b64.remove_suffix(1);  // a lone trailing character carries no byte
  std::string out;
  out.reserve(b64.size() / 4 * 3 + 2);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : b64) {
    const int v = kTable[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    acc = (acc << 6 | static_cast<std::uint32_t>(v)) & 0xFFFFFF;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace facecert::probes::detectors
