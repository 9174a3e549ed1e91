// `facecert pcap analyze FILE... [--json OUT] [--zones FILE] [--allow-devices FILE]
// [--expect-vlan [ID]] [--no-faces]`: clause 7.0/7.1/7.2 traffic analysis of pcap/pcapng files,
// gzip-compressed or not (docs/network-zones.md). Each file is analysed on its own.
// Exit: 0 no fail finding, 1 a fail finding (e.g. a face image in clear text), 2 unreadable input.
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/harness/cli_command.h"
#include "facecert/probes/live_capture.h"
#include "facecert/probes/traffic_analysis.h"
#include "traffic_output.h"

namespace facecert::cli {
namespace {

struct PcapAnalyzeArgs {
  std::vector<std::string> files;
  TrafficArgs traffic;
};

// The process ends with the command: the reports' tens of thousands of findings and flows (strings
// and JSON trees) are left to the operating system rather than freed one by one (30-40 ms after a
// 1 GiB capture, a seventh of the time between the last flow's analysis and the exit). Kept
// reachable, so that leak checkers do not count them.
void leave_to_process_exit(std::vector<probes::TrafficReport>&& reports) {
  static auto* const kept = new std::vector<probes::TrafficReport>;
  for (auto& r : reports) kept->push_back(std::move(r));
}

int run_analyze(const PcapAnalyzeArgs& args) {
  probes::AnalyzeOptions options;
  try {
    options = analyze_options(args.traffic);
  } catch (const probes::ProbeError& e) {
    fmt::print(stderr, "facecert pcap analyze: {}\n", e.what());
    return kBadInput;
  }
  std::vector<probes::TrafficReport> reports;
  std::vector<std::string> analysed_files;
  bool unreadable = false, fail = false;
  for (const auto& file : args.files) {
    try {
      reports.push_back(probes::analyze_pcap(file, options));
      const auto& report = reports.back();
      analysed_files.push_back(file);
      print_traffic_report(file, report);
      fail = fail || report.has_fail();
    } catch (const probes::ProbeError& e) {
      fmt::print(stderr, "facecert pcap analyze: {}\n", e.what());
      unreadable = true;
    }
  }
  std::vector<TrafficJsonCapture> captures;
  for (std::size_t i = 0; i < reports.size(); ++i) captures.push_back({&reports[i], {{"file", analysed_files[i]}}});
  const bool written =
      args.traffic.json_out.empty() || write_traffic_json("pcap analyze", args.traffic.json_out, captures, fail);
  if (written && !unreadable) {
    std::vector<const probes::TrafficReport*> all;
    for (const auto& r : reports) all.push_back(&r);
    print_clause_lines(all);
  }
  leave_to_process_exit(std::move(reports));
  return !written || unreadable ? kBadInput : fail ? kFound : kOk;
}

const CommandRegistration kRegistration{
    "pcap", 60, [](CLI::App& app, int& exit_code) {
      auto* pcap = app.add_subcommand("pcap", "Packet capture tools (clause 7.0: face data encrypted in transit)");
      pcap->require_subcommand(1);
      auto args = std::make_shared<PcapAnalyzeArgs>();
      auto* analyze = pcap->add_subcommand(
          "analyze",
          "Analyse pcap/pcapng files (.gz too): flows, TLS/TLCP handshakes, and face images, identity "
          "data, credentials and face features in clear text");
      analyze->add_option("files", args->files, "pcap or pcapng files, gzip-compressed or not")->required();
      add_traffic_options(analyze, args->traffic);
      analyze->callback([args, analyze, &exit_code] {
        note_expect_vlan(analyze, args->traffic);
        exit_code = run_analyze(*args);
      });
    }};

}  // namespace
}  // namespace facecert::cli
