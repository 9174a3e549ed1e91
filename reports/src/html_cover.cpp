// The report's cover and overview (issue 8 "Content": cover, verdict counts, clause table).
#include <fmt/core.h>

#include "facecert/harness/report_info.h"
#include "facecert/probes/markup_escape.h"
#include "html_parts.h"
#include "svg_plots.h"

namespace facecert::reports {
namespace {

using harness::Verdict;

std::string row(std::string_view label, std::string_view value) {
  if (value.empty()) return {};
  return fmt::format("<tr><th>{}</th><td class=\"text\">{}</td></tr>\n", esc(label), esc(value));
}

std::string str(const nlohmann::json& o, const char* key) {
  if (!o.is_object() || !o.contains(key) || !o[key].is_string()) return {};
  return o[key].get<std::string>();
}

std::string joined(const nlohmann::json& list, std::string_view sep) {
  std::string out;
  if (!list.is_array()) return out;
  for (const auto& v : list)
    if (v.is_string()) out += (out.empty() ? "" : std::string(sep)) + v.get<std::string>();
  return out;
}

std::string dates(const harness::RunRecord& r) {
  const auto& d = r.report_info.is_object() ? r.report_info.value("test_dates", nlohmann::json::object())
                                            : nlohmann::json::object();
  const std::string from = str(d, "from"), to = str(d, "to");
  if (!from.empty() || !to.empty()) return from == to || to.empty() ? from : from + " – " + to;
  return r.started + " – " + (r.finished.empty() ? "…" : r.finished);
}

}  // namespace

std::string esc(std::string_view s) { return probes::markup_escape(s); }

std::string json_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string case_verdict_word(const harness::CaseResult& c, std::string_view lang) {
  std::string w(verdict_label(c.verdict, lang));
  if (c.inspector) w += html_labels(lang).by_inspector;
  return w;
}

std::string running_header(const harness::RunRecord& r) {
  const auto p = harness::product_fields(r.device_info, r.report_info);
  std::string product = str(p, "maker");
  for (const char* k : {"model", "serial"})
    if (!str(p, k).empty()) product += (product.empty() ? "" : " ") + str(p, k);
  const std::string number = str(r.report_info, "report_number");
  if (number.empty()) return product.empty() ? r.plan_id : product;
  return product.empty() ? number : number + " · " + product;
}

std::string cover(const harness::RunRecord& r, const RunSummary& s, const HtmlLabels& l, std::string_view lang) {
  const auto& info = r.report_info;
  std::string h = fmt::format("<header class=\"cover\">\n<h1>{}</h1>\n<p class=\"text\">{}</p>\n",
                              esc(l.report_title), esc(r.plan_title));
  h += "<table class=\"meta\">\n";
  h += row(l.report_number, str(info, "report_number"));
  h += row(l.project, str(info, "project"));
  h += row(l.site, str(info, "site"));
  h += row(l.client, str(info, "client"));
  const auto product = harness::product_fields(r.device_info, info);
  std::string p;
  for (const auto& [k, label] : {std::pair{"maker", l.maker}, {"model", l.model}, {"firmware", l.firmware},
                                 {"serial", l.serial}, {"name", l.product_name}})
    if (!str(product, k).empty()) p += fmt::format("{}: {}\n", label, str(product, k));
  if (r.device_info.is_object() && r.device_info.contains("error"))
    p += fmt::format("driver: {}\n", json_text(r.device_info["error"]));
  h += row(l.product, p.empty() ? std::string(l.none) : p);
  h += row(l.product_profile, r.product_profile);
  h += row(l.plan, r.plan_id + (r.plan_version.empty() ? "" : "  " + std::string(l.plan_version) + " " + r.plan_version));
  h += row(l.regulation, r.regulation);
  h += row(l.plan_file, r.plan_file + (r.plan_sha256.empty() ? "" : "  sha256:" + r.plan_sha256));
  const auto lab = info.is_object() ? info.value("lab", nlohmann::json::object()) : nlohmann::json::object();
  h += row(l.lab, str(lab, "name") + (str(lab, "address").empty() ? "" : "\n" + str(lab, "address")));
  h += row(l.accreditation, str(lab, "accreditation"));
  h += row(l.inspectors, joined(info.is_object() ? info.value("inspectors", nlohmann::json()) : nlohmann::json(), "、"));
  h += row(l.test_dates, dates(r));
  const auto env = info.is_object() ? info.value("environment", nlohmann::json::object()) : nlohmann::json::object();
  std::string e;
  for (const auto& [k, label] : {std::pair{"temperature", l.temperature}, {"humidity", l.humidity},
                                 {"lighting", l.lighting}, {"network", l.network}})
    if (!str(env, k).empty()) e += fmt::format("{}: {}\n", label, str(env, k));
  h += row(l.environment, e);
  std::string tools;
  if (r.tools.is_object())
    for (const auto& [k, v] : r.tools.items()) tools += fmt::format("{}: {}\n", k, json_text(v));
  if (tools.empty()) tools = "facecert " + r.facecert_version;
  h += row(l.tools, tools);
  h += row(l.driver, r.device_driver + (r.device_url.empty() ? "" : "  " + r.device_url));
  h += row(l.run_id, r.run_id);
  h += row(l.started, r.started);
  h += row(l.finished, r.finished.empty() ? std::string(l.not_finished) : r.finished);
  h += row(l.remarks, str(info, "remarks"));
  h += "</table>\n";
  h += fmt::format("<p class=\"conclusion\">{}: <span class=\"overall v v-{}\">{}</span></p>\n", esc(l.conclusion),
                   harness::to_string(s.overall), esc(verdict_label(s.overall, lang)));
  if (!s.complete || s.decided_cases < s.planned_cases)
    h += fmt::format("<p class=\"warning\">{}</p>\n", esc(l.incomplete_warning));
  if (!r.read_warnings.empty()) {
    h += fmt::format("<div class=\"warning\"><p>{}</p><ul>\n", esc(l.read_warnings));
    for (const auto& w : r.read_warnings) h += fmt::format("<li>{}</li>\n", esc(w));
    h += "</ul></div>\n";
  }
  return h + "</header>\n";
}

std::string counts_section(const RunSummary& s, const HtmlLabels& l, std::string_view lang) {
  std::string h = fmt::format("<section class=\"counts\">\n<h2>{}</h2>\n<div class=\"side\">\n<table>\n"
                              "<tr><th>{}</th><th>{}</th></tr>\n",
                              esc(l.counts), esc(l.verdict_word), esc(l.count));
  for (auto v : all_verdicts())
    h += fmt::format("<tr><td class=\"v v-{}\">{}</td><td>{}</td></tr>\n", harness::to_string(v),
                     esc(verdict_label(v, lang)), s.count(v));
  h += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", esc(l.decided), s.decided_cases);
  h += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n</table>\n", esc(l.planned), s.planned_cases);
  return h + verdict_bars_svg(s, lang) + "</div>\n</section>\n";
}

std::string clause_summary(const std::vector<ClauseRow>& rows, const HtmlLabels& l, std::string_view lang) {
  std::string h = fmt::format(
      "<section class=\"summary\">\n<h2>{}</h2>\n<table class=\"verdicts\">\n<thead><tr><th>{}</th><th>{}</th>"
      "<th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
      esc(l.clause_summary), esc(l.clause), esc(l.clause_title), esc(l.verdict), esc(l.cases));
  for (const auto& r : rows) {
    std::string cases;
    for (const auto* c : r.cases)
      cases += fmt::format("<a href=\"#{}\">{}</a> <span class=\"v v-{}\">{}</span><br>", anchor("case-", c->id),
                           esc(c->id), harness::to_string(c->verdict), esc(case_verdict_word(*c, lang)));
    const std::string title = r.text ? r.text->title.get(std::string(lang)) : "";
    h += fmt::format("<tr class=\"clause-row\"><td>{}</td><td>{}</td><td class=\"v v-{}\">{}</td><td>{}</td></tr>\n",
                     r.cases.empty() ? esc(r.id) : fmt::format("<a href=\"#{}\">{}</a>", anchor("clause-", r.id), esc(r.id)),
                     esc(title), harness::to_string(r.verdict), esc(verdict_label(r.verdict, lang)),
                     cases.empty() ? "—" : cases);
  }
  return h + "</tbody>\n</table>\n</section>\n";
}

}  // namespace facecert::reports
