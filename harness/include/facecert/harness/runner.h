// The runner: loads nothing itself. Given a validated plan, a device profile and listeners, it
// starts the capture, runs each case in order with its timeout, turns each into a verdict and
// streams the results as events.
#pragma once

#include <filesystem>
#include <string>

#include "facecert/harness/device_profile.h"
#include "facecert/harness/events.h"
#include "facecert/harness/plan.h"

namespace facecert::harness {

struct RunOptions {
  std::filesystem::path run_dir;
  std::string filter;  // glob on case id or clause id; empty: all
  bool capture = true;
  std::string run_id;
};

bool case_selected(const PlanCase& c, const std::string& filter);

class Runner {
 public:
  Runner(const Plan& plan, const DeviceProfile& profile, RunOptions options, RunListener& listener);
  // Runs the plan; never throws for what a device does (that becomes verdicts). Throws only when
  // the run directory cannot be written.
  RunRecord run();

 private:
  const Plan& plan_;
  const DeviceProfile& profile_;
  RunOptions options_;
  RunListener& listener_;
};

// 0 no fail, 1 a fail, 3 nothing failed but something was inconclusive.
int exit_code_for(const RunRecord& run);

}  // namespace facecert::harness
