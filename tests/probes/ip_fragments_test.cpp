// IPv4 and IPv6 fragment reassembly: a face JPEG in one TCP segment, sent as IP fragments (out of
// order, overlapping), is found; a datagram with a fragment missing is reported, not guessed.
#include <gtest/gtest.h>

#include <algorithm>

#include "facecert/probes/traffic_analysis.h"
#include "probes/frame_builder_support.h"
#include "probes/http_stream_support.h"

namespace facecert::probes {
namespace {

using test::Bytes;
using test::TcpSegment;

void put16(Bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}

// Splits an IPv4 packet (20-byte header) into fragments of `size` payload bytes (a multiple of 8).
std::vector<Bytes> fragment_v4(const Bytes& ip, std::size_t size, std::uint16_t id) {
  const Bytes payload(ip.begin() + 20, ip.end());
  std::vector<Bytes> out;
  for (std::size_t off = 0; off < payload.size(); off += size) {
    const std::size_t n = std::min(size, payload.size() - off);
    Bytes f(ip.begin(), ip.begin() + 20);
    put16(f, 2, static_cast<std::uint16_t>(20 + n));
    put16(f, 4, id);
    put16(f, 6, static_cast<std::uint16_t>((off / 8) | (off + n < payload.size() ? 0x2000 : 0)));
    f.insert(f.end(), payload.begin() + static_cast<std::ptrdiff_t>(off), payload.begin() + static_cast<std::ptrdiff_t>(off + n));
    out.push_back(f);
  }
  return out;
}

// Splits an IPv6 packet (40-byte header, next header TCP) with fragment headers.
std::vector<Bytes> fragment_v6(const Bytes& ip, std::size_t size, std::uint32_t id) {
  const Bytes payload(ip.begin() + 40, ip.end());
  std::vector<Bytes> out;
  for (std::size_t off = 0; off < payload.size(); off += size) {
    const std::size_t n = std::min(size, payload.size() - off);
    Bytes f(ip.begin(), ip.begin() + 40);
    put16(f, 4, static_cast<std::uint16_t>(8 + n));
    f[6] = 44;  // fragment header follows
    const auto offset_flags = static_cast<std::uint16_t>(off | (off + n < payload.size() ? 1 : 0));
    const Bytes fh = {6, 0, static_cast<std::uint8_t>(offset_flags >> 8), static_cast<std::uint8_t>(offset_flags),
                      static_cast<std::uint8_t>(id >> 24), static_cast<std::uint8_t>(id >> 16),
                      static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id)};
    f.insert(f.end(), fh.begin(), fh.end());
    f.insert(f.end(), payload.begin() + static_cast<std::ptrdiff_t>(off), payload.begin() + static_cast<std::ptrdiff_t>(off + n));
    out.push_back(f);
  }
  return out;
}

Bytes face_post() {
  return test::http_message("POST /face HTTP/1.1", {"Content-Type: image/jpeg"},
                            test::encode_demo("astronaut.jpg", ".jpg", 256));
}

TrafficReport analyse(const std::vector<Bytes>& ip_packets) {
  test::TempDir dir;
  std::vector<Bytes> frames;
  for (const auto& p : ip_packets) frames.push_back(test::ethernet(p));
  test::write_capture(dir / "f.pcapng", 1, frames);
  return analyze_pcap(dir / "f.pcapng");
}

bool has(const TrafficReport& r, const std::string& kind) {
  return std::any_of(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.kind == kind; });
}

std::string warning_with(const TrafficReport& r, const std::string& text) {
  for (const auto& w : r.warnings)
    if (w.find(text) != std::string::npos) return w;
  return {};
}

TEST(IpFragments, Ipv4FragmentsOutOfOrderWithOverlapAreReassembled) {
  const Bytes ip = test::ip_packet({"10.9.0.1", "10.9.0.2", 41000, 80, 1, 1, test::kAck | test::kPsh, face_post()});
  auto frags = fragment_v4(ip, 1480, 77);
  ASSERT_GT(frags.size(), 3u);
  // Last fragment first, then the second, then a copy of the second with different bytes (before
  // the datagram completes): the first copy is kept and the conflict is said.
  Bytes forged = frags[1];
  std::fill(forged.begin() + 40, forged.end(), 0x00);
  std::vector<Bytes> order = {frags.back(), frags[1], forged};
  for (std::size_t i = frags.size() - 1; i-- > 2;) order.push_back(frags[i]);
  order.push_back(frags[0]);
  const auto report = analyse(order);
  EXPECT_TRUE(has(report, "plaintext-face-image"));
  const auto w = warning_with(report, "IP fragment(s)");
  EXPECT_NE(w.find("made 1 datagram(s)"), std::string::npos) << w;
  EXPECT_NE(w.find("1 overlapping fragment(s) with different bytes"), std::string::npos) << w;
}

TEST(IpFragments, Ipv6FragmentHeadersAreReassembled) {
  const Bytes ip = test::ip_packet({"fd00::1", "fd00::2", 41001, 80, 1, 1, test::kAck | test::kPsh, face_post()});
  const auto report = analyse(fragment_v6(ip, 1232, 0xBEEF));
  EXPECT_TRUE(has(report, "plaintext-face-image"));
  ASSERT_EQ(report.flows.size(), 1u);
  EXPECT_EQ(report.flows[0].server, "[fd00::2]:80");
}

TEST(IpFragments, AMissingFragmentIsReportedNotGuessed) {
  const Bytes ip = test::ip_packet({"10.9.0.1", "10.9.0.2", 41002, 80, 1, 1, test::kAck | test::kPsh, face_post()});
  auto frags = fragment_v4(ip, 1480, 78);
  frags.erase(frags.begin() + 1);
  const auto report = analyse(frags);
  EXPECT_FALSE(has(report, "plaintext-face-image"));
  const auto w = warning_with(report, "IP fragment(s)");
  EXPECT_NE(w.find("1 datagram(s) never completed"), std::string::npos) << w;
}

}  // namespace
}  // namespace facecert::probes
