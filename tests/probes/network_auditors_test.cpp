// Network-level findings on crafted captures: internet-destination (7.2), unknown-device and
// no-vlan (7.1), secure zones and encryption gateways (7.0). Crafted bytes only: nothing is sent.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "facecert/probes/traffic_analysis.h"
#include "probes/frame_builder_support.h"

namespace facecert::probes {
namespace {

using test::Bytes;
using test::TcpSegment;

// A TCP connection cl:40000 -> sv:80 (handshake, then `c2s` in 1400-byte segments) as Ethernet
// frames carrying the given VLAN tags (test::ethernet: ids 100, 101, ...).
std::vector<Bytes> connection(const std::string& cl, const std::string& sv, const Bytes& c2s,
                              const std::vector<std::uint16_t>& tpids = {}) {
  std::vector<TcpSegment> segs = {{cl, sv, 40000, 80, 100, 0, test::kSyn, {}},
                                  {sv, cl, 80, 40000, 900, 101, test::kSyn | test::kAck, {}},
                                  {cl, sv, 40000, 80, 101, 901, test::kAck, {}}};
  for (std::size_t off = 0; off < c2s.size(); off += 1400) {
    const auto end = std::min(c2s.size(), off + 1400);
    segs.push_back({cl, sv, 40000, 80, static_cast<std::uint32_t>(101 + off), 901,
                    test::kAck | test::kPsh,
                    Bytes(c2s.begin() + static_cast<std::ptrdiff_t>(off),
                          c2s.begin() + static_cast<std::ptrdiff_t>(end))});
  }
  std::vector<Bytes> frames;
  for (const auto& s : segs) frames.push_back(test::ethernet(test::ip_packet(s), tpids));
  return frames;
}

Bytes face_post() {
  const Bytes jpeg = test::read_file(test::demo_dir() / "astronaut.jpg");
  Bytes out = test::bytes_of("POST /api/face HTTP/1.1\r\nHost: device\r\nContent-Type: image/jpeg\r\n"
                             "Content-Length: " + std::to_string(jpeg.size()) + "\r\n\r\n");
  out.insert(out.end(), jpeg.begin(), jpeg.end());
  return out;
}

TrafficReport analyze(const std::vector<Bytes>& frames, const AnalyzeOptions& o = {}) {
  test::TempDir dir;
  test::write_capture(dir / "t.pcapng", 1, frames);
  return analyze_pcap(dir / "t.pcapng", o);
}

std::vector<const Finding*> of_kind(const TrafficReport& r, const std::string& kind) {
  std::vector<const Finding*> out;
  for (const auto& f : r.findings)
    if (f.kind == kind) out.push_back(&f);
  return out;
}

std::shared_ptr<const NetworkZones> zones_of(const std::string& text) {
  test::TempDir dir;
  std::ofstream(dir / "zones.txt") << text;
  return std::make_shared<const NetworkZones>(load_network_zones(dir / "zones.txt"));
}

const char* kSiteZones =
    "zone vault 192.168.10.0/24 fd00:10::/64\n"
    "zone lobby 10.1.0.0/16\n"
    "gateway 10.9.0.1 10.9.0.2\n";

TEST(NetworkAuditors, FlowToPublicAddressIsInternetDestination) {
  const auto r = analyze(connection("192.168.1.10", "8.8.8.8", test::bytes_of("GET / HTTP/1.1\r\n\r\n")));
  const auto found = of_kind(r, "internet-destination");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, "fail");
  EXPECT_EQ(found[0]->flow, "192.168.1.10:40000 -> 8.8.8.8:80 tcp");
  EXPECT_EQ(found[0]->details["address"], "8.8.8.8");
  EXPECT_EQ(found[0]->details["role"], "server");
  EXPECT_EQ(found[0]->packets, std::vector<std::uint64_t>{1});
  EXPECT_TRUE(r.has_fail());
}

TEST(NetworkAuditors, PublicIpv6ClientIsInternetDestination) {
  const auto r = analyze(connection("2001:4860:4860::8888", "fd00:10::5", test::bytes_of("x")));
  const auto found = of_kind(r, "internet-destination");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->details["role"], "client");
}

TEST(NetworkAuditors, PrivateFlowIsNoInternetDestination) {  // near miss
  const auto r = analyze(connection("192.168.1.10", "192.168.1.20", test::bytes_of("GET / HTTP/1.1\r\n\r\n")));
  EXPECT_TRUE(r.findings.empty());
  EXPECT_FALSE(r.has_fail());
  const auto r6 = analyze(connection("fe80::1", "fd00:10::5", test::bytes_of("x")));
  EXPECT_TRUE(of_kind(r6, "internet-destination").empty());
}

TEST(NetworkAuditors, EndpointMissingFromAllowListIsUnknownDevice) {
  AnalyzeOptions o;
  auto allowed = std::make_shared<DeviceAllowList>();
  allowed->addresses.insert(parse_ip("192.168.1.10").value());
  o.allowed_devices = allowed;
  const auto r = analyze(connection("192.168.1.10", "192.168.1.20", test::bytes_of("hello")), o);
  const auto found = of_kind(r, "unknown-device");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, "fail");
  EXPECT_EQ(found[0]->details["address"], "192.168.1.20");
  EXPECT_EQ(found[0]->details["mac"], "06:07:08:09:0a:0b");
  EXPECT_NE(found[0]->description.find("192.168.1.20"), std::string::npos);
  EXPECT_TRUE(r.has_fail());

  allowed->addresses.insert(parse_ip("192.168.1.20").value());  // both listed: clean
  EXPECT_TRUE(analyze(connection("192.168.1.10", "192.168.1.20", test::bytes_of("hello")), o).findings.empty());
}

