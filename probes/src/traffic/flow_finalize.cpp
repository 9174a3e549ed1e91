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
  if (flow.classified) return;
  flow.classified = true;
  const AppGuess guess = guess_flow_app(flow);  // TCP: first chunk each way; UDP: kept datagrams
  flow.summary.app = guess.app;
  flow.summary.encrypted = guess.encrypted;
  if (guess.app == "rtp" && !guess.payload.empty()) flow.summary.details["rtp"] = {{"payload", guess.payload}};
  tls::read_flow_handshake(flow);
}

void finalize_flow(Flow& flow, std::vector<std::string>& warnings) {
  if (flow.summary.transport != "tcp") return classify_flow_bytes(flow);
  flow.c2s.finish();
  flow.s2c.finish();
  classify_flow_bytes(flow);
  stream_warnings(flow, flow.c2s, "c2s", warnings);
  stream_warnings(flow, flow.s2c, "s2c", warnings);
}

}  // namespace facecert::probes::traffic
