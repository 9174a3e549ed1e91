#include "flow_analysis.h"

#include <algorithm>

#include "facecert/probes/live_capture.h"
#include "zone_policy.h"

namespace facecert::probes::traffic {
namespace {

template <typename Entry>
std::vector<Entry> sorted_by_order(std::vector<Entry> entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.order < b.order; });
  return entries;
}

}  // namespace

FlowAnalysis::FlowAnalysis(const AnalyzeOptions& options, TrafficReport& report)
    : options_(options), report_(report), sink_(report, options.max_findings_per_kind) {
  const auto detectors = sorted_by_order(stream_detector_table());
  if (detectors.empty())
    throw ProbeError("no stream detectors are linked in (link facecert_probes as a whole archive)");
  const auto auditors = sorted_by_order(flow_auditor_table());
  if (auditors.empty())
    throw ProbeError("no flow auditors are linked in (link facecert_probes as a whole archive)");
  for (const auto& e : detectors) detectors_.push_back(e.make(options));
  for (const auto& e : auditors) auditors_.push_back(e.make(options));
}

void FlowAnalysis::analyse(Flow& flow) {
  const NetworkZones* zones = options_.zones.get();
  if (zones && between_gateways(flow, *zones)) flow.summary.encrypted = "true";
  sink_.begin_flow(flow);
  for (auto& a : auditors_) a->audit(flow, sink_);  // every flow: how is it protected?
  scan_streams(flow);
  nlohmann::json noted = sink_.take_flow_details();  // a named value: items() only refers to it
  for (auto& [key, facts] : noted.items()) flow.summary.details[key] = std::move(facts);
  report_.flows.push_back(flow.summary);
}

void FlowAnalysis::scan_early(Flow& flow) {
  sink_.begin_flow(flow);
  scan_streams(flow);
}

void FlowAnalysis::scan_streams(Flow& flow) {
  // 7.0 is about clear text: a flow whose every direction is a valid TLS/TLCP record chain (or
  // that runs between declared encryption gateways) is left to the auditors; the rest is searched.
  if (flow.summary.transport != "tcp" || flow.summary.encrypted == "true") return;
  const std::size_t first = report_.findings.size();
  const NetworkZones* zones = options_.zones.get();
  const SecureZone* zone = zones ? shared_zone(flow, *zones) : nullptr;
  sink_.listing_in_zone(zone != nullptr);
  for (const bool c2s : {true, false}) {
    const TcpStream& stream = flow.stream(c2s);
    if (stream.chunks().empty()) continue;
    const StreamView view{flow, stream, c2s};
    for (auto& d : detectors_) d->scan(view, sink_);
  }
  sink_.listing_in_zone(false);
  if (zone) downgrade_in_zone(report_.findings, first, *zone);
}

}  // namespace facecert::probes::traffic
