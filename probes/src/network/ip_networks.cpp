// Address and subnet parsing, and the public-address test of clause 7.2.
#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "facecert/probes/network_policy.h"

namespace facecert::probes {
namespace {

bool in(const IpAddr& a, std::initializer_list<std::uint8_t> prefix_bytes, int prefix) {
  IpSubnet s;
  s.base.v6 = a.v6;
  std::copy(prefix_bytes.begin(), prefix_bytes.end(), s.base.bytes.begin());
  s.prefix = prefix;
  return s.contains(a);
}

}  // namespace

bool IpSubnet::contains(const IpAddr& a) const {
  if (a.v6 != base.v6) return false;
  int bits = prefix;
  for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
    const auto mask = static_cast<std::uint8_t>(bits >= 8 ? 0xFF : 0xFF << (8 - bits));
    if ((a.bytes[i] & mask) != (base.bytes[i] & mask)) return false;
  }
  return true;
}

std::string IpSubnet::text() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(base.v6 ? AF_INET6 : AF_INET, base.bytes.data(), buf, sizeof buf);
  return fmt::format("{}/{}", buf, prefix);
}

std::optional<IpAddr> parse_ip(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  const std::string s(text);
  IpAddr a;
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) return a;
  if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
  a.v6 = true;
  static constexpr std::uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
  if (std::equal(std::begin(kMapped), std::end(kMapped), a.bytes.begin())) {
    IpAddr v4;
    std::copy_n(a.bytes.begin() + 12, 4, v4.bytes.begin());
    return v4;
  }
  return a;
}

std::optional<IpSubnet> parse_subnet(std::string_view text) {
  const auto slash = text.find('/');
  const auto ip = parse_ip(text.substr(0, slash));
  if (!ip) return std::nullopt;
  const int max = ip->v6 ? 128 : 32;
  int prefix = max;
  if (slash != std::string_view::npos) {
    const auto digits = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || prefix < 0 ||
        prefix > max)
      return std::nullopt;
  }
  IpSubnet s{*ip, prefix};
  for (int bit = prefix; bit < 128; ++bit)  // clear the host bits
    s.base.bytes[static_cast<std::size_t>(bit / 8)] &= static_cast<std::uint8_t>(~(0x80 >> (bit % 8)));
  return s;
}

std::optional<std::string> parse_mac(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i % 3 == 2) {
      if (c != ':' && c != '-') return std::nullopt;
      out += ':';
    } else {
      if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::optional<IpAddr> endpoint_ip(std::string_view endpoint) {
  if (!endpoint.empty() && endpoint.front() == '[') {
    const auto close = endpoint.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    return parse_ip(endpoint.substr(1, close - 1));
  }
  return parse_ip(endpoint.substr(0, endpoint.rfind(':')));
}

bool is_public_address(const IpAddr& a) {
  if (!a.v6)
    return !(in(a, {0}, 8) || in(a, {10}, 8) || in(a, {127}, 8) || in(a, {169, 254}, 16) ||
             in(a, {172, 16}, 12) || in(a, {192, 168}, 16) || in(a, {100, 64}, 10) ||
             in(a, {224}, 4) || in(a, {240}, 4));  // 240/4 reserved, 255.255.255.255 broadcast
  const bool unspecified_or_loopback =
      std::all_of(a.bytes.begin(), a.bytes.begin() + 15, [](std::uint8_t b) { return b == 0; }) &&
      a.bytes[15] <= 1;
  return !(unspecified_or_loopback || in(a, {0xFE, 0x80}, 10) || in(a, {0xFC}, 7) ||
           in(a, {0xFF}, 8));
}

const SecureZone* NetworkZones::zone_of(const IpAddr& a) const {
  for (const auto& z : zones)
    for (const auto& s : z.subnets)
      if (s.contains(a)) return &z;
  return nullptr;
}

bool DeviceAllowList::allows(const IpAddr& ip, const std::string& mac) const {
  return addresses.count(ip) > 0 || (!mac.empty() && macs.count(mac) > 0);
}

}  // namespace facecert::probes