TEST(NetworkAuditors, ListedMacAllowsTheDevice) {
  AnalyzeOptions o;
  auto allowed = std::make_shared<DeviceAllowList>();
  allowed->macs.insert("06:07:08:09:0a:0b");  // test::ethernet's source MAC
  o.allowed_devices = allowed;
  EXPECT_TRUE(analyze(connection("192.168.1.10", "192.168.1.20", test::bytes_of("x")), o).findings.empty());
}

TEST(NetworkAuditors, ExpectVlanWarnsOnUntaggedAndOtherIds) {
  AnalyzeOptions o;
  o.expect_vlan = VlanExpectation{100};
  const Bytes data = test::bytes_of("hello");
  const auto tagged = analyze(connection("192.168.1.10", "192.168.1.20", data, {0x8100}), o);
  EXPECT_TRUE(tagged.findings.empty());
  ASSERT_EQ(tagged.flows.size(), 1u);
  EXPECT_EQ(tagged.flows[0].vlan, std::vector<std::uint16_t>{100});
  EXPECT_EQ(tagged.to_json()["flows"][0]["vlan"], nlohmann::json::array({100}));

  const auto untagged = analyze(connection("192.168.1.10", "192.168.1.20", data), o);
  auto found = of_kind(untagged, "no-vlan");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->severity, "warn");
  EXPECT_EQ(found[0]->description, "4 of its 4 frames carry no 802.1Q tag");
  EXPECT_FALSE(untagged.has_fail());

  o.expect_vlan = VlanExpectation{200};
  const auto other_id = analyze(connection("192.168.1.10", "192.168.1.20", data, {0x8100}), o);
  found = of_kind(other_id, "no-vlan");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->description, "tagged VLAN 100 (expected 200)");

  o.expect_vlan = VlanExpectation{};  // any tag
  EXPECT_TRUE(analyze(connection("192.168.1.10", "192.168.1.20", data, {0x8100}), o).findings.empty());
  AnalyzeOptions none;  // not asked: untagged is fine
  EXPECT_TRUE(analyze(connection("192.168.1.10", "192.168.1.20", data), none).findings.empty());
}

TEST(NetworkAuditors, ExpectVlanOnPartlyTaggedFlow) {
  AnalyzeOptions o;
  o.expect_vlan = VlanExpectation{100};
  auto frames = connection("192.168.1.10", "192.168.1.20", test::bytes_of("hello"), {0x8100});
  frames[1] = connection("192.168.1.10", "192.168.1.20", test::bytes_of("hello"))[1];
  const auto r = analyze(frames, o);
  const auto found = of_kind(r, "no-vlan");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->description, "1 of its 4 frames carry no 802.1Q tag");
}

TEST(NetworkAuditors, ClearFaceInsideOneZoneIsInfoNotFail) {
  AnalyzeOptions o;
  o.zones = zones_of(kSiteZones);
  const auto r = analyze(connection("192.168.10.5", "192.168.10.6", face_post()), o);
  ASSERT_EQ(r.findings.size(), 1u);
  const Finding& f = r.findings[0];
  EXPECT_EQ(f.kind, "plaintext-in-secure-zone");
  EXPECT_EQ(f.severity, "info");
  EXPECT_EQ(f.details["original_kind"], "plaintext-face-image");
  EXPECT_EQ(f.details["original_severity"], "fail");
  EXPECT_EQ(f.details["zone"], "vault");
  EXPECT_EQ(f.details["faces"], 1);
  EXPECT_FALSE(r.has_fail());
}

TEST(NetworkAuditors, ClearFaceCrossingZonesStaysFail) {
  AnalyzeOptions o;
  o.zones = zones_of(kSiteZones);
  const auto crossing = analyze(connection("192.168.10.5", "10.1.0.5", face_post()), o);
  ASSERT_EQ(of_kind(crossing, "plaintext-face-image").size(), 1u);
  EXPECT_EQ(of_kind(crossing, "plaintext-face-image")[0]->severity, "fail");
  EXPECT_TRUE(of_kind(crossing, "plaintext-in-secure-zone").empty());
  EXPECT_TRUE(crossing.has_fail());
  // One end in a zone, the other in none: also leaves it.
  EXPECT_TRUE(analyze(connection("192.168.10.5", "192.168.20.5", face_post()), o).has_fail());
  // No zones declared: everything leaves the secure environment (the default).
  EXPECT_TRUE(analyze(connection("192.168.10.5", "192.168.10.6", face_post())).has_fail());
}

TEST(NetworkAuditors, GatewayPairCountsAsEncrypted) {
  AnalyzeOptions o;
  o.zones = zones_of(kSiteZones);
  const auto r = analyze(connection("10.9.0.1", "10.9.0.2", face_post()), o);
  ASSERT_EQ(r.flows.size(), 1u);
  EXPECT_EQ(r.flows[0].encrypted, "true");
  EXPECT_FALSE(r.has_fail());
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].kind, "gateway-encrypted");
  EXPECT_EQ(r.findings[0].severity, "info");
  // Only one end a gateway: searched as usual.
  const auto half = analyze(connection("10.9.0.1", "10.9.0.3", face_post()), o);
  EXPECT_EQ(half.flows[0].encrypted, "false");
  EXPECT_EQ(of_kind(half, "plaintext-face-image").size(), 1u);
}

}  // namespace
}  // namespace facecert::probes
