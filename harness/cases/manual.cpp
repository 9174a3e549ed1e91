// Manual cases: an inspector judges (instructions in the plan). The verdict is `manual` until the
// inspector's answer is recorded; facecert never guesses it.
#include "facecert/harness/case_type.h"

namespace facecert::harness::cases {
namespace {

CaseOutcome run(CaseContext& ctx) {
  CaseOutcome out;
  out.verdict = Verdict::Manual;
  out.reason = ctx.plan_case.instructions.get("zh");
  return out;
}

const CaseTypeRegistration kRegistration{{
    "manual",
    "an inspector checks by hand, following the case's <instructions>",
    {},
    {},
    false,
    false,
    run,
}};

}  // namespace
}  // namespace facecert::harness::cases
