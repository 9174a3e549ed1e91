// Cases whose automation is planned but not built yet: reported `not_run` with the reason, never
// silently passed.
#include <fmt/format.h>

#include "facecert/harness/case_type.h"

namespace facecert::harness::cases {
namespace {

CaseOutcome run(CaseContext& ctx) {
  CaseOutcome out;
  out.verdict = Verdict::NotRun;
  out.reason = fmt::format("not automated yet: {}", ctx.param("reason"));
  return out;
}

const CaseTypeRegistration kRegistration{{
    "not-automated",
    "a check facecert will automate later; reported not_run with the reason",
    {{"reason", "", "why it is not automated yet and where it is planned", true}},
    {},
    false,
    false,
    run,
}};

}  // namespace
}  // namespace facecert::harness::cases
