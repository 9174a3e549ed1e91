// facecert manual RUN_DIR CASE_ID --verdict pass|fail|not_applicable --note TEXT [--inspector NAME]
// [--attach FILE]...: the inspector's answer to a manual case (issue 8). Stored in the run's journal;
// attachments are copied into evidence/CASE_ID/ and hashed. The reports then show the inspector's
// verdict, marked as such, with who, when, the note and the attachments.
#include <cctype>
#include <fstream>
#include <iterator>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/harness/cli_command.h"
#include "facecert/harness/evidence_store.h"
#include "facecert/harness/journal.h"
#include "facecert/harness/run_state.h"

namespace facecert::cli {
namespace {

struct ManualArgs {
  std::string run_dir, case_id, verdict, note, inspector;
  std::vector<std::string> attachments;
};

// A case id becomes a folder name under evidence/: plan ids are letters, digits, '-', '_', '.'.
bool safe_id(const std::string& id) {
  if (id.empty() || id == "." || id == "..") return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_' || c == '.'))
      return false;
  return true;
}

int record(const ManualArgs& a) {
  const std::filesystem::path journal = std::filesystem::path(a.run_dir) / "journal.sqlite";
  try {
    if (!safe_id(a.case_id)) {
      fmt::print(stderr, "facecert manual: '{}' is not a case id\n", a.case_id);
      return kBadInput;
    }
    const auto recorded = harness::recorded_verdict(journal, a.case_id);
    if (!recorded) {
      fmt::print(stderr, "facecert manual: {}: no case {} in this run\n", journal.string(), a.case_id);
      return kBadInput;
    }
    if (*recorded != harness::Verdict::Manual) {
      fmt::print(stderr, "facecert manual: {} is not a manual case (the run decided it: {}); only manual "
                         "cases take an inspector's verdict\n", a.case_id, harness::to_string(*recorded));
      return kBadInput;
    }
    harness::InspectorAnswer answer;
    answer.verdict = *harness::verdict_from_string(a.verdict);
    answer.note = a.note;
    answer.inspector = a.inspector;
    answer.recorded = harness::now_iso8601();
    harness::EvidenceStore store(a.run_dir);
    for (const auto& file : a.attachments) {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        fmt::print(stderr, "facecert manual: {}: cannot read the attachment\n", file);
        return kBadInput;
      }
      const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const std::string name = std::filesystem::path(file).filename().string();
      std::string ext = std::filesystem::path(file).extension().string();
      for (auto& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const std::string kind = ext == ".jpg" || ext == ".jpeg" ? "image/jpeg"
                               : ext == ".png"                 ? "image/png"
                               : ext == ".pdf"                 ? "pdf"
                                                               : "attachment";
      answer.attachments.push_back(store.add_bytes(a.case_id, "inspector-" + name, bytes, kind,
                                                   "inspector's attachment: " + name));
    }
    harness::record_inspector_answer(journal, a.case_id, answer);
  } catch (const std::exception& e) {
    fmt::print(stderr, "facecert manual: {}\n", e.what());
    return kBadInput;
  }
  fmt::print("{}: inspector's verdict {} recorded in {}\n", a.case_id, a.verdict, journal.string());
  fmt::print("write the reports again (and the signed manifest): facecert report {}\n", a.run_dir);
  return kOk;
}

}  // namespace

const CommandRegistration kManual{"manual", 35, [](CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ManualArgs>();
  CLI::App* cmd = app.add_subcommand("manual", "record the inspector's answer to a manual case of a run");
  cmd->add_option("run_dir", args->run_dir, "run directory")->required();
  cmd->add_option("case_id", args->case_id, "plan case id, e.g. SH-7.2-01")->required();
  cmd->add_option("--verdict", args->verdict, "pass, fail or not_applicable")
      ->required()
      ->check(CLI::IsMember({"pass", "fail", "not_applicable"}));
  cmd->add_option("--note", args->note, "what the inspector saw (shown in the reports)")->required();
  cmd->add_option("--inspector", args->inspector, "who decided");
  cmd->add_option("--attach", args->attachments, "file to attach (photo, document; repeatable)");
  cmd->callback([args, &exit_code] { exit_code = record(*args); });
}};

}  // namespace facecert::cli
