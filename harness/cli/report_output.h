// Writes report files from a run directory's journal, shared by `run` and `report`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "facecert/harness/lab_keys.h"
#include "facecert/harness/result.h"
#include "facecert/reports/writer.h"

namespace facecert::cli {

struct ReportFiles {
  std::vector<std::pair<std::string, std::filesystem::path>> written;  // format, file
  std::vector<std::string> errors;
};

// The lab keys in `dir` (empty: harness::default_keys_dir()), made on first use with one line on
// stdout saying where. Throws std::runtime_error when they exist but cannot be read.
harness::LabKeys lab_keys_for_run(const std::filesystem::path& dir);

// Reads RUN_DIR/journal.sqlite and writes each format (empty: every registered writer), then
// refreshes RUN_DIR/manifest.json and signs it with the lab key (keys null: lab_keys_for_run(keys_dir),
// only once the journal was read, so a bad run directory makes no keys).
// Throws std::runtime_error when the journal cannot be read.
ReportFiles write_reports(const std::filesystem::path& run_dir, std::vector<std::string> formats,
                          const reports::WriteOptions& options, harness::RunRecord* run_out = nullptr,
                          const harness::LabKeys* keys = nullptr, const std::filesystem::path& keys_dir = {});

}  // namespace facecert::cli
