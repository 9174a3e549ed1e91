#include "traffic_output.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/probes/live_capture.h"
#include "facecert/probes/network_policy.h"
#include "traffic_json.h"

namespace facecert::cli {
namespace {

// Which clause each fail kind belongs to (the rest are 7.0).
const char* clause_of(const probes::Finding& f) {
  if (f.details.contains("clause") && f.details["clause"].is_string()) {
    const auto c = f.details["clause"].get<std::string>();
    if (c == "7.1") return "7.1";
    if (c == "7.2") return "7.2";
  }
  if (f.kind == "internet-destination") return "7.2";
  if (f.kind == "unknown-device" || f.kind == "no-vlan") return "7.1";
  return "7.0";
}

}  // namespace

void add_traffic_options(CLI::App* cmd, TrafficArgs& args) {
  cmd->add_option("--json", args.json_out, "write the machine-readable result to this file");
  cmd->add_option("--evidence", args.evidence_dir,
                  "write a pixelated thumbnail of each image found in clear here (never the clear image)");
  cmd->add_flag("--no-faces", args.no_faces, "do not run face detection on found images");
  cmd->add_flag("--thorough-faces", args.thorough_faces,
                "search images without a face again at 640 px for small faces in scenes (slower)");
  cmd->add_option("--threads", args.threads,
                  "threads analysing finished flows beside the reading one (0: one per core; 1: analyse on the "
                  "reading thread)")
      ->check(CLI::Range(0u, 64u));
  cmd->add_option("--zones", args.zones_file, "secure zones and encryption gateways (docs/network-zones.md)");
  cmd->add_option("--allow-devices", args.allow_devices_file,
                  "allowed devices, one IP or MAC a line: others are unknown-device (7.1)");
  cmd->add_option("--expect-vlan", args.expect_vlan_id, "flows must carry an 802.1Q tag (with this id, if given)")
      ->expected(0, 1);
}

void note_expect_vlan(const CLI::App* cmd, TrafficArgs& args) {
  args.expect_vlan = cmd->count("--expect-vlan") > 0;  // given, with or without an id
}

probes::AnalyzeOptions analyze_options(const TrafficArgs& args) {
  probes::AnalyzeOptions options;
  options.detect_faces = !args.no_faces;
  options.thorough_faces = args.thorough_faces;
  options.analysis_threads = args.threads;
  options.evidence_dir = args.evidence_dir;
  if (!args.zones_file.empty())
    options.zones = std::make_shared<const probes::NetworkZones>(probes::load_network_zones(args.zones_file));
  if (!args.allow_devices_file.empty())
    options.allowed_devices =
        std::make_shared<const probes::DeviceAllowList>(probes::load_device_allow_list(args.allow_devices_file));
  if (args.expect_vlan) {
    probes::VlanExpectation v;
    if (!args.expect_vlan_id.empty()) {
      int id = -1;
      try {
        std::size_t used = 0;
        id = std::stoi(args.expect_vlan_id, &used);
        if (used != args.expect_vlan_id.size()) id = -1;
      } catch (const std::exception&) {
      }
      if (id < 0 || id > 4094)
        throw probes::ProbeError(fmt::format("--expect-vlan: `{}` is not a VLAN id (0-4094)", args.expect_vlan_id));
      v.id = static_cast<std::uint16_t>(id);
    }
    options.expect_vlan = v;
  }
  return options;
}

namespace {

// A mirror-port capture holds thousands of flows and findings: the console lists up to these of
// each (the --json report holds them all) and counts the rest.
constexpr std::size_t kListedFlows = 40, kListedPerKind = 20, kListedWarnings = 20;

const char* severity_tag(const std::string& severity) {
  return severity == "fail" ? "FAIL" : severity == "warn" ? "WARN" : "INFO";
}

void print_flows(const probes::TrafficReport& r) {
  if (r.flows.empty()) return;
  if (r.flows.size() > kListedFlows) {
    std::map<std::pair<std::string, std::string>, std::size_t> by_app;
    for (const auto& f : r.flows) ++by_app[{f.app, f.encrypted}];
    std::vector<std::pair<std::size_t, std::string>> lines;
    for (const auto& [key, n] : by_app)
      lines.emplace_back(n, fmt::format("{} {} (encrypted: {})", n, key.first, key.second));
    std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    fmt::print("  flows by protocol (each flow in the --json report):\n");
    for (const auto& line : lines) fmt::print("    {}\n", line.second);
    return;
  }
  std::size_t w = 4;
  for (const auto& f : r.flows) w = std::max(w, f.text().size());
  fmt::print("  {:<{}}  {:<7} {:<9} {:>7} {:>12} {:>12}\n", "flow", w, "app", "encrypted", "packets", "bytes c2s",
             "bytes s2c");
  for (const auto& f : r.flows)
    fmt::print("  {:<{}}  {:<7} {:<9} {:>7} {:>12} {:>12}\n", f.text(), w, f.app, f.encrypted, f.packets, f.bytes_c2s,
               f.bytes_s2c);
}

// Grouped by severity (fail first) and kind, in capture order within a kind.
void print_findings(const probes::TrafficReport& r) {
  if (r.findings.empty()) fmt::print("  findings: none\n");
  const auto rank = [](const std::string& severity) { return severity == "fail" ? 0 : severity == "warn" ? 1 : 2; };
  std::vector<const probes::Finding*> order;
  for (const auto& f : r.findings) order.push_back(&f);
  std::stable_sort(order.begin(), order.end(), [&rank](const probes::Finding* a, const probes::Finding* b) {
    return std::pair(rank(a->severity), a->kind) < std::pair(rank(b->severity), b->kind);
  });
  for (std::size_t i = 0; i < order.size();) {
    std::size_t end = i;
    while (end < order.size() && order[end]->kind == order[i]->kind) ++end;
    for (std::size_t k = i; k < std::min(end, i + kListedPerKind); ++k)
      fmt::print("  {:<4} {}: {} ({})\n", severity_tag(order[k]->severity), order[k]->kind, order[k]->description,
                 order[k]->flow);
    if (end - i > kListedPerKind)
      fmt::print("  ... {} more {} findings, {} in all (each in the --json report)\n", end - i - kListedPerKind,
                 order[i]->kind, end - i);
    i = end;
  }
}

}  // namespace

void print_traffic_report(const std::string& source, const probes::TrafficReport& r) {
  fmt::print("{}: {} packets, {} bytes, {} flows\n", source, r.packets, r.bytes, r.flows.size());
  print_flows(r);
  print_findings(r);
  for (std::size_t i = 0; i < std::min(r.warnings.size(), kListedWarnings); ++i)
    fmt::print("  warning: {}\n", r.warnings[i]);
  if (r.warnings.size() > kListedWarnings)
    fmt::print("  ... {} warnings in all (each in the --json report)\n", r.warnings.size());
}

void print_clause_lines(const std::vector<const probes::TrafficReport*>& reports) {
  std::set<std::string> failed;
  for (const auto* r : reports)
    for (const auto& f : r->findings)
      if (f.severity == "fail") failed.insert(clause_of(f));
  if (failed.count("7.0"))
    fmt::print("clause 7.0: FAIL (face data in clear text, or transport encryption too weak: see the "
               "fail findings above)\n");
  if (failed.count("7.1")) fmt::print("clause 7.1: FAIL (a device not in the allow list is on the network, or traffic lacks the expected VLAN tag)\n");
  if (failed.count("7.2")) fmt::print("clause 7.2: FAIL (traffic to or from an internet address)\n");
}

namespace {

// Items [from, to) of a JSON array at nesting `level` as nlohmann's dump(2) writes them, with the
// opening bracket when `from` is 0 and the closing one when `to` is the end: the parts of one array
// are built side by side and written one after the other.
template <class T, class AppendItem>
void append_array_part(std::string& out, const std::vector<T>& items, std::size_t from, std::size_t to, int level,
                       AppendItem append_item) {
  if (items.empty()) {
    out += "[]";
    return;
  }
  const std::string inner(static_cast<std::size_t>(2 * (level + 1)), ' ');
  if (from == 0) out += "[";
  for (std::size_t i = from; i < to; ++i) {
    out += i == 0 ? "\n" : ",\n";
    out += inner;
    append_item(out, items[i], level + 1);
  }
  if (to < items.size()) return;
  out += '\n';
  out.append(static_cast<std::size_t>(2 * level), ' ');
  out += ']';
}

// One capture at nesting level 2, keys in nlohmann's (sorted) order, appended to `pieces`: the two
// big arrays stay pieces of their own (tens of MB on a mirror-port capture, written as they are
// rather than copied into one text).
void append_capture(std::vector<std::string>& pieces, const TrafficJsonCapture& c) {
  const probes::TrafficReport& r = *c.report;
  // Built on both cores (the analysis threads are done by now): this thread the first findings,
  // another the flows and the rest of the findings, as many items each (they cost about the same).
  const std::size_t n_findings = r.findings.size(), n_flows = r.flows.size();
  // The first part is never empty unless the array is, so that only it opens the array.
  const std::size_t split = n_findings == 0 ? 0 : std::clamp<std::size_t>((n_findings + n_flows) / 2, 1, n_findings);
  std::string flows, findings_head, findings_tail;
  auto built = std::async(std::launch::async, [&] {
    append_array_part(flows, r.flows, 0, n_flows, 3, append_flow_json);
    if (split < n_findings) append_array_part(findings_tail, r.findings, split, n_findings, 3, append_finding_json);
  });
  append_array_part(findings_head, r.findings, 0, split, 3, append_finding_json);
  built.get();
  std::map<std::string, std::function<void()>> fields;
  for (const auto& [key, value] : c.extra.items())
    fields[key] = [&pieces, &value] { append_json(pieces.back(), value, 3); };
  const auto piece = [&pieces](std::string& text) {
    pieces.push_back(std::move(text));
    pieces.emplace_back();
  };
  fields["findings"] = [&] {
    piece(findings_head);
    piece(findings_tail);
  };
  fields["flows"] = [&] { piece(flows); };
  fields["has_fail"] = [&] { pieces.back() += r.has_fail() ? "true" : "false"; };
  fields["totals"] = [&] { append_json(pieces.back(), r.totals_json(), 3); };
  fields["warnings"] = [&] { append_json(pieces.back(), nlohmann::json(r.warnings), 3); };
  pieces.back() += "{";
  bool first = true;
  for (const auto& [key, write] : fields) {
    pieces.back() += first ? "\n" : ",\n";
    first = false;
    pieces.back() += "      " + nlohmann::json(key).dump() + ": ";
    write();
  }
  pieces.back() += "\n    }";
}

}  // namespace

bool write_traffic_json(const std::string& command, const std::string& file,
                        const std::vector<TrafficJsonCapture>& captures, bool has_fail) {
  std::vector<std::string> pieces{"{\n  \"captures\": "};
  if (captures.empty()) {
    pieces.back() += "[]";
  } else {
    pieces.back() += "[";
    for (std::size_t i = 0; i < captures.size(); ++i) {
      pieces.back() += i == 0 ? "\n    " : ",\n    ";
      append_capture(pieces, captures[i]);
    }
    pieces.back() += "\n  ]";
  }
  pieces.back() += fmt::format(",\n  \"has_fail\": {}\n}}\n", has_fail);
  std::ofstream out(file, std::ios::binary);
  for (const auto& text : pieces) out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    fmt::print(stderr, "facecert {}: {}: cannot write the JSON report\n", command, file);
    return false;
  }
  return true;
}

}  // namespace facecert::cli
