// The result model: what a run decided, case by case. The journal stores it as it is decided; every
// report writer reads it back from the journal (never from the runner's memory), so a report can
// always be written again and a crash loses nothing already decided.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/harness/verdict.h"

namespace facecert::harness {

// A file in the run directory's evidence/ folder, hashed when it was recorded.
struct EvidenceRef {
  std::string path;         // relative to the run directory, e.g. evidence/capture.pcapng
  std::string sha256;       // hex
  std::string kind;         // pcapng, json, log, image, text ...
  std::string description;  // one line for a reader
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
};

}  // namespace facecert::harness
