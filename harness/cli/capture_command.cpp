// `facecert capture --iface IF [--duration D] [--bpf EXPR] [--write FILE] [--json OUT] ...`: live
// capture with the same streaming analysis as `pcap analyze`, done as packets arrive (an inspector
// on a switch's mirror port). Progress once a second on stderr: packets, bytes, flows, kernel drops,
// findings. Stops after --duration, or on Ctrl-C, and prints the report.
// Exit: 0 no fail finding, 1 a fail finding, 2 bad usage or the interface cannot be captured on.
#include <atomic>
#include <chrono>
#include <csignal>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <pcap/pcap.h>

#include "facecert/harness/cli_command.h"
#include "facecert/harness/duration.h"
#include "facecert/probes/live_capture.h"
#include "facecert/probes/traffic_analyzer.h"
#include "traffic_output.h"

namespace facecert::cli {
namespace {

struct CaptureArgs {
  std::string iface, bpf, duration, write;
  int buffer_mib = 256;
  bool quiet = false;
  TrafficArgs traffic;
};

std::atomic<bool> g_interrupted{false};
extern "C" void on_interrupt(int) { g_interrupted = true; }

int linktype_of(const std::string& iface) {
  // The analyser needs the link type before the first frame: ask libpcap the same way the capture
  // will open the interface.
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* p = pcap_create(iface.c_str(), errbuf);
  if (!p) throw probes::ProbeError(fmt::format("capture on {}: {}", iface, errbuf));
  const int rc = pcap_activate(p);
  if (rc < 0) {
    const std::string why = rc == PCAP_ERROR ? pcap_geterr(p) : pcap_statustostr(rc);
    pcap_close(p);
    throw probes::ProbeError(fmt::format("capture on {}: activate: {}", iface, why));
  }
  const int lt = pcap_datalink(p);
  pcap_close(p);
  return lt;
}

void print_progress(const probes::AnalyzerProgress& p, const probes::CaptureStats& s, double seconds) {
  fmt::print(stderr, "\r{:6.1f} s  {} packets  {:.1f} MB  {} flows ({} open)  drops {}  findings {} ({} fail)   ",
             seconds, p.packets, static_cast<double>(p.bytes) / 1e6, p.flows, p.open_flows,
             s.kernel_drops + s.iface_drops, p.findings, p.fail_findings);
}

int run_capture(const CaptureArgs& args) {
  std::optional<std::chrono::milliseconds> duration;
  if (!args.duration.empty()) {
    duration = harness::parse_duration(args.duration);
    if (!duration) {
      fmt::print(stderr, "facecert capture: --duration `{}` is not a duration (e.g. 60s, 5m)\n", args.duration);
      return kBadInput;
    }
  }
  std::unique_ptr<probes::TrafficAnalyzer> analyzer;
  std::mutex mu;  // the analyser is fed on the capture thread and read for progress here
  probes::LiveCapture* capture_ptr = nullptr;
  std::unique_ptr<probes::LiveCapture> capture;
  try {
    analyzer = std::make_unique<probes::TrafficAnalyzer>(analyze_options(args.traffic), linktype_of(args.iface),
                                                         fmt::format("live capture on {}", args.iface));
    probes::CaptureOptions co;
    co.iface = args.iface;
    co.bpf = args.bpf;
    co.out = args.write;
    co.immediate = false;
    co.buffer_bytes = args.buffer_mib << 20;
    co.on_frame = [&](std::span<const std::uint8_t> data, std::uint32_t wire_length, double ts) {
      std::lock_guard lock(mu);
      analyzer->add_frame(data, wire_length, ts);
    };
    capture = std::make_unique<probes::LiveCapture>(co);
    capture_ptr = capture.get();
    capture->start();
  } catch (const probes::ProbeError& e) {
    fmt::print(stderr, "facecert capture: {}\n", e.what());
    return kBadInput;
  }
  g_interrupted = false;
  auto previous_int = std::signal(SIGINT, on_interrupt);
  auto previous_term = std::signal(SIGTERM, on_interrupt);
  const auto started = std::chrono::steady_clock::now();
  auto next_progress = started;
  std::string error;
  while (!g_interrupted) {
    const auto now = std::chrono::steady_clock::now();
    if (duration && now - started >= *duration) break;
    if (now >= next_progress) {
      std::lock_guard lock(mu);
      analyzer->tick(std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
      if (!args.quiet)
        print_progress(analyzer->progress(), capture_ptr->stats(),
                     std::chrono::duration<double>(now - started).count());
      next_progress += std::chrono::seconds(1);
    }
    if (!capture_ptr->running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::signal(SIGINT, previous_int);
  std::signal(SIGTERM, previous_term);
  probes::CaptureStats stats;
  try {
    stats = capture->stop();
  } catch (const probes::ProbeError& e) {
    error = e.what();  // reported, and what was captured until then is still analysed
    stats = capture->stats();
  }
  if (!args.quiet) fmt::print(stderr, "\n");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!error.empty()) analyzer->warn(fmt::format("capture stopped early: {}", error));
  if (stats.kernel_drops + stats.iface_drops > 0)
    analyzer->warn(fmt::format("live capture on {}: {} packet(s) dropped by the kernel and {} by the interface: "
                               "the analysis misses them",
                               args.iface, stats.kernel_drops, stats.iface_drops));
  const probes::TrafficReport report = analyzer->finish();
  const std::string source = fmt::format("{} ({:.1f} s)", args.iface, seconds);
  print_traffic_report(source, report);
  if (!args.write.empty()) fmt::print("capture written to {}\n", args.write);
  print_clause_lines({&report});
  nlohmann::json j = nlohmann::json::object();
  j["interface"] = args.iface;
  j["seconds"] = seconds;
  j["kernel_drops"] = stats.kernel_drops;
  j["interface_drops"] = stats.iface_drops;
  if (!args.write.empty()) j["file"] = args.write;
  if (!args.traffic.json_out.empty() &&
      !write_traffic_json("capture", args.traffic.json_out, {{&report, j}}, report.has_fail()))
    return kBadInput;
  return report.has_fail() ? kFound : kOk;
}

const CommandRegistration kRegistration{
    "capture", 61, [](CLI::App& app, int& exit_code) {
      auto args = std::make_shared<CaptureArgs>();
      auto* cmd = app.add_subcommand(
          "capture", "Capture live on an interface (e.g. a mirror port) and analyse as packets arrive (7.0/7.1/7.2)");
      cmd->add_option("--iface", args->iface, "interface to capture on")->required();
      cmd->add_option("--duration", args->duration, "stop after this long (60s, 5m); default: until Ctrl-C");
      cmd->add_option("--bpf", args->bpf, "capture filter (pcap-filter syntax)");
      cmd->add_option("--write", args->write, "also write the packets to this pcapng file (evidence)");
      cmd->add_option("--buffer-mib", args->buffer_mib, "kernel capture buffer in MiB")->check(CLI::Range(1, 4096));
      cmd->add_flag("--quiet", args->quiet, "no progress line");
      add_traffic_options(cmd, args->traffic);
      cmd->callback([args, cmd, &exit_code] {
        note_expect_vlan(cmd, args->traffic);
        exit_code = run_capture(*args);
      });
    }};

}  // namespace
}  // namespace facecert::cli
