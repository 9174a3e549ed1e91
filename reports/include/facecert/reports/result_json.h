// The canonical result (result.json, schema "facecert.result/1"; docs/report-schema.md,
// reports/schema/result.schema.json). Other writers and tools may build on this value.
#pragma once

#include <nlohmann/json.hpp>

#include "facecert/harness/result.h"
#include "facecert/reports/writer.h"

namespace facecert::reports {

inline constexpr const char* kResultSchemaId = "facecert.result/1";

// The result document for `run`; masked when options.redact.
nlohmann::json result_json(const harness::RunRecord& run, const WriteOptions& options);

}  // namespace facecert::reports
