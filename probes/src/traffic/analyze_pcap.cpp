#include "facecert/probes/traffic_analysis.h"

#include <fmt/format.h>

#include "capture_file.h"
#include "facecert/probes/traffic_analyzer.h"

namespace facecert::probes {

TrafficReport analyze_pcap(const std::filesystem::path& file, const AnalyzeOptions& options) {
  traffic::CaptureFile capture(file);
  TrafficAnalyzer analyzer(options, capture.linktype(), file.string());
  std::uint64_t frames = 0;
  const auto stopped = capture.read([&](const pcap_pkthdr& hdr, const u_char* data) {
    ++frames;
    // Nanosecond precision was asked for when opening: tv_usec holds nanoseconds.
    const double ts = static_cast<double>(hdr.ts.tv_sec) + hdr.ts.tv_usec / 1e9;
    analyzer.add_frame(std::span(data, hdr.caplen), hdr.len, ts);
  });
  if (stopped)
    analyzer.warn(traffic::truncation_warning(file, frames, *stopped));
  return analyzer.finish();
}

}  // namespace facecert::probes
