// The run journal: an SQLite file in the run directory, written case by case as verdicts are
// decided (each in its own transaction), from which every report is written. If the runner is
// killed mid-plan, the journal still holds every case already decided.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "facecert/harness/events.h"

struct sqlite3;

namespace facecert::harness {

class JournalWriter : public RunListener {
 public:
  // Creates (or replaces) the journal. Throws std::runtime_error naming the file.
  explicit JournalWriter(const std::filesystem::path& file);
  ~JournalWriter() override;
  void on_run_start(const RunRecord& run) override;
  void on_case_end(const CaseResult& result, int index, int total) override;
  void on_run_end(const RunRecord& run) override;

 private:
  void exec(const char* sql);
  sqlite3* db_ = nullptr;
  std::filesystem::path file_;
};

// Reads a journal back. Throws std::runtime_error naming the file when it is missing or not a
// journal; a run that never finished comes back with `finished` empty. Rows that cannot be read
// are skipped and named in RunRecord::read_warnings (the rest is still returned). Manual cases the
// inspector answered come back with the inspector's verdict; the plan texts come from plan.xml
// beside the journal (attach_plan_texts).
RunRecord read_journal(const std::filesystem::path& file);

// Issue 8, after the run: store (replace) the report info (docs/report-info.md) in the journal.
void set_report_info(const std::filesystem::path& file, const nlohmann::json& info);
// The verdict the run recorded for a case (before any inspector answer); nullopt: no such case.
std::optional<Verdict> recorded_verdict(const std::filesystem::path& file, const std::string& case_id);
// Stores (replaces) the inspector's answer to a manual case.
void record_inspector_answer(const std::filesystem::path& file, const std::string& case_id,
                             const InspectorAnswer& answer);

// Fills RunRecord::clauses and each case's title/requirement/method texts from a copy of the plan
// (every language it has). Tolerant: a missing or unreadable copy adds a read warning only when
// the file exists.
void attach_plan_texts(RunRecord& run, const std::filesystem::path& plan_xml);

}  // namespace facecert::harness
