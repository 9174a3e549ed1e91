// The traffic report's JSON written straight to text: a 1 GiB mirror-port capture's report holds
// tens of thousands of flows and findings, and building an nlohmann object per element only to
// print it was most of the time spent after the analysis. The text is what nlohmann's dump(2) gives
// the same values (keys in sorted order, two-space indents; tests/harness compare the two), so
// readers of the report see no difference.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "facecert/probes/traffic_analysis.h"

namespace facecert::cli {

// `value` as dump(2) writes it at nesting `level` (its inner lines indented by 2 x level more);
// bytes that are not UTF-8 are replaced, not thrown on.
void append_json(std::string& out, const nlohmann::json& value, int level);

// append_json(TrafficReport::flow_json(f), level) and append_json(TrafficReport::finding_json(f),
// level), without the intermediate objects.
void append_flow_json(std::string& out, const probes::FlowSummary& f, int level);
void append_finding_json(std::string& out, const probes::Finding& f, int level);

}  // namespace facecert::cli
