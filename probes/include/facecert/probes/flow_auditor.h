// Flow auditors see every flow, encrypted ones included (stream detectors only see flows not known
// to be encrypted). They judge how a flow is protected, e.g. the TLS audit of 7.0. One file per
// auditor under probes/src/detectors/, registered by name:
//   static const FlowAuditorRegistration reg{"tls", 10, [](const AnalyzeOptions&) {
//     return std::make_unique<TlsAuditor>(); }};
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "facecert/probes/capture_reader.h"
#include "facecert/probes/stream_detector.h"

namespace facecert::probes {

class FlowAuditor {
 public:
  virtual ~FlowAuditor() = default;
  // Called once for every flow of the capture, before the stream detectors look at it.
  virtual void audit(const Flow& flow, DetectorSink& sink) = 0;
};

using FlowAuditorFactory = std::function<std::unique_ptr<FlowAuditor>(const AnalyzeOptions&)>;

struct FlowAuditorEntry {
  std::string name;
  int order;  // run order
  FlowAuditorFactory make;
};

std::vector<FlowAuditorEntry>& flow_auditor_table();

struct FlowAuditorRegistration {
  FlowAuditorRegistration(std::string name, int order, FlowAuditorFactory make) {
    flow_auditor_table().push_back({std::move(name), order, std::move(make)});
  }
};

}  // namespace facecert::probes
