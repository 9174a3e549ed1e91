#include "facecert/harness/runner.h"

#include <fnmatch.h>

#include <chrono>
#include <ctime>
#include <future>
#include <stop_token>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "facecert/drivers/registry.h"
#include "facecert/harness/case_type.h"
#include "facecert/harness/evidence_store.h"
#include "facecert/harness/report_info.h"
#include "facecert/harness/run_state.h"
#include "facecert/probes/live_capture.h"

namespace facecert::harness {
namespace {

using Clock = std::chrono::steady_clock;

CaseResult skeleton(const Plan& plan, const PlanCase& pc) {
  CaseResult r;
  r.id = pc.id;
  r.clause = pc.clause;
  r.type = pc.type;
  r.title = pc.title.get("zh");
  if (const Clause* c = plan.clause(pc.clause)) r.requirement = c->text.get("zh");
  return r;
}

std::string join_caps(const std::vector<drivers::Capability>& caps) {
  std::vector<std::string> names;
  for (auto c : caps) names.emplace_back(drivers::to_string(c));
  return fmt::format("{}", fmt::join(names, ", "));
}

// Decides whether a case can run at all; an outcome means it cannot (and why).
std::optional<CaseOutcome> precheck(const PlanCase& pc, const CaseTypeInfo& info,
                                    const DeviceProfile& profile, drivers::Driver* driver,
                                    probes::LiveCapture* capture, const RunState& state) {
  if (!pc.applies_to.empty() && !profile.product_profiles.empty()) {
    bool any = false;
    for (const auto& k : profile.product_profiles) any = any || pc.applies_to.count(k);
    if (!any)
      return CaseOutcome{Verdict::NotApplicable,
                         fmt::format("the clause applies to {} products; this product is {}",
                                     fmt::join(pc.applies_to, "/"),
                                     fmt::join(profile.product_profiles, "/")),
                         {},
                         {}};
  }
  if (info.needs_device && !driver)
    return CaseOutcome{Verdict::Inconclusive,
                       state.driver_error.empty() ? std::string("no device driver is available")
                                                  : fmt::format("no device driver is available: {}", state.driver_error),
                       {},
                       {}};
  std::vector<drivers::Capability> missing;
  for (auto c : info.requires_caps)
    if (driver && !driver->has(c)) missing.push_back(c);
  std::string why;  // what the driver knows about the missing capabilities (e.g. the device says so)
  for (auto c : missing)
    if (auto w = driver->why_missing(c); !w.empty()) why += fmt::format("; {}: {}", to_string(c), w);
  if (!missing.empty())
    return CaseOutcome{Verdict::Manual,
                       fmt::format("driver '{}' cannot {}{}: an inspector must judge this case by "
                                   "hand ({})",
                                   driver->name(), join_caps(missing), why, pc.method.get("zh")),
                       {},
                       {}};
  if (info.needs_capture && !capture)
    return CaseOutcome{Verdict::Inconclusive,
                       fmt::format("no network capture: {}", state.capture_error.empty()
                                                                 ? "capture disabled"
                                                                 : state.capture_error),
                       {},
                       {}};
  return std::nullopt;
}

// The one choke point for running a case: catches what the case or the device throws and turns it
// into an inconclusive verdict with the reason, never into a pass and never into a dead run.
CaseOutcome guarded_run(const CaseTypeInfo& info, CaseContext& ctx) {
  try {
    return info.run(ctx);
  } catch (const drivers::DriverFailure& e) {
    // The driver broke, not the device: inconclusive, with what the driver left behind.
    CaseOutcome out{Verdict::Inconclusive, fmt::format("driver failure: {}", e.what()), {}, {}};
    for (const auto& [name, text] : e.evidence()) {
      try {
        out.evidence.push_back(ctx.evidence.add_text(ctx.plan_case.id, name, text, "text/plain", "driver failure: " + name));
      } catch (const std::exception&) {  // best effort: the verdict and reason stand without it
      }
    }
    return out;
  } catch (const drivers::DriverError& e) {
    return {Verdict::Inconclusive, fmt::format("device error: {}", e.what()), {}, {}};
  } catch (const std::invalid_argument& e) {
    return {Verdict::Inconclusive, fmt::format("bad parameter: {}", e.what()), {}, {}};
  } catch (const std::exception& e) {
    return {Verdict::Inconclusive, fmt::format("could not complete the check: {}", e.what()), {}, {}};
  }
}

}  // namespace

std::string now_iso8601() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool case_selected(const PlanCase& c, const std::string& filter) {
  if (filter.empty()) return true;
  // A comma-separated list of globs: the case runs when any matches its id or clause.
  std::size_t start = 0;
  while (start <= filter.size()) {
    const auto comma = filter.find(',', start);
    const std::string glob = filter.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!glob.empty() &&
        (fnmatch(glob.c_str(), c.id.c_str(), 0) == 0 || fnmatch(glob.c_str(), c.clause.c_str(), 0) == 0))
      return true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

Runner::Runner(const Plan& plan, const DeviceProfile& profile, RunOptions options,
               RunListener& listener)
    : plan_(plan), profile_(profile), options_(std::move(options)), listener_(listener) {}

RunRecord Runner::run() {
  EvidenceStore evidence(options_.run_dir);
  RunState state;

  RunRecord rec;
  rec.run_id = options_.run_id;
  rec.facecert_version = FACECERT_VERSION;
  rec.plan_id = plan_.id;
  rec.plan_version = plan_.version;
  rec.plan_title = plan_.title.get("zh");
  rec.regulation = plan_.regulation;
  rec.plan_file = plan_.file.string();
  rec.plan_sha256 = plan_.sha256;
  rec.product_profile = fmt::format("{}", fmt::join(profile_.product_profiles, " "));
  rec.device_driver = profile_.driver;
  rec.device_url = profile_.url;
  rec.started = now_iso8601();
  rec.tools = tool_versions();  // issue 8: the report cover names the tools and their versions

  // The capture starts before the first contact with the device, so that every connection is seen
  // from its handshake on.
  std::unique_ptr<probes::LiveCapture> capture;
  if (options_.capture && profile_.capture) {
    probes::CaptureOptions co;
    co.iface = profile_.iface;
    co.bpf = profile_.capture_filter();
    co.out = evidence.evidence_dir() / "capture.pcapng";
    capture = std::make_unique<probes::LiveCapture>(co);
    try {
      capture->start();
    } catch (const std::exception& e) {
      state.capture_error = e.what();
      capture.reset();
    }
  } else {
    state.capture_error = "capture disabled (--no-capture or the profile)";
  }

  std::unique_ptr<drivers::Driver> driver;
  try {
    auto config = profile_.driver_config();
    // Media pass to an out-of-process driver as files here; face data, so removed after the run.
    config.exchange_dir = options_.run_dir / "work" / "driver-exchange";
    driver = drivers::DriverRegistry::instance().make(config);
  } catch (const std::exception& e) {
    rec.device_info = {{"error", e.what()}};
    state.driver_error = e.what();
  }
  if (driver && profile_.driver == "process") rec.device_driver = fmt::format("process:{}", driver->name());
  if (driver && driver->has(drivers::Capability::Info)) {
    try {
      const auto info = driver->info();
      rec.device_info = {{"maker", info.maker},       {"model", info.model},
                         {"firmware", info.firmware}, {"serial", info.serial},
                         {"name", info.device_name}};
    } catch (const std::exception& e) {
      rec.device_info = {{"error", e.what()}};
    }
  }

  std::vector<const PlanCase*> selected;
  for (const auto& pc : plan_.cases)
    if (case_selected(pc, options_.filter)) selected.push_back(&pc);
  rec.planned_cases = static_cast<int>(selected.size());
  listener_.on_run_start(rec);

  const int total = static_cast<int>(selected.size());
  for (int i = 0; i < total; ++i) {
    const PlanCase& pc = *selected[static_cast<std::size_t>(i)];
    listener_.on_case_start(pc, i, total);
    CaseResult result = skeleton(plan_, pc);
    result.started = now_iso8601();
    const auto t0 = Clock::now();
    const CaseTypeInfo* info = CaseTypeRegistry::instance().find(pc.type);
    CaseOutcome outcome;
    if (!info) {
      outcome = {Verdict::NotRun, fmt::format("unknown case type '{}'", pc.type), {}, {}};
    } else if (auto pre = precheck(pc, *info, profile_, driver.get(), capture.get(), state)) {
      outcome = std::move(*pre);
    } else {
      std::stop_source stop;
      CaseContext ctx{pc,          profile_,         driver.get(), capture.get(),
                      evidence,    state,            stop.get_token(),
                      [&](const std::string& m) { listener_.on_progress(pc, m); }};
      auto fut = std::async(std::launch::async, [&] { return guarded_run(*info, ctx); });
      if (fut.wait_for(pc.timeout) == std::future_status::timeout) {
        stop.request_stop();
        fut.wait();  // device calls have their own timeouts; the case sees the stop request
        outcome = {Verdict::Inconclusive,
                   fmt::format("timed out after {} s (case timeout)", pc.timeout.count()),
                   {},
                   {}};
      } else {
        outcome = fut.get();
      }
    }
    result.verdict = outcome.verdict;
    result.reason = std::move(outcome.reason);
    result.measurements = std::move(outcome.measurements);
    result.evidence = std::move(outcome.evidence);
    result.finished = now_iso8601();
    result.duration_s = std::chrono::duration<double>(Clock::now() - t0).count();
    rec.cases.push_back(result);
    listener_.on_case_end(result, i, total);
  }

  if (capture) {
    const auto st = capture->stop();
    evidence.add_json("run", "capture-stats.json",
                      {{"iface", profile_.iface},
                       {"filter", profile_.capture_filter()},
                       {"packets", st.packets},
                       {"bytes", st.bytes},
                       {"kernel_drops", st.kernel_drops},
                       {"iface_drops", st.iface_drops}},
                      "capture statistics");
  }
  driver.reset();  // an out-of-process driver is shut down here
  std::error_code ec;
  std::filesystem::remove_all(options_.run_dir / "work" / "driver-exchange", ec);
  std::filesystem::remove(options_.run_dir / "work", ec);  // only when empty
  rec.finished = now_iso8601();
  listener_.on_run_end(rec);
  return rec;
}

int exit_code_for(const RunRecord& run) {
  bool inconclusive = false;
  for (const auto& c : run.cases) {
    if (c.verdict == Verdict::Fail) return 1;
    inconclusive = inconclusive || c.verdict == Verdict::Inconclusive;
  }
  return inconclusive ? 3 : 0;
}

}  // namespace facecert::harness
