// The unlinkability figure as a self-contained SVG document: no scripts, fonts or links to fetch,
// so a report can embed it as it is.
#include <fmt/format.h>

#include "facecert/probes/markup_escape.h"
#include "unlinkability_plot_model.h"

namespace facecert::probes {
namespace {

std::string xml_escape(const std::string& s) { return markup_escape(s); }

std::string rgb(const templates::PlotColour& c) { return fmt::format("rgb({},{},{})", c.r, c.g, c.b); }

std::string polyline(const templates::PlotPolyline& l) {
  std::string points;
  for (const auto& p : l.points) points += fmt::format("{:.1f},{:.1f} ", p.x, p.y);
  if (!points.empty()) points.pop_back();
  return fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="{}"{}/>)", points,
                     rgb(l.colour), l.width, l.dashed ? R"( stroke-dasharray="7,4")" : "");
}

std::string text(const templates::PlotText& t) {
  using A = templates::PlotText::Anchor;
  const char* anchor = t.anchor == A::start ? "start" : t.anchor == A::middle ? "middle" : "end";
  const std::string rotate =
      t.vertical ? fmt::format(R"x( transform="rotate(-90 {:.1f} {:.1f})")x", t.at.x, t.at.y) : std::string();
  return fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="{}" text-anchor="{}" fill="{}"{}>{}</text>)", t.at.x,
                     t.at.y, t.size, anchor, rgb(t.colour), rotate, xml_escape(t.text));
}

}  // namespace

std::string unlinkability_svg(const UnlinkabilityResult& result, const UnlinkabilityPlotOptions& options) {
  const auto m = templates::unlinkability_plot_model(result, options);
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"DejaVu Sans, Arial, sans-serif\">\n<title>{2}</title>\n"
      "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"white\"/>\n",
      m.width, m.height, xml_escape(options.title));
  for (const auto& l : m.lines) svg += polyline(l) + "\n";
  for (const auto& t : m.texts) svg += text(t) + "\n";
  svg += "</svg>\n";
  return svg;
}

}  // namespace facecert::probes
