// RTP whose payload shows MPEG-PS or H.264 / H.265 framing in clear: a camera stream anyone on
// the path can watch, faces included. A warning: the video itself is not decoded, and GB 35114
// class C devices encrypt slice data inside clear PS / NAL framing (docs/gb28181.md).
#include <fmt/format.h>

#include "../traffic/app_classifier.h"
#include "facecert/probes/flow_auditor.h"

namespace facecert::probes {
namespace {

traffic::AppGuess direction_guess(const Flow& flow, bool c2s) {
  if (flow.summary.transport == "udp") return traffic::classify_datagrams(flow.datagrams(c2s));
  const auto& chunks = flow.stream(c2s).chunks();
  return chunks.empty() ? traffic::AppGuess{} : traffic::classify_direction(chunks.front().bytes);
}

class PlaintextVideoAuditor final : public FlowAuditor {
 public:
  void audit(const Flow& flow, DetectorSink& sink) override {
    if (flow.summary.app != "rtp" || flow.summary.encrypted != "false") return;
    for (bool c2s : {true, false}) {
      const auto guess = direction_guess(flow, c2s);
      if (guess.app != "rtp" || guess.encrypted != "false") continue;
      Finding f;
      f.kind = "plaintext-video";
      f.severity = "warn";
      f.direction = c2s ? "c2s" : "s2c";
      f.description = fmt::format("RTP {} carries {} video framing in clear", f.direction,
                                  guess.payload == "ps" ? "MPEG-PS" : guess.payload == "h264" ? "H.264" : "H.265");
      f.details = {{"payload", guess.payload}, {"transport", flow.summary.transport}};
      sink.report_flow(flow, std::move(f));
    }
  }
};

const FlowAuditorRegistration kRegistration{
    "plaintext-video", 55, [](const AnalyzeOptions&) { return std::make_unique<PlaintextVideoAuditor>(); }};

}  // namespace
}  // namespace facecert::probes
