// Writes report files from a run directory's journal, shared by `run` and `report`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "facecert/harness/result.h"
#include "facecert/reports/writer.h"

namespace facecert::cli {

struct ReportFiles {
  std::vector<std::pair<std::string, std::filesystem::path>> written;  // format, file
  std::vector<std::string> errors;
};

// Reads RUN_DIR/journal.sqlite and writes each format (empty: every registered writer), then
// refreshes RUN_DIR/manifest.json. Throws std::runtime_error when the journal cannot be read.
ReportFiles write_reports(const std::filesystem::path& run_dir, std::vector<std::string> formats,
                          const reports::WriteOptions& options, harness::RunRecord* run_out = nullptr);

}  // namespace facecert::cli
