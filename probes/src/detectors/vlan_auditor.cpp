// Clause 7.1: the system's network is kept apart (here: its own 802.1Q VLAN). With --expect-vlan,
// a flow with untagged Ethernet frames, or tagged with another id, is a warning: a capture on an
// access port sees frames already untagged, so this cannot be a sure fail.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "facecert/probes/flow_auditor.h"

namespace facecert::probes {
namespace {

class VlanAuditor final : public FlowAuditor {
 public:
  explicit VlanAuditor(std::optional<VlanExpectation> expect) : expect_(expect) {}

  void audit(const Flow& flow, DetectorSink& sink) override {
    if (!expect_) return;
    const FlowSummary& s = flow.summary;
    if (s.vlan.empty() && s.untagged_packets == 0) {  // no Ethernet header: nothing to judge
      if (!warned_no_link_)
        sink.warn("--expect-vlan: the capture has no Ethernet headers (e.g. Linux cooked), "
                  "VLAN tags cannot be checked");
      warned_no_link_ = true;
      return;
    }
    std::vector<std::uint16_t> other;
    for (auto id : s.vlan)
      if (expect_->id && id != *expect_->id) other.push_back(id);
    if (s.untagged_packets == 0 && other.empty()) return;
    std::string why;
    if (s.untagged_packets)
      why = fmt::format("{} of its {} frames carry no 802.1Q tag", s.untagged_packets, s.packets);
    if (!other.empty())
      why += fmt::format("{}tagged VLAN {} (expected {})", why.empty() ? "" : "; ",
                         fmt::join(other, ", "), *expect_->id);
    Finding f;
    f.kind = "no-vlan";
    f.severity = "warn";
    f.description = why;
    f.details = {{"vlan", s.vlan},
                 {"untagged_packets", s.untagged_packets},
                 {"expected", expect_->id ? nlohmann::json(*expect_->id) : nlohmann::json("any")},
                 {"clause", "7.1"}};
    sink.report_flow(flow, std::move(f));
  }

 private:
  std::optional<VlanExpectation> expect_;
  bool warned_no_link_ = false;
};

const FlowAuditorRegistration kRegistration{
    "vlan", 40, [](const AnalyzeOptions& o) { return std::make_unique<VlanAuditor>(o.expect_vlan); }};

}  // namespace
}  // namespace facecert::probes
