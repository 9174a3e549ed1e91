// GB/T 28181 video signalling without GB 35114 security (docs/gb28181.md): a warning, because the
// security may sit in a gateway or a VPN the capture does not show.
#include <fmt/format.h>

#include "facecert/probes/flow_auditor.h"
#include "gb28181_audit.h"

namespace facecert::probes {
namespace {

class Gb28181Auditor final : public FlowAuditor {
 public:
  void audit(const Flow& flow, DetectorSink& sink) override {
    if (flow.summary.app != "sip") return;
    nlohmann::json facts = audit_gb28181(flow);
    sink.note_flow("gb28181", facts);  // the flow's summary carries what the signalling showed
    if (!facts["gb28181"].get<bool>() || facts["gb35114"]["present"].get<bool>()) return;
    Finding f;
    f.kind = "gb35114-absent";
    f.severity = "warn";
    f.description = fmt::format(
        "GB/T 28181 signalling ({} SIP messages) shows no GB 35114 security: no certificate "
        "registration, no SM3 Note: Digest, no SafetyWay, no VKEK",
        facts["messages"].get<std::size_t>());
    f.details = std::move(facts);
    sink.report_flow(flow, std::move(f));
  }
};

const FlowAuditorRegistration kRegistration{
    "gb28181", 50, [](const AnalyzeOptions&) { return std::make_unique<Gb28181Auditor>(); }};

}  // namespace
}  // namespace facecert::probes
