// Stream detectors look at one reassembled direction of a flow and report findings. They register
// themselves by name (one file per detector under probes/src/detectors/):
//   static const StreamDetectorRegistration reg{"images", 10, [](const AnalyzeOptions& o) {
//     return std::make_unique<ImagesDetector>(o); }};
// A fresh set of detectors is made for each analysed capture, so they may keep per-capture state.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "facecert/probes/capture_reader.h"
#include "facecert/probes/traffic_analysis.h"

namespace facecert::probes {

struct StreamView {
  const Flow& flow;
  const TcpStream& stream;
  bool client_to_server;
  const char* direction() const { return client_to_server ? "c2s" : "s2c"; }
};

// Where detectors put what they saw. Fills flow/direction/packets for them.
class DetectorSink {
 public:
  explicit DetectorSink(TrafficReport& report, std::uint64_t max_per_kind = 10000)
      : report_(report), max_per_kind_(max_per_kind) {}
  // `finding.kind`, `severity`, `description`, `details` set by the caller; the rest is filled in
  // from the view and the byte range.
  void report(const StreamView& view, std::uint64_t offset, std::uint64_t length, Finding finding);
  // A finding about the flow as a whole (addresses, link layer): no direction, its first frame.
  void report_flow(const Flow& flow, Finding finding);
  void warn(std::string text) { report_.warnings.push_back(std::move(text)); }
  // Facts about the flow being analysed for its summary's "details" (e.g. "gb28181").
  void note_flow(const std::string& key, nlohmann::json facts);
  nlohmann::json take_flow_details() { return std::exchange(flow_details_, nlohmann::json::object()); }
  // What earlier detectors reported on the flow being analysed, so a later one does not report
  // the same bytes again.
  std::span<const Finding> flow_findings() const {
    return std::span<const Finding>(report_.findings).subspan(std::min(flow_begin_, report_.findings.size()));
  }
  // True, and the finding counted as suppressed, when `kind`/`severity` is past the listing cap:
  // the caller need not build a finding that would not be listed (a capture full of phone numbers).
  bool over_cap(const std::string& kind, const std::string& severity);
  // The analyser starts a flow (or an early scan of one).
  void begin_flow() { flow_begin_ = report_.findings.size(); }

 private:
  // Lists the finding, or counts it in report_.suppressed past max_per_kind_ of its kind/severity.
  void keep(Finding finding);
  TrafficReport& report_;
  std::uint64_t max_per_kind_;
  std::map<std::string, std::uint64_t> listed_;  // "kind/severity" -> listed so far
  std::size_t flow_begin_ = 0;
  nlohmann::json flow_details_ = nlohmann::json::object();
};

class StreamDetector {
 public:
  virtual ~StreamDetector() = default;
  // Called for every TCP direction with bytes whose flow is not known to be encrypted.
  virtual void scan(const StreamView& view, DetectorSink& sink) = 0;
};

using StreamDetectorFactory = std::function<std::unique_ptr<StreamDetector>(const AnalyzeOptions&)>;

struct StreamDetectorEntry {
  std::string name;
  int order;  // run order
  StreamDetectorFactory make;
};

std::vector<StreamDetectorEntry>& stream_detector_table();

struct StreamDetectorRegistration {
  StreamDetectorRegistration(std::string name, int order, StreamDetectorFactory make) {
    stream_detector_table().push_back({std::move(name), order, std::move(make)});
  }
};

// "14-17", "3, 5-6"
std::string format_frame_ranges(const std::vector<std::uint64_t>& frames);

}  // namespace facecert::probes
