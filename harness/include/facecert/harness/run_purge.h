// `facecert purge`: deletes run directories older than the lab's retention (issue 8). A run
// directory is a folder holding journal.sqlite; its age counts from the run's finish (its start
// when it never finished; the journal's modification time when the journal cannot be read).
// Files are overwritten with zeros before they are unlinked (secure_erase.h).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace facecert::harness {

struct PurgeEntry {
  std::filesystem::path dir;
  std::string since;        // the time the age counts from (ISO 8601 UTC)
  std::string since_what;   // "finished", "started (unfinished)", "journal modified"
  std::chrono::seconds age{0};
  bool removed = false;     // false on a dry run, or when removal failed
  std::string problem;      // what went wrong removing it
};

struct PurgeResult {
  std::vector<PurgeEntry> expired;  // older than the retention: removed (or would be, dry run)
  std::vector<PurgeEntry> kept;
  nlohmann::json to_json(bool dry_run) const;
};

// Throws std::runtime_error when runs_dir is not a readable folder.
PurgeResult purge_runs(const std::filesystem::path& runs_dir, std::chrono::milliseconds retention, bool dry_run,
                       std::chrono::sys_seconds now = std::chrono::floor<std::chrono::seconds>(
                           std::chrono::system_clock::now()));

// "2026-11-27T11:05:19Z" -> seconds since the epoch; false when it is not that form. Seconds, not
// system_clock's nanoseconds: a journal may hold a date beyond 2262.
bool parse_iso8601_utc(const std::string& text, std::chrono::sys_seconds& out);

// "3d 4h", "5h 2m", "40s": an age for people.
std::string describe_age(std::chrono::seconds age);

}  // namespace facecert::harness
