// Streaming traffic analysis: frames go in one at a time (from a file or a live interface), flows
// are analysed as soon as they are over, and memory follows the open flows, not the capture size.
// analyze_pcap() is this over a file; `facecert capture` is this over an interface.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "facecert/probes/traffic_analysis.h"

namespace facecert::probes {

struct AnalyzerProgress {
  std::uint64_t packets = 0, bytes = 0;
  std::uint64_t flows = 0, open_flows = 0;
  std::uint64_t findings = 0, fail_findings = 0;
  std::uint64_t held_bytes = 0;  // stream bytes held in memory for open flows
};

class TrafficAnalyzer {
 public:
  // `linktype` is pcap_datalink()'s value; `source` names the capture in warnings. Throws
  // ProbeError for a link type it cannot decode, or when no detector is linked in.
  TrafficAnalyzer(AnalyzeOptions options, int linktype, std::string source);
  ~TrafficAnalyzer();
  TrafficAnalyzer(const TrafficAnalyzer&) = delete;
  TrafficAnalyzer& operator=(const TrafficAnalyzer&) = delete;

  // One frame as captured; `wire_length` its length on the wire; `ts` epoch seconds.
  void add_frame(std::span<const std::uint8_t> data, std::uint32_t wire_length, double ts);
  // Live capture: time passes without packets too; flows that are over by `now` (epoch seconds)
  // are analysed now rather than at the next packet.
  void tick(double now);
  void warn(std::string text);
  AnalyzerProgress progress() const;
  // Analyses the flows still open and returns the report (flows in order of first packet). Once.
  TrafficReport finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace facecert::probes
