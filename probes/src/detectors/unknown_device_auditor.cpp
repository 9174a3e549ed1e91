// Clause 7.1: only the declared devices may be on the system's network. With an allow list
// (--allow-devices), every flow end whose IP and Ethernet source MAC are both unlisted is reported.
#include <fmt/format.h>

#include "facecert/probes/flow_auditor.h"

namespace facecert::probes {
namespace {

class UnknownDeviceAuditor final : public FlowAuditor {
 public:
  explicit UnknownDeviceAuditor(std::shared_ptr<const DeviceAllowList> allowed)
      : allowed_(std::move(allowed)) {}

  void audit(const Flow& flow, DetectorSink& sink) override {
    if (!allowed_) return;
    for (const bool client : {true, false}) {
      const std::string& ip_text = client ? flow.client_ip : flow.server_ip;
      const std::string& mac = client ? flow.client_mac : flow.server_mac;
      const auto ip = parse_ip(ip_text);
      if (!ip || allowed_->allows(*ip, mac)) continue;
      Finding f;
      f.kind = "unknown-device";
      f.severity = "fail";
      f.description = fmt::format("{} {}{} is not in the device allow list",
                                  client ? "client" : "server", ip_text,
                                  mac.empty() ? "" : fmt::format(" (MAC {})", mac));
      f.details = {{"address", ip_text}, {"mac", mac}, {"role", client ? "client" : "server"},
                   {"clause", "7.1"}};
      sink.report_flow(flow, std::move(f));
    }
  }

 private:
  std::shared_ptr<const DeviceAllowList> allowed_;
};

const FlowAuditorRegistration kRegistration{"unknown-device", 30, [](const AnalyzeOptions& o) {
                                              return std::make_unique<UnknownDeviceAuditor>(
                                                  o.allowed_devices);
                                            }};

}  // namespace
}  // namespace facecert::probes
