// The verdict of every case of the shipped plan on the compliant reference device, whichever
// driver drives it (issue 9: built-in, ISAPI, out-of-process): one table, so that "the same
// verdicts" is checked case by case.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace facecert::testing {

const std::map<std::string, std::string>& compliant_verdicts();
// EXPECTs each case of `result` (result.json) to have its verdict in the table, and every table
// entry to be present.
void expect_compliant_verdicts(const nlohmann::json& result);

}  // namespace facecert::testing
