// Runs the registered flow auditors and stream detectors on one flow that is over (or, under
// memory pressure, on what an open flow holds), writing findings and the flow's summary into the
// report. One per analysed capture: detectors may keep per-capture state.
#pragma once

#include <memory>
#include <vector>

#include "facecert/probes/flow_auditor.h"
#include "facecert/probes/stream_detector.h"

namespace facecert::probes::traffic {

class FlowAnalysis {
 public:
  // Throws ProbeError when no detector or auditor is linked in (a static link that dropped them
  // would make every capture look clean).
  FlowAnalysis(const AnalyzeOptions& options, TrafficReport& report);

  // The flow is over: summary into the report, auditors, then detectors on its clear streams.
  void analyse(Flow& flow);
  // Memory pressure: detectors on what the open flow holds now (its auditors run when it is over).
  void scan_early(Flow& flow);
  const DetectorSink& sink() const { return sink_; }

 private:
  void scan_streams(Flow& flow);

  const AnalyzeOptions& options_;
  TrafficReport& report_;
  DetectorSink sink_;
  std::vector<std::unique_ptr<StreamDetector>> detectors_;
  std::vector<std::unique_ptr<FlowAuditor>> auditors_;
};

}  // namespace facecert::probes::traffic
