// The verdict vocabulary. Every case ends in exactly one of these; "pass" must be earned by a check
// that could have failed.
#pragma once

#include <optional>
#include <string_view>

namespace facecert::harness {

enum class Verdict {
  Pass,           // the check ran and the clause holds
  Fail,           // the check ran and the clause is violated (evidence says where)
  Inconclusive,   // the check could not decide (device unreachable, timeout, no data): reason says why
  NotApplicable,  // the clause does not apply to this product's profile
  Manual,         // an inspector must judge (instructions in the plan)
  NotRun,         // not automated yet, or skipped: reason says why
};

std::string_view to_string(Verdict v);
std::optional<Verdict> verdict_from_string(std::string_view s);
// Chinese conformity wording used at acceptance: 符合 / 不符合 / 不适用 / ...
std::string_view to_chinese(Verdict v);

}  // namespace facecert::harness
