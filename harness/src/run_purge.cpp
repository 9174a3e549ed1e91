#include "facecert/harness/run_purge.h"

#include <algorithm>
#include <ctime>
#include <stdexcept>

#include <fmt/format.h>

#include "facecert/harness/journal.h"
#include "facecert/harness/secure_erase.h"

namespace facecert::harness {
namespace {

std::string iso(std::chrono::sys_seconds t) {
  const std::time_t tt = static_cast<std::time_t>(t.time_since_epoch().count());
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// When the run's age counts from, and what that moment was.
std::pair<std::chrono::sys_seconds, std::string> reference_time(const std::filesystem::path& dir) {
  std::chrono::sys_seconds t;
  try {
    const RunRecord run = read_journal(dir / "journal.sqlite");
    if (!run.finished.empty() && parse_iso8601_utc(run.finished, t)) return {t, "finished"};
    if (!run.started.empty() && parse_iso8601_utc(run.started, t)) return {t, "started (unfinished)"};
  } catch (const std::exception&) {
    // An unreadable journal still marks a run directory: its file time is the best age there is.
  }
  const auto ft = std::filesystem::last_write_time(dir / "journal.sqlite");
  return {std::chrono::floor<std::chrono::seconds>(std::chrono::file_clock::to_sys(ft)), "journal modified"};
}

}  // namespace

bool parse_iso8601_utc(const std::string& text, std::chrono::sys_seconds& out) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!end || (*end != 'Z' && *end != '\0')) return false;
  out = std::chrono::sys_seconds(std::chrono::seconds(timegm(&tm)));
  return true;
}

std::string describe_age(std::chrono::seconds age) {
  const long long s = age.count();
  if (s >= 86400) return fmt::format("{}d {}h", s / 86400, s % 86400 / 3600);
  if (s >= 3600) return fmt::format("{}h {}m", s / 3600, s % 3600 / 60);
  if (s >= 60) return fmt::format("{}m {}s", s / 60, s % 60);
  return fmt::format("{}s", s);
}

nlohmann::json PurgeResult::to_json(bool dry_run) const {
  auto list = [](const std::vector<PurgeEntry>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& e : v) {
      nlohmann::json j{{"run_dir", e.dir.string()}, {"since", e.since}, {"since_what", e.since_what},
                       {"age_s", e.age.count()}, {"removed", e.removed}};
      if (!e.problem.empty()) j["problem"] = e.problem;
      a.push_back(std::move(j));
    }
    return a;
  };
  return {{"schema", "facecert.purge/1"}, {"dry_run", dry_run}, {"expired", list(expired)}, {"kept", list(kept)}};
}

PurgeResult purge_runs(const std::filesystem::path& runs_dir, std::chrono::milliseconds retention, bool dry_run,
                       std::chrono::sys_seconds now) {
  if (!std::filesystem::is_directory(runs_dir))
    throw std::runtime_error(fmt::format("{}: not a folder", runs_dir.string()));
  std::vector<std::filesystem::path> dirs;
  for (const auto& entry : std::filesystem::directory_iterator(runs_dir))
    if (entry.is_directory() && !entry.is_symlink() && std::filesystem::is_regular_file(entry.path() / "journal.sqlite"))
      dirs.push_back(entry.path());
  std::sort(dirs.begin(), dirs.end());

  PurgeResult result;
  for (const auto& dir : dirs) {
    PurgeEntry e;
    e.dir = dir;
    const auto [t, what] = reference_time(dir);
    e.since = iso(t);
    e.since_what = what;
    e.age = now - t;
    if (e.age <= retention) {
      result.kept.push_back(std::move(e));
      continue;
    }
    if (!dry_run) {
      e.problem = secure_erase_tree(dir);
      e.removed = !std::filesystem::exists(dir);
    }
    result.expired.push_back(std::move(e));
  }
  return result;
}

}  // namespace facecert::harness
