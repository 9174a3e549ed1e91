// Fixed wording of report.html in both report languages (WriteOptions::lang: zh | en).
#pragma once

#include <string_view>

#include "facecert/harness/verdict.h"

namespace facecert::reports {

struct HtmlLabels {
  std::string_view html_lang;  // value of <html lang>
  std::string_view report_title, plan, plan_version, regulation, plan_file, product_profile;
  std::string_view device, driver, url, device_info, run_id, facecert_version, started, finished;
  std::string_view not_finished, incomplete_warning, conclusion, counts, verdict_word, count;
  std::string_view planned, decided, clause_table, clause, case_id, title, verdict, reason;
  std::string_view requirement, measurements, evidence, path, sha256, kind, description, none;
  std::string_view case_type, duration, redacted_note;
};

// Throws std::runtime_error for a language other than zh or en.
const HtmlLabels& html_labels(std::string_view lang);

// The verdict as a reader sees it: zh uses the acceptance wording (符合 / 不符合 / ...), en "Pass"...
std::string_view verdict_label(harness::Verdict v, std::string_view lang);

}  // namespace facecert::reports
