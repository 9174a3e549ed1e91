#include "flow_finalize.h"

#include <fmt/format.h>

#include "../tls/tls_summary.h"
#include "app_classifier.h"

namespace facecert::probes::traffic {
namespace {

void stream_warnings(const Flow& flow, const TcpStream& s, const char* dir,
                     std::vector<std::string>& warnings) {
  const std::string where = fmt::format("flow {} {}", flow.summary.text(), dir);
  if (!s.gaps().empty()) {
    std::uint64_t missing = 0;
    for (const auto& g : s.gaps()) missing += g.length;
    const auto& g = s.gaps().front();
    warnings.push_back(fmt::format(
        "{}: {} gap(s) in the capture, {} bytes missing; first at stream offset {} (resumes at "
        "frame {}); bytes across a gap are not joined",
        where, s.gaps().size(), group_thousands(missing), g.offset, g.next_frame));
  }
  if (!s.conflicts().empty()) {
    const auto& c = s.conflicts().front();
    warnings.push_back(fmt::format(
        "{}: {} retransmission(s) with different bytes for data already seen; first at stream "
        "offset {} ({} bytes, frame {}); the first copy was kept",
        where, s.conflicts().size(), c.offset, c.length, c.frame));
  }
  if (s.capped())
    warnings.push_back(fmt::format(
        "{}: reassembly limit reached; bytes from stream offset {} on were counted but not "
        "analysed",
        where, s.capped_at()));
}

}  // namespace

std::string group_thousands(std::uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

void classify_flow_bytes(Flow& flow) {
  if (flow.classified || flow.summary.transport != "tcp") return;
  flow.classified = true;
  auto first_chunk = [](const TcpStream& s) {
    return s.chunks().empty() ? std::span<const std::uint8_t>{}
                              : std::span<const std::uint8_t>(s.chunks().front().bytes);
  };
  const auto c2s = classify_direction(first_chunk(flow.c2s));
  const auto s2c = classify_direction(first_chunk(flow.s2c));
  const auto guess = classify_flow(c2s, flow.c2s.chunks().empty(), s2c, flow.s2c.chunks().empty());
  flow.summary.app = guess.app;
  flow.summary.encrypted = guess.encrypted;
  tls::read_flow_handshake(flow);
}

void finalize_flow(Flow& flow, std::vector<std::string>& warnings) {
  if (flow.summary.transport != "tcp") return;
  flow.c2s.finish();
  flow.s2c.finish();
  classify_flow_bytes(flow);
  stream_warnings(flow, flow.c2s, "c2s", warnings);
  stream_warnings(flow, flow.s2c, "s2c", warnings);
}

}  // namespace facecert::probes::traffic
