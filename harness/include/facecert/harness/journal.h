// The run journal: an SQLite file in the run directory, written case by case as verdicts are
// decided (each in its own transaction), from which every report is written. If the runner is
// killed mid-plan, the journal still holds every case already decided.
#pragma once

#include <filesystem>
#include <memory>

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
// journal; a run that never finished comes back with `finished` empty.
RunRecord read_journal(const std::filesystem::path& file);

}  // namespace facecert::harness
