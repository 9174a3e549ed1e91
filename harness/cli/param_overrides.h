// `facecert run --param CASE_GLOB:NAME=VALUE`: a lab changes a case's parameter for one run without
// editing the plan (e.g. 'SH-6.1.4-*:per_species=25'). The glob matches case ids or clause ids, as
// --filter does; the name must be one the case type declares.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/harness/plan.h"

namespace facecert::cli {

// Applies every override to `plan`; returns what was changed (for the run's evidence). Throws
// std::invalid_argument naming the override when it is malformed, matches no case, or names a
// parameter the matched case's type does not have.
nlohmann::json apply_param_overrides(harness::Plan& plan, const std::vector<std::string>& overrides);

}  // namespace facecert::cli
