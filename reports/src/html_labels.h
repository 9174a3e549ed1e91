// Fixed wording of report.html / report.pdf in both report languages (WriteOptions::lang: zh | en).
#pragma once

#include <string_view>

#include "facecert/harness/verdict.h"

namespace facecert::reports {

struct HtmlLabels {
  std::string_view html_lang;  // value of <html lang>
  std::string_view report_title, report_number, project, site, client, product, maker, model;
  std::string_view firmware, serial, product_name, plan, plan_version, regulation, plan_file;
  std::string_view product_profile, driver, url, lab, accreditation, inspectors, test_dates;
  std::string_view environment, temperature, humidity, lighting, network, tools, run_id;
  std::string_view started, finished, not_finished, incomplete_warning, conclusion, counts;
  std::string_view verdict_word, count, planned, decided, clause_summary, clause, clause_title;
  std::string_view cases, case_id, title, verdict, reason, requirement, method, measurements;
  std::string_view evidence, path, sha256, kind, description, none, case_type, duration;
  std::string_view redacted_note, inspector_answer, inspector, recorded, note, attachments;
  std::string_view by_inspector, flows_timeline, encrypted, clear, unknown, read_warnings;
  std::string_view remarks, page_before, page_middle, page_after;  // "第 " N " 页 / 共 " M " 页"
};

// Throws std::runtime_error for a language other than zh or en.
const HtmlLabels& html_labels(std::string_view lang);

// The verdict as a reader sees it: zh uses the acceptance wording (符合 / 不符合 / ...), en "Pass"...
std::string_view verdict_label(harness::Verdict v, std::string_view lang);

}  // namespace facecert::reports
