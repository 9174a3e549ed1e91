#include "facecert/reports/summary.h"

#include <algorithm>
#include <string_view>

namespace facecert::reports {

using harness::Verdict;

const std::array<Verdict, 6>& all_verdicts() {
  static const std::array<Verdict, 6> kAll{Verdict::Pass,          Verdict::Fail,
                                           Verdict::Inconclusive,  Verdict::NotApplicable,
                                           Verdict::Manual,        Verdict::NotRun};
  return kAll;
}

namespace {

// Clause ids in reading order: "6.1.2" < "6.1.10"; numeric segments compare as numbers.
bool clause_less(std::string_view a, std::string_view b) {
  auto next = [](std::string_view& s) {
    const auto dot = s.find('.');
    const auto seg = s.substr(0, dot);
    s = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
    return seg;
  };
  auto numeric = [](std::string_view s) {
    return !s.empty() && s.size() < 9 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  while (!a.empty() && !b.empty()) {
    const auto x = next(a), y = next(b);
    if (numeric(x) && numeric(y)) {
      const auto nx = std::stol(std::string(x)), ny = std::stol(std::string(y));
      if (nx != ny) return nx < ny;
    } else if (x != y) {
      return x < y;
    }
  }
  return a.empty() && !b.empty();
}

}  // namespace

harness::Verdict clause_verdict(std::span<const Verdict> verdicts) {
  static constexpr std::array<Verdict, 6> kPrecedence{Verdict::Fail,   Verdict::Inconclusive,
                                                      Verdict::Manual, Verdict::Pass,
                                                      Verdict::NotApplicable, Verdict::NotRun};
  for (Verdict v : kPrecedence)
    for (Verdict c : verdicts)
      if (c == v) return v;
  return Verdict::NotRun;
}

std::vector<ClauseRow> clause_rows(const harness::RunRecord& run) {
  std::vector<ClauseRow> rows;
  for (const auto& c : run.clauses) rows.push_back({c.id, &c, {}, Verdict::NotRun});
  for (const auto& c : run.cases) {
    auto it = std::find_if(rows.begin(), rows.end(), [&](const ClauseRow& r) { return r.id == c.clause; });
    if (it == rows.end()) it = rows.insert(rows.end(), ClauseRow{c.clause, nullptr, {}, Verdict::NotRun});
    it->cases.push_back(&c);
  }
  // Without the plan copy, clauses in reading order (the plan's order is not known).
  if (run.clauses.empty())
    std::stable_sort(rows.begin(), rows.end(), [](const ClauseRow& a, const ClauseRow& b) { return clause_less(a.id, b.id); });
  for (auto& r : rows) {
    std::vector<Verdict> v;
    for (const auto* c : r.cases) v.push_back(c->verdict);
    r.verdict = clause_verdict(v);
  }
  return rows;
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
