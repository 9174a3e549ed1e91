// Layout of the unlinkability figure (see unlinkability_plot_model.h).
#include "unlinkability_plot_model.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace facecert::probes::templates {
namespace {

constexpr PlotColour kInk{40, 40, 40};
constexpr PlotColour kGrid{225, 225, 225};
constexpr PlotColour kMated{44, 160, 44};      // green, as in the reference figure
constexpr PlotColour kNonMated{214, 39, 40};   // red, dashed
constexpr PlotColour kLocalD{31, 119, 180};    // blue

struct Frame {
  double left, top, right, bottom;  // pixels
  double x_lo, x_hi, y_hi, d_hi;    // data ranges (y and D start at 0)
  PlotPoint at(double x, double y) const {
    return {left + (x - x_lo) / (x_hi - x_lo) * (right - left), bottom - y / y_hi * (bottom - top)};
  }
  PlotPoint at_d(double x, double d) const { return {at(x, 0).x, bottom - d / d_hi * (bottom - top)}; }
};

PlotPolyline histogram_outline(const std::vector<double>& edges, const std::vector<double>& density, const Frame& f,
                               PlotColour colour, bool dashed) {
  PlotPolyline line{{}, colour, dashed ? 2.5 : 2.0, dashed};
  line.points.push_back(f.at(edges.front(), 0));
  for (std::size_t i = 0; i < density.size(); ++i) {
    line.points.push_back(f.at(edges[i], density[i]));
    line.points.push_back(f.at(edges[i + 1], density[i]));
  }
  line.points.push_back(f.at(edges.back(), 0));
  return line;
}

void add_axes(PlotModel& m, const Frame& f, const UnlinkabilityResult& r) {
  using A = PlotText::Anchor;
  const auto xt = nice_ticks(f.x_lo, f.x_hi, 8);
  const double xstep = xt.size() > 1 ? xt[1] - xt[0] : 1;
  for (double x : xt) {
    const PlotPoint p = f.at(x, 0);
    m.lines.push_back({{{p.x, f.top}, {p.x, f.bottom}}, kGrid, 1, false});
    m.lines.push_back({{{p.x, f.bottom}, {p.x, f.bottom + 5}}, kInk, 1, false});
    m.texts.push_back({{p.x, f.bottom + 19}, tick_label(x, xstep), A::middle, false, 12, kInk});
  }
  const auto yt = nice_ticks(0, f.y_hi, 6);
  const double ystep = yt.size() > 1 ? yt[1] - yt[0] : 1;
  for (double y : yt) {
    const PlotPoint p = f.at(f.x_lo, y);
    m.lines.push_back({{{f.left - 5, p.y}, {f.left, p.y}}, kInk, 1, false});
    m.texts.push_back({{f.left - 8, p.y + 4}, tick_label(y, ystep), A::end, false, 12, kInk});
  }
  for (int k = 0; k <= 5; ++k) {
    const double d = k * 0.2;
    const PlotPoint p = f.at_d(f.x_hi, d);
    m.lines.push_back({{{f.right, p.y}, {f.right + 5, p.y}}, kLocalD, 1, false});
    m.texts.push_back({{f.right + 8, p.y + 4}, tick_label(d, 0.2), A::start, false, 12, kLocalD});
  }
  m.lines.push_back({{{f.left, f.top}, {f.left, f.bottom}, {f.right, f.bottom}, {f.right, f.top}}, kInk, 1, false});
  m.texts.push_back({{(f.left + f.right) / 2, f.bottom + 42}, "Score", A::middle, false, 14, kInk});
  m.texts.push_back({{f.left - 52, (f.top + f.bottom) / 2}, "Probability density", A::middle, true, 14, kInk});
  m.texts.push_back({{f.right + 50, (f.top + f.bottom) / 2}, "D(s)", A::middle, true, 14, kLocalD});
  m.texts.push_back({{(f.left + f.right) / 2, f.top - 16},
                     fmt::format("D_sys = {:.3f}  (omega {}, {} bins, {} mated / {} non-mated)", r.d_sys, r.omega,
                                 r.bins, r.mated_count, r.nonmated_count),
                     A::middle, false, 12, kInk});
}

void add_legend(PlotModel& m, const Frame& f) {
  const struct {
    const char* label;
    PlotColour colour;
    bool dashed;
  } entries[] = {{"Mated", kMated, false}, {"Non-mated", kNonMated, true}, {"D(s)", kLocalD, false}};
  double y = f.top + 18;
  const double x = f.right - 130;
  for (const auto& e : entries) {
    m.lines.push_back({{{x, y - 4}, {x + 28, y - 4}}, e.colour, 2.5, e.dashed});
    m.texts.push_back({{x + 36, y}, e.label, PlotText::Anchor::start, false, 12, kInk});
    y += 18;
  }
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!(hi > lo)) return {lo};
  const double raw = (hi - lo) / std::max(target, 1);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (raw <= m * mag) {
      step = m * mag;
      break;
    }
  std::vector<double> ticks;
  for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step)
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);
  return ticks;
}

std::string tick_label(double value, double step) {
  const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  return fmt::format("{:.{}f}", value, std::clamp(decimals, 0, 12));
}

PlotModel unlinkability_plot_model(const UnlinkabilityResult& r, const UnlinkabilityPlotOptions& options) {
  PlotModel m;
  m.width = std::max(options.width, 320);
  m.height = std::max(options.height, 240);
  double peak = 0;
  for (double d : r.mated_density) peak = std::max(peak, d);
  for (double d : r.nonmated_density) peak = std::max(peak, d);
  const Frame f{80, 56, m.width - 80.0, m.height - 60.0,
                r.bin_edges.front(), r.bin_edges.back(), peak > 0 ? peak * 1.05 : 1.0, 1.1};
  add_axes(m, f, r);
  m.lines.push_back(histogram_outline(r.bin_edges, r.nonmated_density, f, kNonMated, true));
  m.lines.push_back(histogram_outline(r.bin_edges, r.mated_density, f, kMated, false));
  PlotPolyline d{{}, kLocalD, 2.5, false};
  for (std::size_t i = 0; i < r.local_d.size(); ++i) d.points.push_back(f.at_d(r.bin_centres[i], r.local_d[i]));
  m.lines.push_back(std::move(d));
  add_legend(m, f);
  m.texts.push_back({{m.width / 2.0, 24}, options.title, PlotText::Anchor::middle, false, 16, kInk});
  return m;
}

}  // namespace facecert::probes::templates
