// facecert report RUN_DIR: write the reports again from the run's journal (also after a crash).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/harness/cli_command.h"
#include "facecert/harness/runner.h"
#include "report_output.h"

namespace facecert::cli {
namespace {

struct ReportArgs {
  std::string run_dir, lang = "zh";
  std::vector<std::string> formats;
  bool no_redact = false;
};

int report(const ReportArgs& a) {
  reports::WriteOptions wo;
  wo.lang = a.lang;
  wo.redact = !a.no_redact;
  harness::RunRecord run;
  ReportFiles files;
  try {
    files = write_reports(a.run_dir, a.formats, wo, &run);
  } catch (const std::exception& e) {
    fmt::print(stderr, "facecert report: {}\n", e.what());
    return kBadInput;
  }
  for (const auto& err : files.errors) fmt::print(stderr, "facecert report: {}\n", err);
  if (run.finished.empty())
    fmt::print("note: the run did not finish; {} of {} case(s) were decided and are reported\n",
               run.cases.size(), run.planned_cases);
  for (const auto& [format, file] : files.written) fmt::print("report ({}): {}\n", format, file.string());
  if (!files.errors.empty()) return kBadInput;
  return harness::exit_code_for(run);
}

}  // namespace

const CommandRegistration kReport{"report", 30, [](CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand("report", "write reports from a run directory's journal");
  cmd->add_option("run_dir", args->run_dir, "run directory")->required();
  cmd->add_option("--format", args->formats, "json, junit, html (default: all)")->delimiter(',');
  cmd->add_option("--lang", args->lang, "zh or en")->check(CLI::IsMember({"zh", "en"}));
  cmd->add_flag("--no-redact", args->no_redact, "do not mask identity data");
  cmd->callback([args, &exit_code] { exit_code = report(*args); });
}};

}  // namespace facecert::cli
