// Plots the reports draw from the run's own figures, as self-contained SVG (no script, no external
// reference, every text escaped): verdict counts, and the 7.0 flow timeline.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "facecert/reports/summary.h"
#include "html_labels.h"

namespace facecert::reports {

// Horizontal bars, one per verdict, in the verdict colours of the HTML report.
std::string verdict_bars_svg(const RunSummary& s, std::string_view lang);

// One bar per flow of a traffic analysis (traffic.json of the 7.0 case: flows with start/end epoch
// seconds and encrypted true/false/unknown) on a common time axis; green encrypted, red clear,
// grey unknown. Empty string when there is no flow with times. At most `max_flows` rows drawn.
std::string flow_timeline_svg(const nlohmann::json& traffic, const HtmlLabels& l, std::size_t max_flows = 40);

}  // namespace facecert::reports
