#include <algorithm>
#include "probes/protocol_flow_support.h"

#include <random>
#include <stdexcept>

#include "facecert/probes/flow_auditor.h"

namespace facecert::test {

ByteVec text_bytes(std::string_view s) { return ByteVec(s.begin(), s.end()); }

ByteVec from_hex(std::string_view hex) {
  ByteVec out;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  int high = -1;
  for (char c : hex) {
    const int v = nibble(c);
    if (v < 0) continue;  // spaces and line breaks
    if (high < 0) high = v;
    else out.push_back(static_cast<std::uint8_t>(high << 4 | v)), high = -1;
  }
  return out;
}

ByteVec random_bytes(std::size_t n, std::uint32_t seed) {
  std::mt19937 gen(seed);
  std::uniform_int_distribution<int> d(0, 255);
  ByteVec out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(d(gen));
  return out;
}

probes::Flow tcp_flow(const ByteVec& c2s, const ByteVec& s2c, std::string app, std::string encrypted,
                      std::uint16_t port) {
  probes::Flow f;
  f.summary.client = "10.0.0.5:40000";
  f.summary.server = "10.0.0.9:" + std::to_string(port);
  f.summary.transport = "tcp";
  f.summary.app = std::move(app);
  f.summary.encrypted = std::move(encrypted);
  f.client_ip = "10.0.0.5";
  f.server_ip = "10.0.0.9";
  f.first_frame = 1;
  f.c2s.on_syn(1000);
  f.s2c.on_syn(5000);
  if (!c2s.empty()) f.c2s.on_segment(1001, c2s, 4);
  if (!s2c.empty()) f.s2c.on_segment(5001, s2c, 5);
  f.c2s.finish();
  f.s2c.finish();
  return f;
}

probes::Flow udp_flow(const std::vector<ByteVec>& c2s, const std::vector<ByteVec>& s2c,
                      std::string app, std::string encrypted) {
  probes::Flow f;
  f.summary.client = "10.0.0.5:40000";
  f.summary.server = "10.0.0.9:5060";
  f.summary.transport = "udp";
  f.summary.app = std::move(app);
  f.summary.encrypted = std::move(encrypted);
  f.client_ip = "10.0.0.5";
  f.server_ip = "10.0.0.9";
  f.first_frame = 1;
  std::uint64_t frame = 1;
  for (const auto& d : c2s) f.c2s_datagrams.push_back({d, frame++});
  for (const auto& d : s2c) f.s2c_datagrams.push_back({d, frame++});
  return f;
}

std::vector<probes::Finding> run_flow_auditor(const std::string& name, const probes::Flow& flow) {
  for (const auto& entry : probes::flow_auditor_table()) {
    if (entry.name != name) continue;
    probes::TrafficReport report;
    probes::DetectorSink sink(report);
    auto auditor = entry.make(probes::AnalyzeOptions{});
    auditor->audit(flow, sink);
    return report.findings;
  }
  throw std::runtime_error("no flow auditor named " + name);
}

ByteVec rtp_packet(std::uint16_t seq, std::uint32_t ssrc, std::uint8_t pt, const ByteVec& payload,
                   std::uint32_t timestamp) {
  // Sized first and filled in place: GCC 12 -O2 warns falsely (array-bounds) on an insert after
  // an initializer list here.
  ByteVec p(12 + payload.size());
  const std::uint8_t header[12] = {0x80, pt,
                                   static_cast<std::uint8_t>(seq >> 8), static_cast<std::uint8_t>(seq),
                                   static_cast<std::uint8_t>(timestamp >> 24), static_cast<std::uint8_t>(timestamp >> 16),
                                   static_cast<std::uint8_t>(timestamp >> 8), static_cast<std::uint8_t>(timestamp),
                                   static_cast<std::uint8_t>(ssrc >> 24), static_cast<std::uint8_t>(ssrc >> 16),
                                   static_cast<std::uint8_t>(ssrc >> 8), static_cast<std::uint8_t>(ssrc)};
  std::copy(std::begin(header), std::end(header), p.begin());
  std::copy(payload.begin(), payload.end(), p.begin() + 12);
  return p;
}

}  // namespace facecert::test
