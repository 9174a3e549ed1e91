// `html` writer: report.html, a self-contained page for readers (inline CSS and SVG, images as
// data URIs, no scripts, no external requests). zh by default (acceptance wording 符合 / 不符合 /
// 不适用), en on request. report.pdf is printed from the same page (pdf_writer.cpp).
#include <filesystem>
#include <string>

#include <fmt/core.h>

#include "facecert/reports/redact.h"
#include "html_parts.h"
#include "html_style.h"
#include "output_file.h"

namespace facecert::reports {

std::string render_html(const harness::RunRecord& run, const std::filesystem::path& run_dir,
                        const WriteOptions& options) {
  const std::string_view lang = options.lang;
  const HtmlLabels& l = html_labels(lang);
  const harness::RunRecord& r = options.redact ? redact_run(run) : run;
  const RunSummary s = summarize(r);
  const auto rows = clause_rows(r);

  std::string page = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{} – {}</title>\n<style>{}{}</style>\n</head>\n<body>\n",
      l.html_lang, esc(l.report_title), esc(r.plan_id), html_stylesheet(), print_stylesheet(running_header(r), l));
  page += cover(r, s, l, lang);
  page += counts_section(s, l, lang);
  page += clause_summary(rows, l, lang);
  for (const auto& row : rows)
    if (!row.cases.empty()) page += clause_section(row, l, lang, run_dir);
  page += "<footer>\n";
  if (options.redact) page += fmt::format("<p>{}</p>\n", esc(l.redacted_note));
  page += fmt::format("<p>facecert {} · {}</p>\n</footer>\n</body>\n</html>\n", esc(r.facecert_version), esc(r.run_id));
  return page;
}

namespace {

class HtmlWriter final : public ReportWriter {
 public:
  std::string name() const override { return "html"; }
  std::string file_name() const override { return "report.html"; }
  void write(const harness::RunRecord& run, const std::filesystem::path& out,
             const WriteOptions& options) const override {
    write_report_file(out, render_html(run, out.parent_path(), options));
  }
};

const ReportRegistration<HtmlWriter> kRegistration;

}  // namespace
}  // namespace facecert::reports
