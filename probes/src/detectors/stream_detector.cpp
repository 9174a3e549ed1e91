#include "facecert/probes/stream_detector.h"

#include <fmt/format.h>

namespace facecert::probes {

std::vector<StreamDetectorEntry>& stream_detector_table() {
  static std::vector<StreamDetectorEntry> table;  // built during static initialisation
  return table;
}

void DetectorSink::report(const StreamView& view, std::uint64_t offset, std::uint64_t length,
                          Finding finding) {
  finding.flow = view.flow.summary.text();
  finding.direction = view.direction();
  finding.packets = view.stream.frames_for(offset, length);
  finding.stream_offset = offset;
  finding.length = length;
  keep(std::move(finding));
}

void DetectorSink::report_flow(const Flow& flow, Finding finding) {
  finding.flow = flow.summary.text();
  finding.packets = {flow.first_frame};
  keep(std::move(finding));
}

void DetectorSink::keep(Finding finding) {
  // Counted before a secure zone may downgrade it (clear text inside one zone): a suppressed
  // finding keeps the kind it was reported with.
  const std::string key = finding.kind + "/" + finding.severity;
  if (listed_[key]++ >= max_per_kind_) {
    ++report_.suppressed[key];
    return;
  }
  report_.findings.push_back(std::move(finding));
}

std::string format_frame_ranges(const std::vector<std::uint64_t>& frames) {
  std::string out;
  for (std::size_t i = 0; i < frames.size();) {
    std::size_t j = i;
    while (j + 1 < frames.size() && frames[j + 1] == frames[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += j == i ? fmt::format("{}", frames[i]) : fmt::format("{}-{}", frames[i], frames[j]);
    i = j + 1;
  }
  return out;
}

}  // namespace facecert::probes
