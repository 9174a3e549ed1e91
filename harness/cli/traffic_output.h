// What `pcap analyze` and `capture` share: the site-description options (zones, allowed devices,
// VLAN), the human report of a traffic analysis, the clause lines, and the JSON file.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/probes/traffic_analysis.h"

namespace CLI {
class App;
}

namespace facecert::cli {

struct TrafficArgs {
  std::string json_out, evidence_dir;
  bool no_faces = false, thorough_faces = false;
  unsigned threads = 0;  // AnalyzeOptions::analysis_threads
  std::string zones_file, allow_devices_file;
  bool expect_vlan = false;
  std::string expect_vlan_id;  // empty: any tag
};

// Adds --json, --no-faces, --zones, --allow-devices, --expect-vlan to `cmd`. Call
// note_expect_vlan(cmd, args) in the callback (the flag may come without a value).
void add_traffic_options(CLI::App* cmd, TrafficArgs& args);
void note_expect_vlan(const CLI::App* cmd, TrafficArgs& args);

// Throws ProbeError naming FILE:LINE of a bad site description or a bad VLAN id.
probes::AnalyzeOptions analyze_options(const TrafficArgs& args);

void print_traffic_report(const std::string& source, const probes::TrafficReport& report);
// "clause 7.0: FAIL (...)" lines for the clauses with fail findings in `reports`.
void print_clause_lines(const std::vector<const probes::TrafficReport*>& reports);
// One capture of the JSON report: the report's fields and `extra` ones beside them (file, interface).
struct TrafficJsonCapture {
  const probes::TrafficReport* report;
  nlohmann::json extra = nlohmann::json::object();
};
// {"captures": [...], "has_fail": ...}, written element by element (the text nlohmann's dump(2)
// would give, without building the whole document: a third of the time of `pcap analyze --json`
// on a big capture); false when the file cannot be written (message printed).
bool write_traffic_json(const std::string& command, const std::string& file,
                        const std::vector<TrafficJsonCapture>& captures, bool has_fail);

}  // namespace facecert::cli
