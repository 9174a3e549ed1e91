// Site description files (docs/network-zones.md) and the address classes behind 7.1 / 7.2.
#include <gtest/gtest.h>

#include <fstream>

#include "facecert/probes/live_capture.h"
#include "facecert/probes/network_policy.h"
#include "probes/frame_builder_support.h"

namespace facecert::probes {
namespace {

IpAddr ip(const char* text) { return parse_ip(text).value(); }

std::filesystem::path write(const test::TempDir& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir / name) << text;
  return dir / name;
}

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ProbeError& e) {
    return e.what();
  }
  return "no error";
}

TEST(NetworkPolicy, PublicAddresses) {
  for (const char* pub : {"8.8.8.8", "1.1.1.1", "203.0.113.5", "2001:4860:4860::8888", "::ffff:8.8.8.8"})
    EXPECT_TRUE(is_public_address(ip(pub))) << pub;
  for (const char* priv : {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.20", "127.0.0.1",
                           "169.254.1.1", "100.64.0.1", "100.127.255.255", "224.0.0.251",
                           "255.255.255.255", "0.0.0.0", "::1", "::", "fe80::1", "fd12::1", "fc00::1",
                           "ff02::1", "::ffff:192.168.0.1"})
    EXPECT_FALSE(is_public_address(ip(priv))) << priv;
  // Near misses just outside the private blocks.
  EXPECT_TRUE(is_public_address(ip("172.32.0.1")));
  EXPECT_TRUE(is_public_address(ip("100.128.0.1")));
  EXPECT_TRUE(is_public_address(ip("fec0::1")));
}

TEST(NetworkPolicy, SubnetsAndEndpoints) {
  const auto s = parse_subnet("192.168.10.77/24").value();
  EXPECT_EQ(s.text(), "192.168.10.0/24");
  EXPECT_TRUE(s.contains(ip("192.168.10.1")));
  EXPECT_FALSE(s.contains(ip("192.168.11.1")));
  EXPECT_FALSE(s.contains(ip("fd00::1")));
  const auto s6 = parse_subnet("fd00:10::/64").value();
  EXPECT_TRUE(s6.contains(ip("fd00:10::5")));
  EXPECT_FALSE(s6.contains(ip("fd00:11::5")));
  EXPECT_FALSE(parse_subnet("10.0.0.0/33"));
  EXPECT_FALSE(parse_subnet("10.0.0.0/"));
  EXPECT_FALSE(parse_subnet("10.0.0/8"));
  EXPECT_EQ(endpoint_ip("[fd00::1]:443"), ip("fd00::1"));
  EXPECT_EQ(endpoint_ip("10.0.0.1:80"), ip("10.0.0.1"));
  EXPECT_EQ(parse_mac("AA-bb-CC-dd-EE-ff"), "aa:bb:cc:dd:ee:ff");
  EXPECT_FALSE(parse_mac("aa:bb:cc:dd:ee"));
}

TEST(NetworkPolicy, ZonesFileParses) {
  test::TempDir dir;
  const auto zones = load_network_zones(write(dir, "z.txt",
      "# site\n"
      "zone vault 192.168.10.0/24 fd00:10::/64   # server room\n"
      "\n"
      "zone lobby 10.1.0.0/16\n"
      "zone vault 192.168.11.0/24\n"
      "gateway 192.168.10.1 10.1.0.1\n"));
  ASSERT_EQ(zones.zones.size(), 2u);
  EXPECT_EQ(zones.zones[0].subnets.size(), 3u);
  EXPECT_EQ(zones.zone_of(ip("192.168.11.9"))->name, "vault");
  EXPECT_EQ(zones.zone_of(ip("fd00:10::9"))->name, "vault");
  EXPECT_EQ(zones.zone_of(ip("10.1.3.4"))->name, "lobby");
  EXPECT_EQ(zones.zone_of(ip("10.2.3.4")), nullptr);
  EXPECT_TRUE(zones.is_gateway(ip("10.1.0.1")));
  EXPECT_FALSE(zones.is_gateway(ip("10.1.0.2")));
}

TEST(NetworkPolicy, MalformedZonesFileNamesFileAndLine) {
  test::TempDir dir;
  const auto bad_cidr = write(dir, "z.txt", "zone vault 192.168.10.0/24\n# x\nzone lobby 10.1.0.0/40\n");
  EXPECT_EQ(error_of([&] { load_network_zones(bad_cidr); }),
            bad_cidr.string() + ":3: `10.1.0.0/40` is not an IPv4/IPv6 subnet (CIDR)");
  const auto bad_word = write(dir, "w.txt", "zones vault 10.0.0.0/8\n");
  EXPECT_EQ(error_of([&] { load_network_zones(bad_word); }),
            bad_word.string() + ":1: unknown keyword `zones` (expected zone or gateway)");
  const auto no_subnet = write(dir, "n.txt", "zone vault\n");
  EXPECT_EQ(error_of([&] { load_network_zones(no_subnet); }),
            no_subnet.string() + ":1: expected `zone NAME SUBNET...`");
  const auto bad_gw = write(dir, "g.txt", "gateway 10.0.0.300\n");
  EXPECT_EQ(error_of([&] { load_network_zones(bad_gw); }),
            bad_gw.string() + ":1: `10.0.0.300` is not an IP address");
  EXPECT_EQ(error_of([&] { load_network_zones(dir / "missing.txt"); }),
            (dir / "missing.txt").string() + ": cannot open");
}

TEST(NetworkPolicy, AllowListParsesAndNamesBadLines) {
  test::TempDir dir;
  const auto list = load_device_allow_list(write(
      dir, "a.txt", "# devices\n192.168.1.10\nfd00::5  # camera\n06:07:08:09:0A:0B\n"));
  EXPECT_TRUE(list.allows(ip("192.168.1.10"), ""));
  EXPECT_TRUE(list.allows(ip("fd00::5"), ""));
  EXPECT_TRUE(list.allows(ip("192.168.1.99"), "06:07:08:09:0a:0b"));
  EXPECT_FALSE(list.allows(ip("192.168.1.99"), "06:07:08:09:0a:0c"));
  const auto bad = write(dir, "b.txt", "192.168.1.10\ncamera-1\n");
  EXPECT_EQ(error_of([&] { load_device_allow_list(bad); }),
            bad.string() + ":2: `camera-1` is neither an IP nor a MAC address");
  const auto two = write(dir, "c.txt", "192.168.1.10 192.168.1.11\n");
  EXPECT_EQ(error_of([&] { load_device_allow_list(two); }),
            two.string() + ":1: expected one IP or MAC address per line");
}

}  // namespace
}  // namespace facecert::probes
