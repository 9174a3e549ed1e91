// The verdicts of 7.1 (network.dedicated-network) and 7.2 (network.no-internet-link) on crafted
// captures: a public destination is written into a file, never sent.
#include <gtest/gtest.h>

#include <pcap/pcap.h>

#include "facecert/harness/network_checks.h"
#include "facecert/probes/network_policy.h"
#include "facecert/probes/traffic_analysis.h"
#include "probes/frame_builder_support.h"

namespace fh = facecert::harness;
namespace fp = facecert::probes;
namespace ft = facecert::test;

namespace {

// One small TCP exchange (SYN, SYN/ACK, a request) between `client` and `server`, as Ethernet
// frames, tagged with VLAN 100 when `tagged`.
std::vector<ft::Bytes> exchange(const std::string& client, const std::string& server, bool tagged,
                                std::uint16_t sport = 40000) {
  const std::vector<std::uint16_t> tags = tagged ? std::vector<std::uint16_t>{0x8100}
                                                 : std::vector<std::uint16_t>{};
  ft::TcpSegment syn{client, server, sport, 443, 1, 0, ft::kSyn, {}};
  ft::TcpSegment synack{server, client, 443, sport, 100, 2, ft::kSyn | ft::kAck, {}};
  ft::TcpSegment data{client, server, sport, 443, 2, 101, ft::kAck | ft::kPsh,
                      ft::bytes_of("hello")};
  return {ft::ethernet(ft::ip_packet(syn), tags), ft::ethernet(ft::ip_packet(synack), tags),
          ft::ethernet(ft::ip_packet(data), tags)};
}

fp::TrafficReport analyse(const ft::TempDir& dir, const std::vector<std::vector<ft::Bytes>>& flows,
                          const fp::AnalyzeOptions& options = {}) {
  std::vector<ft::Bytes> frames;
  for (const auto& f : flows) frames.insert(frames.end(), f.begin(), f.end());
  const auto file = dir / "capture.pcapng";
  ft::write_capture(file, DLT_EN10MB, frames);
  return fp::analyze_pcap(file, options);
}

fp::AnalyzeOptions allowing(const std::vector<std::string>& ips, bool expect_vlan) {
  auto list = std::make_shared<fp::DeviceAllowList>();
  for (const auto& ip : ips) list->addresses.insert(*fp::parse_ip(ip));
  fp::AnalyzeOptions o;
  o.allowed_devices = list;
  if (expect_vlan) o.expect_vlan = fp::VlanExpectation{std::uint16_t{100}};
  return o;
}

}  // namespace

TEST(NoInternetLink, PublicDestinationFailsNamingTheAddress) {
  ft::TempDir dir;
  const auto report = analyse(dir, {exchange("192.168.10.21", "192.168.10.5", false),
                                    exchange("192.168.10.21", "203.0.113.7", false, 40001)});
  const auto out = fh::judge_no_internet_link(report, "test capture");
  EXPECT_EQ(out.verdict, fh::Verdict::Fail) << out.reason;
  EXPECT_NE(out.reason.find("203.0.113.7"), std::string::npos) << out.reason;
  EXPECT_EQ(out.reason.find("192.168.10.5,"), std::string::npos) << "private ends not blamed";
  EXPECT_EQ(out.measurements.at("public_addresses").size(), 1u);
}

TEST(NoInternetLink, PrivateFlowsPassAndNoFlowIsInconclusive) {
  ft::TempDir dir;
  const auto report = analyse(dir, {exchange("192.168.10.21", "10.1.2.3", false)});
  const auto out = fh::judge_no_internet_link(report, "test capture");
  EXPECT_EQ(out.verdict, fh::Verdict::Pass) << out.reason;
  EXPECT_NE(out.reason.find("1 flow(s), all to private/loopback addresses"), std::string::npos)
      << out.reason;
  EXPECT_EQ(fh::judge_no_internet_link(fp::TrafficReport{}, "x").verdict, fh::Verdict::Inconclusive);
}

TEST(DedicatedNetwork, RegisteredDevicesOnTheExpectedVlanPass) {
  ft::TempDir dir;
  const auto report = analyse(dir, {exchange("192.168.10.21", "192.168.10.5", true)},
                              allowing({"192.168.10.21", "192.168.10.5"}, true));
  const auto out = fh::judge_dedicated_network(report, {true, true, {100}, "eth1"});
  EXPECT_EQ(out.verdict, fh::Verdict::Pass) << out.reason;
  EXPECT_NE(out.reason.find("VLAN tag(s) 100"), std::string::npos) << out.reason;
  EXPECT_EQ(out.measurements.at("vlans_seen"), nlohmann::json::array({100}));
}

