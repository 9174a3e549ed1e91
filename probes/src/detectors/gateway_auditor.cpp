// Clause 7.0: traffic between two declared encryption gateways (docs/network-zones.md) counts as
// encrypted; say so in the report, so a reader sees why the flow was not searched.
#include <fmt/format.h>

#include "../traffic/zone_policy.h"
#include "facecert/probes/flow_auditor.h"

namespace facecert::probes {
namespace {

class GatewayAuditor final : public FlowAuditor {
 public:
  explicit GatewayAuditor(std::shared_ptr<const NetworkZones> zones) : zones_(std::move(zones)) {}

  void audit(const Flow& flow, DetectorSink& sink) override {
    if (!zones_ || !traffic::between_gateways(flow, *zones_)) return;
    Finding f;
    f.kind = "gateway-encrypted";
    f.severity = "info";
    f.description = fmt::format("{} and {} are declared encryption gateways: counted as encrypted",
                                flow.client_ip, flow.server_ip);
    f.details = {{"client", flow.client_ip}, {"server", flow.server_ip}};
    sink.report_flow(flow, std::move(f));
  }

 private:
  std::shared_ptr<const NetworkZones> zones_;
};

const FlowAuditorRegistration kRegistration{
    "gateway", 5, [](const AnalyzeOptions& o) { return std::make_unique<GatewayAuditor>(o.zones); }};

}  // namespace
}  // namespace facecert::probes
