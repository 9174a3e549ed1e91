// 7.2 (internet part): no real-time internet connection to other applications. The case observes
// for `observe_s` seconds while the capture runs (a device that phones home does so on its own
// schedule), then judges every flow captured so far: a public address at either end fails.
// Verdict logic: network_checks.h.
#include <chrono>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "facecert/harness/device_profile.h"
#include "facecert/harness/evidence_store.h"
#include "facecert/harness/network_checks.h"
#include "facecert/probes/live_capture.h"

namespace facecert::harness::cases {
namespace {

CaseOutcome run(CaseContext& ctx) {
  const double observe = ctx.param_double("observe_s");
  if (observe < 0) throw std::invalid_argument("parameter observe_s must be >= 0");
  ctx.progress(fmt::format("observing the network for {} s", observe));
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(observe);
  while (std::chrono::steady_clock::now() < until && !ctx.stop.stop_requested())
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ctx.capture->settle();
  const auto report = probes::analyze_pcap(ctx.capture->file(), ctx.profile.analyze_options());
  const std::string filter = ctx.profile.capture_filter();
  CaseOutcome out = judge_no_internet_link(
      report, fmt::format("captured on {}{} for the run so far plus {} s of observation",
                          ctx.profile.iface, filter.empty() ? "" : " with filter `" + filter + "`",
                          observe));
  out.measurements["observed_s"] = observe;
  out.measurements["iface"] = ctx.profile.iface;
  out.measurements["capture_filter"] = filter;
  out.evidence.push_back(ctx.evidence.add_json(ctx.plan_case.id, "traffic.json", report.to_json(),
                                               "flows and findings of the capture analysis"));
  return out;
}

const CaseTypeRegistration kRegistration{{
    "network.no-internet-link",
    "no flow to a public (internet) address during the run and an observation window",
    {{"observe_s", "10", "seconds to keep observing the network before judging", false}},
    {},
    false,
    true,
    run,
}};

}  // namespace
}  // namespace facecert::harness::cases
