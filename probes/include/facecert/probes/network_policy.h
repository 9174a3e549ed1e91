// What the operator declares about the site network (clauses 7.0/7.1/7.2): secure zones and
// encryption gateways (docs/network-zones.md), the allowed devices, the expected VLAN tag.
// Loaded once and shared by the auditors through AnalyzeOptions.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace facecert::probes {

struct IpAddr {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};  // IPv4 in the first 4
  auto operator<=>(const IpAddr&) const = default;
};

struct IpSubnet {
  IpAddr base;  // host bits cleared
  int prefix = 0;
  bool contains(const IpAddr& a) const;
  std::string text() const;  // "192.168.10.0/24"
};

// "10.0.0.1", "fd00::1"; a bracketed "[fd00::1]" too. IPv4-mapped IPv6 becomes IPv4.
std::optional<IpAddr> parse_ip(std::string_view text);
// "10.0.0.0/8", "fd00::/8"; a bare address is a host route (/32, /128).
std::optional<IpSubnet> parse_subnet(std::string_view text);
// "aa:bb:cc:dd:ee:ff" or with '-', any case; returned lower case with ':'.
std::optional<std::string> parse_mac(std::string_view text);
// The address part of "ip:port" / "[ip6]:port" (FlowSummary::client and server).
std::optional<IpAddr> endpoint_ip(std::string_view endpoint);

// 7.2: not a private, loopback, link-local, CGNAT, multicast, broadcast or reserved address.
// Documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32) count as public:
// nothing on a site network should use them, and crafted captures use them for internet hosts.
bool is_public_address(const IpAddr& a);

struct SecureZone {
  std::string name;
  std::vector<IpSubnet> subnets;
};

struct NetworkZones {
  std::vector<SecureZone> zones;
  std::set<IpAddr> gateways;
  const SecureZone* zone_of(const IpAddr& a) const;  // first zone holding it, nullptr if none
  bool is_gateway(const IpAddr& a) const { return gateways.count(a) > 0; }
};

struct DeviceAllowList {
  std::set<IpAddr> addresses;
  std::set<std::string> macs;  // lower case, ':' separated
  bool allows(const IpAddr& ip, const std::string& mac) const;
};

struct VlanExpectation {
  std::optional<std::uint16_t> id;  // empty: any 802.1Q tag will do
};

// Throw ProbeError "FILE:LINE: what is wrong" on a malformed line, "FILE: ..." when unreadable.
NetworkZones load_network_zones(const std::filesystem::path& file);
DeviceAllowList load_device_allow_list(const std::filesystem::path& file);

}  // namespace facecert::probes
