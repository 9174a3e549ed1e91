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
//
// The listing cap (AnalyzeOptions::max_findings_per_kind, per kind and severity) keeps the first
// findings in the report's order (finding_before), not the first ones analysed: flows end, and
// are analysed by the pool's threads, in an order that differs from run to run, and a lab's
// report must list the same findings every time. Within one flow the first `cap` of a kind are
// kept; over flows, once a kind holds a little more than `cap`, it is cut to the first `cap` and
// later findings past the last of them are counted, not built. The merge (AnalysisPool::take)
// cuts each kind to `cap` over all sinks, so the listing is the same with any number of threads.
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
  // True, and the finding counted as suppressed, when a `kind`/`severity` finding of the flow being
  // analysed would not be listed: the caller need not build it (a capture full of phone numbers).
  bool over_cap(const std::string& kind, const std::string& severity);
  // The analyser starts a flow (or an early scan of one); earlier flows' findings may be cut to
  // the cap here, never the flow's own while it is analysed (flow_findings() refers to them).
  void begin_flow(const Flow& flow);
  // Clear text inside one secure zone: the flow's fail/warn findings will be listed as
  // plaintext-in-secure-zone/info (zone_policy), and are capped under that name.
  void listing_in_zone(bool in_zone) { in_zone_ = in_zone; }
  // Findings reported so far, listed or not, and how many of them are fails (progress lines).
  std::uint64_t reported() const { return reported_; }
  std::uint64_t reported_fails() const { return reported_fails_; }

 private:
  struct Listing {
    std::uint64_t kept = 0;     // in report_.findings under this key, up to the last flow's end
    std::uint64_t in_flow = 0;  // reported (kept or not) on the flow being analysed
    bool cut = false;           // cut to the cap once: `last_*` is where its listing ends
    std::uint64_t last_packet = 0;
    std::string last_flow;
  };
  std::string listing_key(const std::string& kind, const std::string& severity) const;
  // True when the finding is not listed (counted in report_.suppressed).
  bool suppress(const std::string& key, const std::string& severity, std::uint64_t first_packet,
                const std::string& flow);
  // Lists the finding, or counts it in report_.suppressed past the cap of its kind/severity.
  void keep(Finding finding);
  void cut_to_cap();
  TrafficReport& report_;
  std::uint64_t max_per_kind_;
  std::map<std::string, Listing> listed_;  // "kind/severity" -> its listing
  std::size_t flow_begin_ = 0;
  std::uint64_t flow_first_frame_ = 0;
  std::string flow_text_;
  bool in_zone_ = false;
  std::uint64_t reported_ = 0, reported_fails_ = 0;
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
