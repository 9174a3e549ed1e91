// The parts of the HTML report (report.html; report.pdf is made from the same page). Each returns
// escaped HTML; html_writer.cpp assembles them.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "facecert/harness/result.h"
#include "facecert/reports/summary.h"
#include "facecert/reports/writer.h"
#include "html_labels.h"

namespace facecert::reports {

std::string esc(std::string_view s);
std::string json_text(const nlohmann::json& v);
// An element id of safe characters only: prefix + id with anything else as '_'.
std::string anchor(std::string_view prefix, std::string_view id);

// The verdict word of a case; "(inspector)" added when the inspector decided it.
std::string case_verdict_word(const harness::CaseResult& c, std::string_view lang);

// The cover: report number, project, site, client, product, plan, lab, inspectors, dates,
// environment, tools and versions, and the overall conclusion.
std::string cover(const harness::RunRecord& r, const RunSummary& s, const HtmlLabels& l, std::string_view lang);

// Verdict counts as a table and an SVG bar plot.
std::string counts_section(const RunSummary& s, const HtmlLabels& l, std::string_view lang);

// One row per clause with its aggregated verdict.
std::string clause_summary(const std::vector<ClauseRow>& rows, const HtmlLabels& l, std::string_view lang);

// One section per clause that has cases: requirement text, then each case (method, verdict,
// reason, inspector's answer, measurements, plots, evidence with hashes).
std::string clause_section(const ClauseRow& row, const HtmlLabels& l, std::string_view lang,
                           const std::filesystem::path& run_dir);

// The full page; `run_dir` is where evidence files are read from (plots, thumbnails).
std::string render_html(const harness::RunRecord& run, const std::filesystem::path& run_dir,
                        const WriteOptions& options);

// The product text of the running header (report number and product), for the print CSS.
std::string running_header(const harness::RunRecord& r);

}  // namespace facecert::reports