TEST(DedicatedNetwork, UnregisteredDeviceFailsNamingIt) {
  ft::TempDir dir;
  const auto report = analyse(dir, {exchange("192.168.10.21", "192.168.10.5", true),
                                    exchange("192.168.10.99", "192.168.10.5", true, 40001)},
                              allowing({"192.168.10.21", "192.168.10.5"}, true));
  const auto out = fh::judge_dedicated_network(report, {true, true, {100}, "eth1"});
  EXPECT_EQ(out.verdict, fh::Verdict::Fail) << out.reason;
  EXPECT_NE(out.reason.find("192.168.10.99"), std::string::npos) << out.reason;
  EXPECT_EQ(out.reason.find("192.168.10.21 "), std::string::npos) << out.reason;
}

TEST(DedicatedNetwork, UntaggedOrForeignVlanFailsWhenAVlanIsExpected) {
  ft::TempDir dir;
  const auto untagged = analyse(dir, {exchange("192.168.10.21", "192.168.10.5", false)},
                                allowing({"192.168.10.21", "192.168.10.5"}, true));
  const auto out = fh::judge_dedicated_network(untagged, {true, true, {100}, "eth1"});
  EXPECT_EQ(out.verdict, fh::Verdict::Fail) << out.reason;
  EXPECT_NE(out.reason.find("no 802.1Q tag"), std::string::npos) << out.reason;

  // Tag 100 while the profile expects 30 or 31 (several ids: judged by the case itself).
  ft::TempDir dir2;
  auto o = allowing({"192.168.10.21", "192.168.10.5"}, false);
  o.expect_vlan = fp::VlanExpectation{};
  const auto foreign = analyse(dir2, {exchange("192.168.10.21", "192.168.10.5", true)}, o);
  const auto out2 = fh::judge_dedicated_network(foreign, {true, true, {30, 31}, "eth1"});
  EXPECT_EQ(out2.verdict, fh::Verdict::Fail) << out2.reason;
  EXPECT_NE(out2.reason.find("tagged VLAN 100 (expected 30, 31)"), std::string::npos) << out2.reason;
}

TEST(DedicatedNetwork, WhatWasNotCheckedIsInconclusiveNotPassed) {
  ft::TempDir dir;
  const auto report = analyse(dir, {exchange("192.168.10.21", "192.168.10.5", true)});
  // No allow list declared.
  const auto no_list = fh::judge_dedicated_network(report, {false, true, {100}, "eth1"});
  EXPECT_EQ(no_list.verdict, fh::Verdict::Inconclusive) << no_list.reason;
  EXPECT_NE(no_list.reason.find("<allowed-device>"), std::string::npos) << no_list.reason;
  // No VLAN declared.
  ft::TempDir dir2;
  const auto listed = analyse(dir2, {exchange("192.168.10.21", "192.168.10.5", true)},
                              allowing({"192.168.10.21", "192.168.10.5"}, false));
  const auto no_vlan = fh::judge_dedicated_network(listed, {true, false, {}, "eth1"});
  EXPECT_EQ(no_vlan.verdict, fh::Verdict::Inconclusive) << no_vlan.reason;
  EXPECT_NE(no_vlan.reason.find("all 2 address(es) seen are registered"), std::string::npos)
      << no_vlan.reason;
  // Loopback: tags can never show, even when a VLAN is expected.
  ft::TempDir dir3;
  const auto lo = analyse(dir3, {exchange("127.0.0.1", "127.0.0.1", false)},
                          allowing({"127.0.0.1"}, true));
  const auto on_lo = fh::judge_dedicated_network(lo, {true, true, {100}, "lo"});
  EXPECT_EQ(on_lo.verdict, fh::Verdict::Inconclusive) << on_lo.reason;
  EXPECT_NE(on_lo.reason.find("loopback"), std::string::npos) << on_lo.reason;
  // Nothing captured.
  EXPECT_EQ(fh::judge_dedicated_network(fp::TrafficReport{}, {true, true, {}, "eth1"}).verdict,
            fh::Verdict::Inconclusive);
}
