// facecert purge --runs DIR --older-than DURATION: the lab's retention of run data (issue 8).
#include <fstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/harness/cli_command.h"
#include "facecert/harness/duration.h"
#include "facecert/harness/run_purge.h"

namespace facecert::cli {
namespace {

struct PurgeArgs {
  std::string runs, older_than, json_out;
  bool dry_run = false;
};

// parse_duration's syntax, plus days and weeks ("30d", "2w"), the units a retention is set in.
std::optional<std::chrono::milliseconds> retention(const std::string& text) {
  if (text.size() > 1 && (text.back() == 'd' || text.back() == 'w')) {
    const auto hours = harness::parse_duration(text.substr(0, text.size() - 1) + "h");
    if (hours) return *hours * (text.back() == 'd' ? 24 : 24 * 7);
    return std::nullopt;
  }
  return harness::parse_duration(text);
}

int purge(const PurgeArgs& a) {
  const auto keep = retention(a.older_than);
  if (!keep) {
    fmt::print(stderr, "facecert purge: --older-than '{}' is not a duration (e.g. 30d, 12h, 90m, 2w)\n", a.older_than);
    return kBadInput;
  }
  harness::PurgeResult r;
  try {
    r = harness::purge_runs(a.runs, *keep, a.dry_run);
  } catch (const std::exception& e) {
    fmt::print(stderr, "facecert purge: {}\n", e.what());
    return kBadInput;
  }
  for (const auto& e : r.expired) {
    const char* what = a.dry_run ? "would remove" : e.removed ? "removed" : "FAILED to remove";
    fmt::print("{}: {} ({} old, {} {})\n", what, e.dir.string(), harness::describe_age(e.age), e.since_what, e.since);
    if (!e.problem.empty()) fmt::print(stderr, "facecert purge: {}\n", e.problem);
  }
  fmt::print("{} run(s) {}, {} kept (newer than {})\n", r.expired.size(), a.dry_run ? "to remove" : "removed",
             r.kept.size(), a.older_than);
  if (!a.json_out.empty()) {
    std::ofstream out(a.json_out, std::ios::trunc);
    out << r.to_json(a.dry_run).dump(2) << "\n";
    if (!out) {
      fmt::print(stderr, "facecert purge: {}: cannot write\n", a.json_out);
      return kBadInput;
    }
  }
  return kOk;
}

}  // namespace

const CommandRegistration kPurge{"purge", 70, [](CLI::App& app, int& exit_code) {
  auto args = std::make_shared<PurgeArgs>();
  CLI::App* cmd = app.add_subcommand("purge", "delete run directories older than the lab's retention "
                                              "(files overwritten with zeros before unlinking)");
  cmd->add_option("--runs", args->runs, "folder holding run directories (each with a journal.sqlite)")->required();
  cmd->add_option("--older-than", args->older_than, "retention: 30d, 12h, 90m, 2w ...")->required();
  cmd->add_flag("--dry-run", args->dry_run, "list what would be removed, remove nothing");
  cmd->add_option("--json", args->json_out, "also write the list as JSON here");
  cmd->callback([args, &exit_code] { exit_code = purge(*args); });
}};

}  // namespace facecert::cli
