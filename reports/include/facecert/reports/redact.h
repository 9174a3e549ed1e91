// Privacy masking for everything a report writes: the harness obeys the rules it checks (sensitive
// personal information includes ID numbers; 沪公技防〔2021〕5号 scope). One helper, used by all writers.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "facecert/harness/result.h"

namespace facecert::reports {

// Masks resident ID numbers (17 digits + digit or X: keep first 4 and last 4, e.g.
// 3101**********123X) and mainland mobile numbers (11 digits 1[3-9]...: keep first 3 and last 4).
// A match must not touch other digits on either side, so longer digit runs are left alone.
std::string redact_text(std::string_view text);

// Walks a JSON value: masks every string, every object key, and integers whose decimal form is an
// ID or mobile number (they become masked strings). Values under a key named "sha256" are hashes,
// not text, and are kept.
nlohmann::json redact_json(const nlohmann::json& value);

// A copy of the run with every text field and JSON value masked (hashes kept).
harness::RunRecord redact_run(const harness::RunRecord& run);

}  // namespace facecert::reports
