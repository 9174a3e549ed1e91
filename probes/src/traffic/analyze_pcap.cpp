#include <algorithm>

#include "facecert/probes/capture_reader.h"
#include "facecert/probes/flow_auditor.h"
#include "facecert/probes/live_capture.h"
#include "facecert/probes/stream_detector.h"
#include "facecert/probes/traffic_analysis.h"
#include "zone_policy.h"

namespace facecert::probes {
namespace {

template <typename Entry>
void sort_by_order(std::vector<Entry>& entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.order < b.order; });
}

}  // namespace

TrafficReport analyze_pcap(const std::filesystem::path& file, const AnalyzeOptions& options) {
  TcpStreamLimits limits;
  limits.max_stream_bytes = options.max_stream_bytes;
  CaptureContents capture = read_capture(file, limits);

  TrafficReport report;
  report.packets = capture.packets;
  report.bytes = capture.bytes;
  report.warnings = std::move(capture.warnings);

  auto entries = stream_detector_table();
  // Detectors register from their own object files; a static link that drops them would make
  // every capture look clean, so an empty table is an error, not a pass.
  if (entries.empty())
    throw ProbeError("no stream detectors are linked in (link facecert_probes as a whole archive)");
  auto auditor_entries = flow_auditor_table();
  if (auditor_entries.empty())
    throw ProbeError("no flow auditors are linked in (link facecert_probes as a whole archive)");
  sort_by_order(entries);
  sort_by_order(auditor_entries);
  std::vector<std::unique_ptr<StreamDetector>> detectors;
  for (const auto& e : entries) detectors.push_back(e.make(options));
  std::vector<std::unique_ptr<FlowAuditor>> auditors;
  for (const auto& e : auditor_entries) auditors.push_back(e.make(options));

  DetectorSink sink(report);
  const NetworkZones* zones = options.zones.get();
  for (const auto& flow : capture.flows) {
    if (zones && traffic::between_gateways(*flow, *zones)) flow->summary.encrypted = "true";
    report.flows.push_back(flow->summary);
    for (auto& a : auditors) a->audit(*flow, sink);  // every flow: how is it protected?
    // 7.0 is about clear text: a flow whose every direction is a valid TLS/TLCP record chain is
    // left to the TLS audit; anything else is searched.
    if (flow->summary.transport != "tcp" || flow->summary.encrypted == "true") continue;
    const std::size_t first_detector_finding = report.findings.size();
    for (const bool c2s : {true, false}) {
      const TcpStream& stream = flow->stream(c2s);
      if (stream.chunks().empty()) continue;
      const StreamView view{*flow, stream, c2s};
      for (auto& d : detectors) d->scan(view, sink);
    }
    if (const SecureZone* zone = zones ? traffic::shared_zone(*flow, *zones) : nullptr)
      traffic::downgrade_in_zone(report.findings, first_detector_finding, *zone);
  }
  return report;
}

}  // namespace facecert::probes
