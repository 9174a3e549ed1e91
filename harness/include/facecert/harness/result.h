// The result model: what a run decided, case by case. The journal stores it as it is decided; every
// report writer reads it back from the journal (never from the runner's memory), so a report can
// always be written again and a crash loses nothing already decided.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/harness/plan.h"
#include "facecert/harness/verdict.h"

namespace facecert::harness {

// A file in the run directory's evidence/ folder, hashed when it was recorded.
struct EvidenceRef {
  std::string path;         // relative to the run directory, e.g. evidence/capture.pcapng
  std::string sha256;       // hex
  std::string kind;         // pcapng, json, log, image, text ...
  std::string description;  // one line for a reader
};

// Issue 8: the inspector's answer to a manual case (`facecert manual`), kept in the journal's
// manual_answers table. When present, the case's verdict read back is the inspector's.
struct InspectorAnswer {
  Verdict verdict = Verdict::Manual;  // pass | fail | not_applicable
  std::string note, inspector, recorded;  // recorded: ISO 8601 UTC
  std::vector<EvidenceRef> attachments;   // copied into evidence/<case id>/ and hashed
};

struct CaseResult {
  std::string id;           // plan case id, e.g. SH-7.0-01
  std::string clause;       // regulation clause id, e.g. 7.0.encryption
  std::string type;         // case type name in the registry
  std::string title;        // in the plan's first language
  std::string requirement;  // clause text from the plan
  Verdict verdict = Verdict::NotRun;
  std::string reason;       // one or more sentences: why this verdict
  nlohmann::json measurements = nlohmann::json::object();  // figures the check measured
  std::vector<EvidenceRef> evidence;
  std::string started, finished;  // ISO 8601 UTC
  double duration_s = 0.0;
  std::optional<InspectorAnswer> inspector;  // manual cases the inspector answered
  // Read back from the run's copy of the plan (plan.xml beside the journal), in every language the
  // plan has; empty when that copy is missing or does not name the case.
  LocalText title_text, requirement_text, method_text;
};

// A clause of the run's plan (its copy beside the journal), for reports that list every clause.
struct ClauseText {
  std::string id;
  LocalText title, text;
};

struct RunRecord {
  std::string run_id;
  std::string facecert_version;
  std::string plan_id, plan_version, plan_title, regulation, plan_file, plan_sha256;
  std::string product_profile;  // verification / identification / analysis / remote
  std::string device_driver, device_url;
  nlohmann::json device_info = nlohmann::json::object();  // maker, model, firmware, serial
  std::string started, finished;  // finished empty: the run did not complete (crash, kill)
  std::vector<CaseResult> cases;
  int planned_cases = 0;          // how many the plan held (cases.size() is how many were decided)
  // Issue 8: what the inspector entered (docs/report-info.md); empty object when none.
  nlohmann::json report_info = nlohmann::json::object();
  // Tools and library versions at run time: facecert, openssl, opencv, libpcap.
  nlohmann::json tools = nlohmann::json::object();
  std::vector<ClauseText> clauses;     // every clause of the run's plan copy (may be empty)
  std::vector<std::string> read_warnings;  // parts of the journal that could not be read
};

}  // namespace facecert::harness
