// `facecert pcap analyze FILE... [--json OUT] [--zones FILE] [--allow-devices FILE]
// [--expect-vlan [ID]]`: clause 7.0/7.1/7.2 traffic analysis of captures (docs/network-zones.md).
// Exit: 0 no fail finding, 1 a fail finding (e.g. a face image in clear text), 2 unreadable input.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/harness/cli_command.h"
#include "facecert/probes/live_capture.h"
#include "facecert/probes/traffic_analysis.h"

namespace facecert::cli {
namespace {

struct PcapAnalyzeArgs {
  std::vector<std::string> files;
  std::string json_out;
  bool no_faces = false;
  std::string zones_file, allow_devices_file;
  bool expect_vlan = false;
  std::string expect_vlan_id;  // empty: any tag
};

// Options from the site description files; throws ProbeError naming FILE:LINE.
probes::AnalyzeOptions analyze_options(const PcapAnalyzeArgs& args) {
  probes::AnalyzeOptions options;
  options.detect_faces = !args.no_faces;
  if (!args.zones_file.empty())
    options.zones = std::make_shared<const probes::NetworkZones>(probes::load_network_zones(args.zones_file));
  if (!args.allow_devices_file.empty())
    options.allowed_devices = std::make_shared<const probes::DeviceAllowList>(
        probes::load_device_allow_list(args.allow_devices_file));
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

// Which clause each fail kind belongs to (the rest are 7.0).
const char* clause_of(const std::string& kind) {
  if (kind == "internet-destination") return "7.2";
  if (kind == "unknown-device") return "7.1";
  return "7.0";
}

void print_report(const std::string& file, const probes::TrafficReport& r) {
  fmt::print("{}: {} packets, {} bytes, {} flows\n", file, r.packets, r.bytes, r.flows.size());
  if (!r.flows.empty()) {
    std::size_t w = 4;
    for (const auto& f : r.flows) w = std::max(w, f.text().size());
    fmt::print("  {:<{}}  {:<7} {:<9} {:>7} {:>12} {:>12}\n", "flow", w, "app", "encrypted",
               "packets", "bytes c2s", "bytes s2c");
    for (const auto& f : r.flows)
      fmt::print("  {:<{}}  {:<7} {:<9} {:>7} {:>12} {:>12}\n", f.text(), w, f.app, f.encrypted,
                 f.packets, f.bytes_c2s, f.bytes_s2c);
  }
  if (r.findings.empty()) fmt::print("  findings: none\n");
  for (const auto& f : r.findings)
    fmt::print("  {:<4} {}: {} ({})\n", f.severity == "fail" ? "FAIL" : f.severity == "warn" ? "WARN" : "INFO",
               f.kind, f.description, f.flow);
  for (const auto& w : r.warnings) fmt::print("  warning: {}\n", w);
}

int run_analyze(const PcapAnalyzeArgs& args) {
  nlohmann::json captures = nlohmann::json::array();
  bool unreadable = false, fail = false;
  std::set<std::string> failed_clauses;
  probes::AnalyzeOptions options;
  try {
    options = analyze_options(args);
  } catch (const probes::ProbeError& e) {
    fmt::print(stderr, "facecert pcap analyze: {}\n", e.what());
    return kBadInput;
  }
  for (const auto& file : args.files) {
    try {
      const auto report = probes::analyze_pcap(file, options);
      print_report(file, report);
      auto j = report.to_json();
      j["file"] = file;
      captures.push_back(std::move(j));
      fail = fail || report.has_fail();
      for (const auto& f : report.findings)
        if (f.severity == "fail") failed_clauses.insert(clause_of(f.kind));
    } catch (const probes::ProbeError& e) {
      fmt::print(stderr, "facecert pcap analyze: {}\n", e.what());
      unreadable = true;
    }
  }
  if (!args.json_out.empty()) {
    std::ofstream out(args.json_out);
    out << nlohmann::json{{"captures", captures}, {"has_fail", fail}}.dump(2) << '\n';
    if (!out) {
      fmt::print(stderr, "facecert pcap analyze: {}: cannot write the JSON report\n", args.json_out);
      return kBadInput;
    }
  }
  if (unreadable) return kBadInput;
  if (failed_clauses.count("7.0"))
    fmt::print("clause 7.0: FAIL (face data in clear text, or transport encryption too weak: see the "
               "fail findings above)\n");
  if (failed_clauses.count("7.1"))
    fmt::print("clause 7.1: FAIL (a device not in the allow list is on the network)\n");
  if (failed_clauses.count("7.2"))
    fmt::print("clause 7.2: FAIL (traffic to or from an internet address)\n");
  return fail ? kFound : kOk;
}

const CommandRegistration kRegistration{
    "pcap", 60, [](CLI::App& app, int& exit_code) {
      auto* pcap = app.add_subcommand("pcap", "Packet capture tools (clause 7.0: face data encrypted in transit)");
      pcap->require_subcommand(1);
      auto args = std::make_shared<PcapAnalyzeArgs>();
      auto* analyze = pcap->add_subcommand(
          "analyze", "Analyse pcap/pcapng files: flows, TLS/TLCP handshakes, and face images, identity data, credentials and face features in clear text");
      analyze->add_option("files", args->files, "pcap or pcapng files")->required();
      analyze->add_option("--json", args->json_out, "write the reports as JSON to this file");
      analyze->add_flag("--no-faces", args->no_faces, "do not run face detection on found images");
      analyze->add_option("--zones", args->zones_file,
                          "secure zones and encryption gateways (docs/network-zones.md)");
      analyze->add_option("--allow-devices", args->allow_devices_file,
                          "allowed devices, one IP or MAC a line: others are unknown-device (7.1)");
      analyze->add_option("--expect-vlan", args->expect_vlan_id,
                          "flows must carry an 802.1Q tag (with this id, if given)")
          ->expected(0, 1);
      analyze->callback([args, analyze, &exit_code] {
        args->expect_vlan = analyze->count("--expect-vlan") > 0;  // given, with or without an id
        exit_code = run_analyze(*args);
      });
    }};

}  // namespace
}  // namespace facecert::cli
