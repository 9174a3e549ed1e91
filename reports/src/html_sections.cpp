// One section per clause: its requirement in the report language, then each case with its method,
// verdict, reason, the inspector's answer (manual cases), measured figures, plots and evidence.
#include <algorithm>
#include <fstream>
#include <iterator>
#include <vector>

#include <fmt/core.h>

#include "facecert/drivers/base64.h"
#include "facecert/probes/hashing.h"
#include "html_parts.h"
#include "svg_plots.h"

namespace facecert::reports {
namespace {

// A list of records with the same fields (e.g. the 6.1.4 per-species figures) reads as a table.
bool is_record_list(const nlohmann::json& v) {
  if (!v.is_array() || v.empty()) return false;
  return std::all_of(v.begin(), v.end(), [](const nlohmann::json& row) { return row.is_object(); });
}

std::string record_table(const nlohmann::json& rows) {
  std::vector<std::string> columns;
  for (const auto& row : rows)
    for (const auto& [k, unused] : row.items())
      if (std::find(columns.begin(), columns.end(), k) == columns.end()) columns.push_back(k);
  std::string h = "<table class=\"records\">\n<tr>";
  for (const auto& c : columns) h += fmt::format("<th>{}</th>", esc(c));
  h += "</tr>\n";
  for (const auto& row : rows) {
    h += "<tr>";
    for (const auto& c : columns) {
      const auto it = row.find(c);
      h += fmt::format("<td>{}</td>", it == row.end() ? "" : esc(json_text(*it)));
    }
    h += "</tr>\n";
  }
  return h + "</table>";
}

std::string measurements(const nlohmann::json& m, const HtmlLabels& l) {
  if (m.is_null() || m.empty()) return fmt::format("<p>{}</p>\n", esc(l.none));
  if (!m.is_object()) return fmt::format("<p><code>{}</code></p>\n", esc(json_text(m)));
  std::string h = "<table class=\"measurements\">\n";
  for (const auto& [k, v] : m.items())
    h += is_record_list(v) ? fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", esc(k), record_table(v))
                           : fmt::format("<tr><th>{}</th><td><code>{}</code></td></tr>\n", esc(k), esc(json_text(v)));
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

// An evidence file's bytes, only while its SHA-256 still matches the reference (else empty).
std::vector<std::uint8_t> verified_bytes(const harness::EvidenceRef& e, const std::filesystem::path& run_dir) {
  if (e.sha256.empty() || e.path.find("..") != std::string::npos) return {};
  std::ifstream in(run_dir / e.path, std::ios::binary);
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.empty() || probes::sha256_hex(bytes) != e.sha256) return {};
  return bytes;
}

// Plots the cases made (SVG evidence: D(s) for unlinkability, APCER bars and DET for 6.1.4) and
// their redacted thumbnails (JPEG evidence: cases only ever keep face images pixelated) shown in the
// page. Embedded as an <img> data URI: the page stays self-contained, and an SVG in <img> runs no
// script and loads nothing. Inspector attachments are not shown (they may hold faces): listed only.
std::string figures(const std::vector<harness::EvidenceRef>& refs, const std::filesystem::path& run_dir) {
  std::string h;
  for (const auto& e : refs) {
    if (e.kind != "image/svg+xml" && e.kind != "image/jpeg") continue;
    const auto bytes = verified_bytes(e, run_dir);
    if (bytes.empty()) continue;
    h += fmt::format("<figure><img alt=\"{}\" src=\"data:{};base64,{}\"><figcaption>{}</figcaption></figure>\n",
                     esc(e.description), e.kind, drivers::base64::encode(bytes), esc(e.description));
  }
  return h;
}

// 7.0: the capture analysis (traffic.json) has every flow with its start and end: drawn as a timeline.
std::string flow_timelines(const std::vector<harness::EvidenceRef>& refs, const std::filesystem::path& run_dir,
                           const HtmlLabels& l) {
  std::string h;
  for (const auto& e : refs) {
    if (e.kind != "json" || std::filesystem::path(e.path).filename() != "traffic.json") continue;
    const auto bytes = verified_bytes(e, run_dir);
    if (bytes.empty()) continue;
    const auto traffic = nlohmann::json::parse(bytes.begin(), bytes.end(), nullptr, false);
    const std::string svg = flow_timeline_svg(traffic, l);
    if (!svg.empty())
      h += fmt::format("<figure class=\"timeline\">{}<figcaption>{}</figcaption></figure>\n", svg, esc(l.flows_timeline));
  }
  return h;
}

std::string inspector_answer(const harness::InspectorAnswer& a, const HtmlLabels& l, std::string_view lang) {
  std::string h = fmt::format("<div class=\"inspector\">\n<h4>{}</h4>\n<dl>\n", esc(l.inspector_answer));
  h += fmt::format("<dt>{}</dt><dd><span class=\"v v-{}\">{}</span></dd>\n", esc(l.verdict),
                   harness::to_string(a.verdict), esc(verdict_label(a.verdict, lang)));
  h += fmt::format("<dt>{}</dt><dd>{}</dd>\n", esc(l.inspector), esc(a.inspector.empty() ? std::string(l.none) : a.inspector));
  h += fmt::format("<dt>{}</dt><dd>{}</dd>\n", esc(l.recorded), esc(a.recorded));
  h += fmt::format("<dt>{}</dt><dd class=\"text\">{}</dd>\n</dl>\n", esc(l.note), esc(a.note));
  if (!a.attachments.empty()) h += fmt::format("<p>{}</p>\n", esc(l.attachments)) + evidence(a.attachments, l);
  return h + "</div>\n";
}

std::string case_section(const harness::CaseResult& c, const HtmlLabels& l, std::string_view lang,
                         const std::filesystem::path& run_dir) {
  const std::string lg(lang);
  const std::string title = c.title_text.empty() ? c.title : c.title_text.get(lg);
  std::string h = fmt::format("<section class=\"case\" id=\"{}\">\n<h3>{} {}</h3>\n<dl>\n", anchor("case-", c.id),
                              esc(c.id), esc(title));
  h += fmt::format("<dt>{}</dt><dd><span class=\"v v-{}\">{}</span></dd>\n", esc(l.verdict),
                   harness::to_string(c.verdict), esc(case_verdict_word(c, lang)));
  h += fmt::format("<dt>{}</dt><dd>{}</dd>\n", esc(l.case_type), esc(c.type));
  h += fmt::format("<dt>{}</dt><dd>{} – {}</dd>\n", esc(l.started), esc(c.started), esc(c.finished));
  h += fmt::format("<dt>{}</dt><dd>{:.3f}</dd>\n</dl>\n", esc(l.duration), c.duration_s);
  if (!c.method_text.empty())
    h += fmt::format("<h4>{}</h4>\n<p class=\"text\">{}</p>\n", esc(l.method), esc(c.method_text.get(lg)));
  h += fmt::format("<h4>{}</h4>\n<p class=\"text\">{}</p>\n", esc(l.reason), esc(c.reason));
  if (c.inspector) h += inspector_answer(*c.inspector, l, lang);
  h += fmt::format("<h4>{}</h4>\n", esc(l.measurements)) + measurements(c.measurements, l);
  h += flow_timelines(c.evidence, run_dir, l);
  h += figures(c.evidence, run_dir);
  h += fmt::format("<h4>{}</h4>\n", esc(l.evidence)) + evidence(c.evidence, l);
  return h + "</section>\n";
}

}  // namespace

std::string anchor(std::string_view prefix, std::string_view id) {
  std::string out(prefix);
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    out += ok ? c : '_';
  }
  return out;
}

std::string clause_section(const ClauseRow& row, const HtmlLabels& l, std::string_view lang,
                           const std::filesystem::path& run_dir) {
  const std::string lg(lang);
  const std::string title = row.text ? row.text->title.get(lg) : "";
  std::string h = fmt::format("<section class=\"clause\" id=\"{}\">\n<h2>{} {} <span class=\"v v-{}\">{}</span></h2>\n",
                              anchor("clause-", row.id), esc(row.id), esc(title), harness::to_string(row.verdict),
                              esc(verdict_label(row.verdict, lang)));
  // The requirement in the report language; the journal's copy when the plan copy is missing.
  std::string requirement = row.text ? row.text->text.get(lg) : "";
  if (requirement.empty() && !row.cases.empty()) requirement = row.cases.front()->requirement;
  h += fmt::format("<h4>{}</h4>\n<p class=\"text requirement\">{}</p>\n", esc(l.requirement), esc(requirement));
  for (const auto* c : row.cases) h += case_section(*c, l, lang, run_dir);
  return h + "</section>\n";
}

}  // namespace facecert::reports
