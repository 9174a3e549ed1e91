#include "viid_fields.h"

#include <algorithm>
#include <cctype>
#include <ctime>

#include <fmt/format.h>
#include <openssl/evp.h>

namespace facecert::drivers::viid {
namespace {

int number(std::string_view s, std::size_t pos, std::size_t len) {
  int v = 0;
  for (std::size_t i = pos; i < pos + len; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool starts_with(std::span<const std::uint8_t> b, std::initializer_list<std::uint8_t> magic) {
  return b.size() >= magic.size() && std::equal(magic.begin(), magic.end(), b.begin());
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<std::string> time_problem(std::string_view t) {
  if (t.size() != 14 || !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return fmt::format("{} is not YYYYMMDDHHMMSS", quote_value(t));
  const int y = number(t, 0, 4), mo = number(t, 4, 2), d = number(t, 6, 2);
  const int h = number(t, 8, 2), mi = number(t, 10, 2), s = number(t, 12, 2);
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool date_ok = y >= 1970 && mo >= 1 && mo <= 12 && d >= 1 &&
                       d <= kDays[mo - 1] + (mo == 2 && leap(y) ? 1 : 0);
  if (!date_ok || h > 23 || mi > 59 || s > 59)
    return fmt::format("{} is not a valid date and time", quote_value(t));
  return std::nullopt;
}

std::string local_time(std::chrono::system_clock::time_point t) {
  const std::time_t shanghai = std::chrono::system_clock::to_time_t(t) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&shanghai, &tm);
  return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string image_format(std::span<const std::uint8_t> b) {
  if (starts_with(b, {0xFF, 0xD8, 0xFF})) return "jpeg";
  if (starts_with(b, {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A})) return "png";
  if (starts_with(b, {'G', 'I', 'F', '8'})) return "gif";
  if (starts_with(b, {'B', 'M'}) && b.size() > 26) return "bmp";
  return "";
}

bool file_format_matches(std::string_view file_format, std::string_view format) {
  const std::string f = lower(file_format);
  return f == format || (format == "jpeg" && f == "jpg");
}

std::string sha256_hex(std::span<const std::uint8_t> bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  std::string out;
  out.reserve(len * 2);
  for (unsigned i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

std::string quote_value(std::string_view text, std::size_t max) {
  if (text.size() <= max) return fmt::format("'{}'", text);
  return fmt::format("'{}...'", text.substr(0, max));
}

}  // namespace facecert::drivers::viid
