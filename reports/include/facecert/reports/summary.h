// The run's summary as every report states it: counts per verdict and the overall conclusion.
#pragma once

#include <array>
#include <string>

#include "facecert/harness/result.h"

namespace facecert::reports {

struct RunSummary {
  std::array<int, 6> counts{};  // indexed by static_cast<int>(harness::Verdict)
  int planned_cases = 0;
  int decided_cases = 0;
  bool complete = false;        // the run finished (RunRecord::finished non-empty)
  harness::Verdict overall = harness::Verdict::Inconclusive;  // Pass, Fail, Inconclusive or Manual

  int count(harness::Verdict v) const { return counts[static_cast<std::size_t>(v)]; }
};

// Overall: fail if any case failed; else inconclusive if any case is inconclusive, the run did not
// complete, fewer cases were decided than planned, or no case was decided; else manual if any case
// is manual or not_run (the inspector must conclude); else pass.
RunSummary summarize(const harness::RunRecord& run);

// All six verdicts in their canonical order (pass, fail, inconclusive, not_applicable, manual,
// not_run).
const std::array<harness::Verdict, 6>& all_verdicts();

}  // namespace facecert::reports
