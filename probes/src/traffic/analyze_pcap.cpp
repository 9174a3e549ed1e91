#include "facecert/probes/traffic_analysis.h"

#include <fmt/format.h>

#include "capture_file.h"
#include "facecert/probes/traffic_analyzer.h"

namespace facecert::probes {

TrafficReport analyze_pcap(const std::filesystem::path& file, const AnalyzeOptions& options) {
  traffic::CaptureFile capture(file);
  TrafficAnalyzer analyzer(options, capture.linktype(), file.string());
  std::uint64_t frames = 0;
  const auto stopped = capture.read([&](const traffic::CapturedFrame& frame) {
    ++frames;
    analyzer.add_frame(frame.data, frame.length, frame.ts);
  });
  if (stopped)
    analyzer.warn(traffic::truncation_warning(file, frames, *stopped));
  return analyzer.finish();
}

}  // namespace facecert::probes
