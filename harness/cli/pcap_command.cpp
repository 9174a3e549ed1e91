// `facecert pcap analyze FILE... [--json OUT]`: clause 7.0 traffic analysis of captures.
// Exit: 0 no fail finding, 1 a fail finding (e.g. a face image in clear text), 2 unreadable input.
#include <algorithm>
#include <fstream>
#include <iostream>
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
};

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
  probes::AnalyzeOptions options;
  options.detect_faces = !args.no_faces;
  for (const auto& file : args.files) {
    try {
      const auto report = probes::analyze_pcap(file, options);
      print_report(file, report);
      auto j = report.to_json();
      j["file"] = file;
      captures.push_back(std::move(j));
      fail = fail || report.has_fail();
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
  if (fail)
    fmt::print("clause 7.0: FAIL (face data in clear text, or transport encryption too weak: see the "
               "fail findings above)\n");
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
      analyze->callback([args, &exit_code] { exit_code = run_analyze(*args); });
    }};

}  // namespace
}  // namespace facecert::cli
