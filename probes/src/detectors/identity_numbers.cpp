#include "facecert/probes/identity_numbers.h"

#include <array>

namespace facecert::probes::detectors {
namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
int num(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

bool valid_date(std::string_view ymd) {
  const int y = num(ymd.substr(0, 4)), m = num(ymd.substr(4, 2)), d = num(ymd.substr(6, 2));
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29) return leap;
  return d <= kDays[static_cast<std::size_t>(m - 1)];
}

}  // namespace

char gb11643_check_char(std::string_view first17) {
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr std::string_view kMap = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kMap[static_cast<std::size_t>(sum % 11)];
}

bool valid_resident_id(std::string_view id) {
  if (id.size() != 18) return false;
  for (std::size_t i = 0; i < 17; ++i)
    if (!digit(id[i])) return false;
  const char last = id[17] == 'x' ? 'X' : id[17];
  return (digit(last) || last == 'X') && gb11643_check_char(id) == last && valid_date(id.substr(6, 8));
}

std::vector<IdentityMatch> find_identity_numbers(std::string_view t) {
  std::vector<IdentityMatch> out;
  std::size_t i = 0;
  while (i < t.size()) {
    if (!digit(t[i]) || (i > 0 && digit(t[i - 1]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < t.size() && digit(t[j])) ++j;
    const std::size_t run = j - i;
    const bool x_end = run == 17 && j < t.size() && (t[j] == 'X' || t[j] == 'x');
    const bool alnum_after = j + (x_end ? 1 : 0) < t.size() &&
                             ((t[j + (x_end ? 1 : 0)] | 0x20) >= 'a' && (t[j + (x_end ? 1 : 0)] | 0x20) <= 'z');
    if ((run == 18 || x_end) && !alnum_after && valid_resident_id(t.substr(i, 18))) {
      std::string m = std::string(t.substr(i, 4)) + std::string(10, '*') + std::string(t.substr(i + 14, 4));
      if (m.back() == 'x') m.back() = 'X';
      out.push_back({"resident-id", m, i, 18});
    } else if (run == 11 && t[i] == '1' && t[i + 1] >= '3' && t[i + 1] <= '9' && !alnum_after) {
      out.push_back({"mobile", std::string(t.substr(i, 3)) + "****" + std::string(t.substr(i + 7, 4)), i, 11});
    }
    i = j;
  }
  return out;
}

std::string mask_identity(std::string_view text) {
  std::string out(text);
  for (const auto& m : find_identity_numbers(text)) out.replace(m.offset, m.length, m.masked);
  return out;
}

}  // namespace facecert::probes::detectors
