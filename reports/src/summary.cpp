#include "facecert/reports/summary.h"

namespace facecert::reports {

using harness::Verdict;

const std::array<Verdict, 6>& all_verdicts() {
  static const std::array<Verdict, 6> kAll{Verdict::Pass,          Verdict::Fail,
                                           Verdict::Inconclusive,  Verdict::NotApplicable,
                                           Verdict::Manual,        Verdict::NotRun};
  return kAll;
}

RunSummary summarize(const harness::RunRecord& run) {
  RunSummary s;
  for (const auto& c : run.cases) ++s.counts[static_cast<std::size_t>(c.verdict)];
  s.planned_cases = run.planned_cases;
  s.decided_cases = static_cast<int>(run.cases.size());
  s.complete = !run.finished.empty();
  // A pass must be earned: a crashed or partial run cannot conclude "pass".
  if (s.count(Verdict::Fail) > 0)
    s.overall = Verdict::Fail;
  else if (s.count(Verdict::Inconclusive) > 0 || !s.complete || s.decided_cases == 0 ||
           s.decided_cases < s.planned_cases)
    s.overall = Verdict::Inconclusive;
  else if (s.count(Verdict::Manual) > 0 || s.count(Verdict::NotRun) > 0)
    // Nothing automated failed, but clauses remain for the inspector (manual, or not tested by
    // facecert): the run cannot conclude "pass" on their behalf.
    s.overall = Verdict::Manual;
  else
    s.overall = Verdict::Pass;
  return s;
}

}  // namespace facecert::reports
