// Clause 7.2: the system must have no real-time link to the internet. A flow with a public
// address at either end is one (what counts as public: is_public_address, network_policy.h).
#include <fmt/format.h>

#include "facecert/probes/flow_auditor.h"

namespace facecert::probes {
namespace {

class InternetDestinationAuditor final : public FlowAuditor {
 public:
  void audit(const Flow& flow, DetectorSink& sink) override {
    for (const bool client : {false, true}) {  // the server first: that is where it went
      const std::string& text = client ? flow.client_ip : flow.server_ip;
      const auto ip = parse_ip(text);
      if (!ip || !is_public_address(*ip)) continue;
      Finding f;
      f.kind = "internet-destination";
      f.severity = "fail";
      f.description = fmt::format("{} {} is a public (internet) address ({} packets, {} bytes)",
                                  client ? "client" : "server", text, flow.summary.packets,
                                  flow.summary.bytes_c2s + flow.summary.bytes_s2c);
      f.details = {{"address", text}, {"role", client ? "client" : "server"}, {"clause", "7.2"}};
      sink.report_flow(flow, std::move(f));
    }
  }
};

const FlowAuditorRegistration kRegistration{"internet-destination", 20, [](const AnalyzeOptions&) {
                                              return std::make_unique<InternetDestinationAuditor>();
                                            }};

}  // namespace
}  // namespace facecert::probes
