#include "tar_index.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

namespace facecert::probes::carve {
namespace {

using Block = std::array<std::uint8_t, 512>;

std::string field(const Block& b, std::size_t at, std::size_t len) {
  const auto* p = reinterpret_cast<const char*>(b.data() + at);
  return std::string(p, strnlen(p, len));
}

// Octal, or base-256 when the high bit of the first byte is set (GNU, for sizes >= 8 GiB).
std::uint64_t number(const Block& b, std::size_t at, std::size_t len) {
  std::uint64_t v = 0;
  if (b[at] & 0x80) {
    for (std::size_t i = at + 1; i < at + len; ++i) v = v << 8 | b[i];
    return v;
  }
  for (std::size_t i = at; i < at + len && b[i] != 0 && b[i] != ' '; ++i) {
    if (b[i] < '0' || b[i] > '7') return UINT64_MAX;
    v = v << 3 | static_cast<std::uint64_t>(b[i] - '0');
  }
  return v;
}

bool checksum_ok(const Block& b) {
  const std::uint64_t want = number(b, 148, 8);
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < b.size(); ++i) sum += (i >= 148 && i < 156) ? ' ' : b[i];
  return want == sum;
}

bool all_zero(const Block& b) {
  return std::all_of(b.begin(), b.end(), [](std::uint8_t c) { return c == 0; });
}

std::string read_text(const ByteSource& src, std::uint64_t offset, std::uint64_t size) {
  std::string s(static_cast<std::size_t>(std::min<std::uint64_t>(size, 65536)), '\0');
  s.resize(src.read(offset, reinterpret_cast<std::uint8_t*>(s.data()), s.size()));
  return s;
}

// "NN path=VALUE\n" records of a pax extended header.
std::string pax_path(const std::string& records) {
  std::size_t pos = 0;
  while (pos < records.size()) {
    const std::size_t space = records.find(' ', pos);
    if (space == std::string::npos) break;
    const std::size_t len = std::strtoull(records.c_str() + pos, nullptr, 10);
    if (len == 0 || pos + len > records.size()) break;
    const std::string_view rec(records.data() + space + 1, pos + len - space - 2);
    if (rec.starts_with("path=")) return std::string(rec.substr(5));
    pos += len;
  }
  return {};
}

}  // namespace

bool looks_like_tar(const ByteSource& source) {
  Block b{};
  if (source.read(0, b.data(), b.size()) != b.size()) return false;
  return std::memcmp(b.data() + 257, "ustar", 5) == 0 && checksum_ok(b);
}

std::vector<TarMember> read_tar_index(const ByteSource& source, std::vector<std::string>& warnings) {
  std::vector<TarMember> out;
  std::string long_name;
  for (std::uint64_t pos = 0; pos + 512 <= source.size();) {
    Block b{};
    if (source.read(pos, b.data(), b.size()) != b.size() || all_zero(b)) break;
    const std::uint64_t size = number(b, 124, 12);
    if (!checksum_ok(b) || size == UINT64_MAX) {
      warnings.push_back(fmt::format("{}: tar header at offset {} is damaged; members after it are not named",
                                     source.name(), pos));
      break;
    }
    const char type = static_cast<char>(b[156]);
    const std::uint64_t data = pos + 512;
    if (type == 'L') {
      long_name = read_text(source, data, size);
      long_name.resize(strnlen(long_name.c_str(), long_name.size()));
    } else if (type == 'x') {
      long_name = pax_path(read_text(source, data, size));
    } else if (type == '0' || type == '\0' || type == '7') {
      std::string name = long_name;
      if (name.empty()) {
        const std::string prefix = field(b, 345, 155);
        name = (prefix.empty() ? "" : prefix + "/") + field(b, 0, 100);
      }
      out.push_back({data, size, std::move(name)});
      long_name.clear();
    } else if (type != 'g') {
      long_name.clear();
    }
    pos = data + (size + 511) / 512 * 512;
  }
  return out;
}

const TarMember* tar_member_at(const std::vector<TarMember>& members, std::uint64_t offset) {
  auto it = std::upper_bound(members.begin(), members.end(), offset,
                             [](std::uint64_t o, const TarMember& m) { return o < m.data_offset; });
  if (it == members.begin()) return nullptr;
  --it;
  return offset < it->data_offset + it->size ? &*it : nullptr;
}

}  // namespace facecert::probes::carve
