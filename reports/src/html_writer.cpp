// `html` writer: report.html, a self-contained page for readers (inline CSS, no scripts, no
// external requests). zh by default (acceptance wording 符合 / 不符合 / 不适用), en on request.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "facecert/drivers/base64.h"
#include "facecert/probes/hashing.h"
#include "facecert/probes/markup_escape.h"
#include "facecert/reports/redact.h"
#include "facecert/reports/summary.h"
#include "facecert/reports/writer.h"
#include "html_labels.h"
#include "html_style.h"
#include "output_file.h"

namespace facecert::reports {
namespace {

using harness::Verdict;

std::string esc(std::string_view s) { return probes::markup_escape(s); }

std::string json_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// An anchor id made of safe characters only.
std::string anchor(std::string_view case_id) {
  std::string out = "case-";
  for (char c : case_id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    out += ok ? c : '_';
  }
  return out;
}

// Clause ids in reading order: "6.1.2" < "6.1.10"; numeric segments compare as numbers.
bool clause_less(std::string_view a, std::string_view b) {
  auto next = [](std::string_view& s) {
    const auto dot = s.find('.');
    const auto seg = s.substr(0, dot);
    s = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
    return seg;
  };
  auto numeric = [](std::string_view s) {
    return !s.empty() && s.size() < 9 && std::all_of(s.begin(), s.end(), [](char c) {
      return c >= '0' && c <= '9';
    });
  };
  while (!a.empty() && !b.empty()) {
    const auto x = next(a), y = next(b);
    if (numeric(x) && numeric(y)) {
      const auto nx = std::stol(std::string(x)), ny = std::stol(std::string(y));
      if (nx != ny) return nx < ny;
    } else if (x != y) {
      return x < y;
    }
  }
  return a.empty() && !b.empty();
}

std::string verdict_cell(Verdict v, std::string_view lang) {
  return fmt::format("<td class=\"v v-{}\">{}</td>", harness::to_string(v),
                     esc(verdict_label(v, lang)));
}

std::string meta_row(std::string_view label, std::string_view value) {
  return fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", esc(label), esc(value));
}

std::string header(const harness::RunRecord& r, const RunSummary& s, const HtmlLabels& l,
                   std::string_view lang) {
  std::string h = fmt::format("<header>\n<h1>{}</h1>\n<p class=\"text\">{}</p>\n",
                              esc(l.report_title), esc(r.plan_title));
  h += "<table class=\"meta\">\n";
  h += meta_row(l.plan, r.plan_id);
  h += meta_row(l.plan_version, r.plan_version);
  h += meta_row(l.regulation, r.regulation);
  h += meta_row(l.plan_file, r.plan_file + (r.plan_sha256.empty() ? "" : "  sha256:" + r.plan_sha256));
  h += meta_row(l.product_profile, r.product_profile);
  h += meta_row(l.driver, r.device_driver);
  h += meta_row(l.url, r.device_url);
  std::string info;
  if (r.device_info.is_object()) {
    for (const auto& [k, v] : r.device_info.items()) info += k + ": " + json_text(v) + "\n";
  } else if (!r.device_info.is_null()) {
    info = json_text(r.device_info);
  }
  h += fmt::format("<tr><th>{}</th><td class=\"text\">{}</td></tr>\n", esc(l.device_info),
                   esc(info.empty() ? l.none : info));
  h += meta_row(l.run_id, r.run_id);
  h += meta_row(l.facecert_version, r.facecert_version);
  h += meta_row(l.started, r.started);
  h += meta_row(l.finished, r.finished.empty() ? l.not_finished : r.finished);
  h += "</table>\n";
  h += fmt::format("<p>{}: <span class=\"overall v v-{}\">{}</span></p>\n", esc(l.conclusion),
                   harness::to_string(s.overall), esc(verdict_label(s.overall, lang)));
  if (!s.complete || s.decided_cases < s.planned_cases)
    h += fmt::format("<p class=\"warning\">{}</p>\n", esc(l.incomplete_warning));
  return h + "</header>\n";
}

std::string counts(const RunSummary& s, const HtmlLabels& l, std::string_view lang) {
  std::string h = fmt::format("<section>\n<h2>{}</h2>\n<table>\n<tr><th>{}</th><th>{}</th></tr>\n",
                              esc(l.counts), esc(l.verdict_word), esc(l.count));
  for (auto v : all_verdicts())
    h += fmt::format("<tr>{}<td>{}</td></tr>\n", verdict_cell(v, lang), s.count(v));
  h += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", esc(l.decided), s.decided_cases);
  h += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", esc(l.planned), s.planned_cases);
  return h + "</table>\n</section>\n";
}

std::string clause_table(const std::vector<const harness::CaseResult*>& cases, const HtmlLabels& l,
                         std::string_view lang) {
  std::string h = fmt::format(
      "<section>\n<h2>{}</h2>\n<table class=\"verdicts\">\n<thead><tr><th>{}</th><th>{}</th>"
      "<th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
      esc(l.clause_table), esc(l.clause), esc(l.case_id), esc(l.title), esc(l.verdict),
      esc(l.reason));
  for (const auto* c : cases)
    h += fmt::format(
        "<tr class=\"case-row\"><td>{}</td><td><a href=\"#{}\">{}</a></td><td>{}</td>{}"
        "<td class=\"text\">{}</td></tr>\n",
        esc(c->clause), anchor(c->id), esc(c->id), esc(c->title), verdict_cell(c->verdict, lang),
        esc(c->reason));
  return h + "</tbody>\n</table>\n</section>\n";
}

std::string measurements(const nlohmann::json& m, const HtmlLabels& l) {
  if (m.is_null() || m.empty()) return fmt::format("<p>{}</p>\n", esc(l.none));
  if (!m.is_object()) return fmt::format("<p><code>{}</code></p>\n", esc(json_text(m)));
  std::string h = "<table class=\"measurements\">\n";
  for (const auto& [k, v] : m.items())
    h += fmt::format("<tr><th>{}</th><td><code>{}</code></td></tr>\n", esc(k), esc(json_text(v)));
  return h + "</table>\n";
}

std::string evidence(const std::vector<harness::EvidenceRef>& refs, const HtmlLabels& l) {
  if (refs.empty()) return fmt::format("<p>{}</p>\n", esc(l.none));
  std::string h = fmt::format(
      "<table class=\"evidence\">\n<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>\n",
      esc(l.path), esc(l.sha256), esc(l.kind), esc(l.description));
  for (const auto& e : refs)
    h += fmt::format("<tr><td><code>{}</code></td><td class=\"hash\">{}</td><td>{}</td><td>{}</td></tr>\n",
                     esc(e.path), esc(e.sha256), esc(e.kind), esc(e.description));
  return h + "</table>\n";
}

// Plots the cases made (SVG evidence: D(s) for unlinkability, ...) shown in the page. Embedded as
// an <img> data URI: the page stays self-contained, and an SVG in <img> runs no script and loads
// nothing. Only a file whose SHA-256 still matches its evidence reference is shown.
std::string figures(const std::vector<harness::EvidenceRef>& refs, const std::filesystem::path& run_dir) {
  std::string h;
  for (const auto& e : refs) {
    if (e.kind != "image/svg+xml") continue;
    std::ifstream in(run_dir / e.path, std::ios::binary);
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.empty() || probes::sha256_hex(bytes) != e.sha256) continue;
    h += fmt::format("<figure><img alt=\"{}\" src=\"data:image/svg+xml;base64,{}\"><figcaption>{}</figcaption></figure>\n",
                     esc(e.description), drivers::base64::encode(bytes), esc(e.description));
  }
  return h;
}

std::string case_section(const harness::CaseResult& c, const HtmlLabels& l, std::string_view lang,
                         const std::filesystem::path& run_dir) {
  std::string h = fmt::format("<section class=\"case\" id=\"{}\">\n<h3>{} {}</h3>\n<dl>\n",
                              anchor(c.id), esc(c.id), esc(c.title));
  h += fmt::format("<dt>{}</dt><dd>{}</dd>\n", esc(l.clause), esc(c.clause));
  h += fmt::format("<dt>{}</dt><dd>{}</dd>\n", esc(l.case_type), esc(c.type));
  h += fmt::format("<dt>{}</dt><dd><span class=\"v v-{}\">{}</span></dd>\n", esc(l.verdict),
                   harness::to_string(c.verdict), esc(verdict_label(c.verdict, lang)));
  h += fmt::format("<dt>{}</dt><dd>{} – {}</dd>\n", esc(l.started), esc(c.started), esc(c.finished));
  h += fmt::format("<dt>{}</dt><dd>{:.3f}</dd>\n</dl>\n", esc(l.duration), c.duration_s);
  h += fmt::format("<h4>{}</h4>\n<p class=\"text\">{}</p>\n", esc(l.requirement), esc(c.requirement));
  h += fmt::format("<h4>{}</h4>\n<p class=\"text\">{}</p>\n", esc(l.reason), esc(c.reason));
  h += fmt::format("<h4>{}</h4>\n", esc(l.measurements)) + measurements(c.measurements, l);
  h += figures(c.evidence, run_dir);
  h += fmt::format("<h4>{}</h4>\n", esc(l.evidence)) + evidence(c.evidence, l);
  return h + "</section>\n";
}

class HtmlWriter final : public ReportWriter {
 public:
  std::string name() const override { return "html"; }
  std::string file_name() const override { return "report.html"; }
  void write(const harness::RunRecord& run, const std::filesystem::path& out,
             const WriteOptions& options) const override {
    const std::string_view lang = options.lang;
    const HtmlLabels& l = html_labels(lang);
    const harness::RunRecord& r = options.redact ? redact_run(run) : run;
    const RunSummary s = summarize(r);

    std::vector<const harness::CaseResult*> by_clause;
    for (const auto& c : r.cases) by_clause.push_back(&c);
    std::stable_sort(by_clause.begin(), by_clause.end(),
                     [](const auto* a, const auto* b) { return clause_less(a->clause, b->clause); });

    std::string page = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>{} – {}</title>\n<style>{}</style>\n</head>\n<body>\n",
        l.html_lang, esc(l.report_title), esc(r.plan_id), html_stylesheet());
    page += header(r, s, l, lang);
    page += counts(s, l, lang);
    page += clause_table(by_clause, l, lang);
    for (const auto* c : by_clause) page += case_section(*c, l, lang, out.parent_path());
    page += "<footer>\n";
    if (options.redact) page += fmt::format("<p>{}</p>\n", esc(l.redacted_note));
    page += fmt::format("<p>facecert {} · {}</p>\n</footer>\n</body>\n</html>\n",
                        esc(r.facecert_version), esc(r.run_id));
    write_report_file(out, page);
  }
};

const ReportRegistration<HtmlWriter> kRegistration;

}  // namespace
}  // namespace facecert::reports
