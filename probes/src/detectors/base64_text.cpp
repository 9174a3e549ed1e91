#include "base64_text.h"

#include <array>
#include <cstdint>

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

// Per character: 1 a base64 character, 2 one of the URL-safe alphabet's own ('-', '_'), 4 one of the
// standard alphabet's own ('+', '/'); one lookup a character while scanning text for runs.
constexpr std::array<std::uint8_t, 256> make_classes() {
  std::array<std::uint8_t, 256> c{};
  for (int i = 0; i < 256; ++i) c[static_cast<std::size_t>(i)] = kTable[static_cast<std::size_t>(i)] >= 0 ? 1 : 0;
  c['-'] |= 2;
  c['_'] |= 2;
  c['+'] |= 4;
  c['/'] |= 4;
  return c;
}
constexpr auto kClasses = make_classes();

std::uint8_t char_class(char c) { return kClasses[static_cast<unsigned char>(c)]; }

}  // namespace

std::vector<Base64Run> find_base64_runs(std::string_view text, std::size_t min_chars) {
  std::vector<Base64Run> out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!(char_class(text[i]) & 1)) {
      ++i;
      continue;
    }
    std::size_t j = i;
    std::uint8_t seen = 0;
    for (std::uint8_t c; j < text.size() && ((c = char_class(text[j])) & 1); ++j) seen |= c;
    const bool url = seen & 2, std_only = seen & 4;
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
  // Four characters to three bytes at a time (images of tens of kB go through here), the last
  // two or three characters to one or two bytes.
  const std::size_t quads = b64.size() / 4, rest = b64.size() % 4;
  std::string out(quads * 3 + (rest == 0 ? 0 : rest - 1), '\0');
  const auto* in = reinterpret_cast<const unsigned char*>(b64.data());
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  for (std::size_t q = 0; q < quads; ++q, in += 4, o += 3) {
    const int a = kTable[in[0]], b = kTable[in[1]], c = kTable[in[2]], d = kTable[in[3]];
    if ((a | b | c | d) < 0) return std::nullopt;
    const auto v = static_cast<std::uint32_t>(a << 18 | b << 12 | c << 6 | d);
    o[0] = static_cast<unsigned char>(v >> 16);
    o[1] = static_cast<unsigned char>(v >> 8);
    o[2] = static_cast<unsigned char>(v);
  }
  if (rest >= 2) {
    const int a = kTable[in[0]], b = kTable[in[1]], c = rest == 3 ? kTable[in[2]] : 0;
    if ((a | b | c) < 0) return std::nullopt;
    const auto v = static_cast<std::uint32_t>(a << 18 | b << 12 | c << 6);
    o[0] = static_cast<unsigned char>(v >> 16);
    if (rest == 3) o[1] = static_cast<unsigned char>(v >> 8);
  }
  return out;
}

}  // namespace facecert::probes::detectors
