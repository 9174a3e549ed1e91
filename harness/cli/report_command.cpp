// facecert report RUN_DIR: write the reports again from the run's journal (also after a crash).
// facecert report verify RUN_DIR: check the run's signed evidence manifest (docs/evidence-integrity.md).
#include <fstream>
#include <iterator>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/harness/cli_command.h"
#include "facecert/harness/journal.h"
#include "facecert/harness/report_info.h"
#include "facecert/harness/run_manifest.h"
#include "facecert/harness/runner.h"
#include "report_output.h"

namespace facecert::cli {
namespace {

struct ReportArgs {
  std::string run_dir, lang = "zh", keys_dir, report_info;
  std::vector<std::string> formats;
  bool no_redact = false;
};

struct VerifyArgs {
  std::string run_dir, key_file, json_out;
};

int report(const ReportArgs& a) {
  reports::WriteOptions wo;
  wo.lang = a.lang;
  wo.redact = !a.no_redact;
  harness::RunRecord run;
  ReportFiles files;
  try {
    // Issue 8: set or replace the cover details first (docs/report-info.md).
    if (!a.report_info.empty())
      harness::set_report_info(std::filesystem::path(a.run_dir) / "journal.sqlite",
                               harness::load_report_info(a.report_info));
    files = write_reports(a.run_dir, a.formats, wo, &run, nullptr, a.keys_dir);
  } catch (const std::exception& e) {
    fmt::print(stderr, "facecert report: {}\n", e.what());
    return kBadInput;
  }
  for (const auto& w : run.read_warnings) fmt::print(stderr, "facecert report: warning: {}\n", w);
  for (const auto& err : files.errors) fmt::print(stderr, "facecert report: {}\n", err);
  if (run.finished.empty())
    fmt::print("note: the run did not finish; {} of {} case(s) were decided and are reported\n",
               run.cases.size(), run.planned_cases);
  for (const auto& [format, file] : files.written) fmt::print("report ({}): {}\n", format, file.string());
  if (!files.errors.empty()) return kBadInput;
  return harness::exit_code_for(run);
}

void print_verification(const harness::VerifyResult& r, bool key_given) {
  for (const auto& i : r.issues) fmt::print("{}: {} ({})\n", harness::to_string(i.problem), i.path, i.detail);
  if (r.signature_valid)
    fmt::print("signature: valid ({}, signed by {})\n", r.signature_algorithm, r.signed_by);
  else
    fmt::print("signature: FAILS: {}\n", r.signature_problem);
  if (key_given) {
    fmt::print("checked with the given key {}\n", r.checked_with);
    fmt::print("the run's embedded key {} {} the given key\n",
               r.embedded_fingerprint.empty() ? "(none)" : r.embedded_fingerprint,
               r.embedded_matches_given.value_or(false) ? "matches" : "does NOT match");
  } else {
    fmt::print("checked with the run's embedded key {} (compare it with your lab's: facecert keys show)\n",
               r.embedded_fingerprint.empty() ? "(none)" : r.embedded_fingerprint);
  }
  if (r.intact())
    fmt::print("intact: {} file(s) as listed, manifest signature valid\n", r.files_listed);
  else
    fmt::print("NOT intact: {} file problem(s){}\n", r.issues.size(), r.signature_valid ? "" : ", signature fails");
}

int verify(const VerifyArgs& a) {
  std::optional<std::string> key;
  if (!a.key_file.empty()) {
    std::ifstream in(a.key_file, std::ios::binary);
    if (!in) {
      fmt::print(stderr, "facecert report verify: {}: cannot read\n", a.key_file);
      return kBadInput;
    }
    key = std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  harness::VerifyResult r;
  try {
    r = harness::verify_run_dir(a.run_dir, key);
  } catch (const std::exception& e) {  // no manifest, unreadable, a --key that is no key
    fmt::print(stderr, "facecert report verify: {}\n", e.what());
    return kBadInput;
  }
  print_verification(r, key.has_value());
  if (!a.json_out.empty()) {
    std::ofstream out(a.json_out, std::ios::trunc);
    out << r.to_json().dump(2) << "\n";
    if (!out) {
      fmt::print(stderr, "facecert report verify: {}: cannot write\n", a.json_out);
      return kBadInput;
    }
  }
  return r.intact() ? kOk : kFound;
}

}  // namespace

const CommandRegistration kReport{"report", 30, [](CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ReportArgs>();
  CLI::App* cmd = app.add_subcommand("report", "write reports from a run directory's journal (or: report verify)");
  // Optional so that `report verify RUN_DIR` parses; required in the callback.
  cmd->add_option("run_dir", args->run_dir, "run directory");
  cmd->add_option("--format", args->formats, "json, junit, html, pdf (default: all)")->delimiter(',');
  cmd->add_option("--report-info", args->report_info, "set or replace the report cover details (JSON, docs/report-info.md)");
  cmd->add_option("--lang", args->lang, "zh or en")->check(CLI::IsMember({"zh", "en"}));
  cmd->add_flag("--no-redact", args->no_redact, "do not mask identity data");
  cmd->add_option("--keys", args->keys_dir, "lab keys folder that signs the manifest (default $FACECERT_KEYS or ~/.config/facecert/keys)");
  cmd->require_subcommand(0, 1);

  auto vargs = std::make_shared<VerifyArgs>();
  CLI::App* v = cmd->add_subcommand("verify", "check every file of a run against its signed manifest: exit 0 intact, "
                                              "1 something changed or the signature fails, 2 bad input");
  v->add_option("run_dir", vargs->run_dir, "run directory")->required();
  v->add_option("--key", vargs->key_file, "the lab's public key (PEM) to check the signature against");
  v->add_option("--json", vargs->json_out, "also write the verification as JSON here");
  v->callback([vargs, &exit_code] { exit_code = verify(*vargs); });

  cmd->callback([v, args, &exit_code] {
    if (v->parsed()) return;
    if (args->run_dir.empty()) throw CLI::RequiredError("run_dir");
    exit_code = report(*args);
  });
}};

}  // namespace facecert::cli
