#include "svg_plots.h"

#include <algorithm>
#include <vector>

#include <fmt/core.h>

#include "facecert/probes/markup_escape.h"

namespace facecert::reports {
namespace {

using harness::Verdict;

std::string esc(std::string_view s) { return probes::markup_escape(s); }

const char* verdict_colour(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "#2e7d32";
    case Verdict::Fail: return "#c62828";
    case Verdict::Inconclusive: return "#f9a825";
    case Verdict::NotApplicable: return "#90a4ae";
    case Verdict::Manual: return "#1565c0";
    case Verdict::NotRun: return "#bdbdbd";
  }
  return "#000";
}

constexpr const char* kFont = "font-family=\"Noto Sans CJK SC, sans-serif\" font-size=\"12\"";

}  // namespace

std::string verdict_bars_svg(const RunSummary& s, std::string_view lang) {
  constexpr int kRow = 24, kLabel = 130, kBar = 360, kTop = 8;
  int most = 1;
  for (auto v : all_verdicts()) most = std::max(most, s.count(v));
  const int height = kTop * 2 + kRow * static_cast<int>(all_verdicts().size());
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" role=\"img\" width=\"{}\" height=\"{}\" "
      "viewBox=\"0 0 {} {}\" {}>\n",
      kLabel + kBar + 60, height, kLabel + kBar + 60, height, kFont);
  int y = kTop;
  for (auto v : all_verdicts()) {
    const int w = s.count(v) * kBar / most;
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>", kLabel - 8, y + 16,
                       esc(verdict_label(v, lang)));
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>", kLabel, y + 4,
                       std::max(w, 1), kRow - 8, verdict_colour(v));
    svg += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", kLabel + std::max(w, 1) + 6, y + 16, s.count(v));
    y += kRow;
  }
  return svg + "</svg>\n";
}

std::string flow_timeline_svg(const nlohmann::json& traffic, const HtmlLabels& l, std::size_t max_flows) {
  struct Flow {
    std::string name, encrypted, app;
    double start, end;
  };
  std::vector<Flow> flows;
  if (!traffic.is_object() || !traffic.contains("flows") || !traffic["flows"].is_array()) return {};
  for (const auto& f : traffic["flows"]) {
    if (!f.is_object() || !f.contains("start") || !f.contains("end")) continue;
    if (!f["start"].is_number() || !f["end"].is_number()) continue;
    flows.push_back({f.value("flow", ""), f.value("encrypted", "unknown"), f.value("app", ""),
                     f["start"].get<double>(), f["end"].get<double>()});
  }
  if (flows.empty()) return {};
  std::sort(flows.begin(), flows.end(), [](const Flow& a, const Flow& b) { return a.start < b.start; });
  const std::size_t total = flows.size();
  if (flows.size() > max_flows) flows.resize(max_flows);
  double t0 = flows.front().start, t1 = t0;
  for (const auto& f : flows) t1 = std::max({t1, f.end, f.start});
  const double span = std::max(t1 - t0, 1e-3);

  constexpr int kRow = 22, kLabel = 330, kPlot = 420, kTop = 10, kAxis = 34;
  const int height = kTop + kRow * static_cast<int>(flows.size()) + kAxis;
  const int width = kLabel + kPlot + 20;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\" role=\"img\" width=\"{}\" height=\"{}\" "
      "viewBox=\"0 0 {} {}\" {}>\n",
      width, height, width, height, kFont);
  int y = kTop;
  for (const auto& f : flows) {
    const char* colour = f.encrypted == "true" ? "#2e7d32" : f.encrypted == "false" ? "#c62828" : "#9e9e9e";
    const std::string_view state = f.encrypted == "true" ? l.encrypted : f.encrypted == "false" ? l.clear : l.unknown;
    const double x = kLabel + (f.start - t0) / span * kPlot;
    const double w = std::max((f.end - f.start) / span * kPlot, 2.0);
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"10\">{} {}</text>", kLabel - 6,
                       y + 14, esc(f.name), esc(f.app));
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"><title>{}</title></rect>\n",
                       x, y + 3, w, kRow - 6, colour, esc(std::string(state)));
    y += kRow;
  }
  svg += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#444\"/>", kLabel, y + 2, kLabel + kPlot, y + 2);
  for (int i = 0; i <= 4; ++i)
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\">{:.1f} s</text>",
                       kLabel + kPlot * i / 4.0, y + 16, span * i / 4.0);
  if (total > flows.size())
    svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"10\">+{}</text>", 4, y + 28, total - flows.size());
  return svg + "\n</svg>\n";
}

}  // namespace facecert::reports
