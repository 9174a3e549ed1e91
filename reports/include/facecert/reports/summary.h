// The run's summary as every report states it: counts per verdict and the overall conclusion.
#pragma once

#include <array>
#include <span>
#include <string>
#include <vector>

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

// One clause's verdict from its cases' verdicts (the one rule every report uses): fail >
// inconclusive > manual > pass > not_applicable > not_run. No case: not_run.
harness::Verdict clause_verdict(std::span<const harness::Verdict> verdicts);

// A row of the clause table: every clause of the run's plan in plan order (RunRecord::clauses),
// then clauses only the cases name (a run whose plan copy is missing), each with its cases.
struct ClauseRow {
  std::string id;
  const harness::ClauseText* text = nullptr;  // null when the plan copy does not have it
  std::vector<const harness::CaseResult*> cases;
  harness::Verdict verdict = harness::Verdict::NotRun;
};
std::vector<ClauseRow> clause_rows(const harness::RunRecord& run);

// All six verdicts in their canonical order (pass, fail, inconclusive, not_applicable, manual,
// not_run).
const std::array<harness::Verdict, 6>& all_verdicts();

}  // namespace facecert::reports
