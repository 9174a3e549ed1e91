// Test fixtures for the report writers: a run with one case of every verdict, hostile text and
// identity data to be masked; and a tiny JSON Schema checker for result.schema.json.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/harness/result.h"

namespace facecert::reports::testing {

inline constexpr const char* kIdNumber = "310101199001011234";   // valid check digit
inline constexpr const char* kIdMasked = "3101**********1234";
inline constexpr const char* kIdNumberX = "31010419880808106X";  // valid, check digit X
inline constexpr const char* kIdMaskedX = "3101**********106X";
inline constexpr const char* kMobile = "13812345678";
inline constexpr const char* kMobileMasked = "138****5678";

// Six cases in plan order: pass, fail, inconclusive, not_applicable, manual, not_run.
harness::RunRecord sample_run();

// A fresh empty directory under the system temp dir, removed by the caller or left for the OS.
std::filesystem::path fresh_dir(const std::string& tag);

std::string read_text(const std::filesystem::path& path);

// Structural JSON Schema check (type, required, properties, additionalProperties, items, enum,
// const, minimum, local $ref). Returns the list of violations, empty when `value` conforms.
std::vector<std::string> schema_violations(const nlohmann::json& schema, const nlohmann::json& value);

// reports/schema/result.schema.json from the source tree.
nlohmann::json result_schema();

}  // namespace facecert::reports::testing
