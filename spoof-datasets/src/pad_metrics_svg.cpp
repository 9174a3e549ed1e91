// The PAD figures as self-contained SVG (no scripts, fonts or links), in the house style of the
// unlinkability plot: the DET curve (APCER_AP against BPCER on normal-deviate axes) and the
// per-species APCER bars with their 95% intervals.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "facecert/datasets/pad_metrics.h"
#include "facecert/probes/markup_escape.h"

namespace facecert::datasets {
namespace {

using facecert::probes::markup_escape;

constexpr double kWidth = 640, kHeight = 480;

std::string header(double width, double height, const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"DejaVu Sans, Arial, sans-serif\">\n<title>{2}</title>\n"
      "<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"white\"/>\n",
      width, height, markup_escape(title));
}

std::string text(double x, double y, const std::string& s, int size = 12, const char* anchor = "middle",
                 bool vertical = false) {
  const std::string rotate = vertical ? fmt::format(R"x( transform="rotate(-90 {:.1f} {:.1f})")x", x, y) : "";
  return fmt::format(R"svg(<text x="{:.1f}" y="{:.1f}" font-size="{}" text-anchor="{}" fill="rgb(0,0,0)"{}>{}</text>)svg"
                     "\n", x, y, size, anchor, rotate, markup_escape(s));
}

std::string line(double x1, double y1, double x2, double y2, const char* colour, double width = 1,
                 bool dashed = false) {
  return fmt::format(R"svg(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="{}"{}/>)svg"
                     "\n", x1, y1, x2, y2, colour, width, dashed ? R"svg( stroke-dasharray="7,4")svg" : "");
}

// Normal deviate (probit) by bisection on the normal CDF.
double probit(double p) {
  double lo = -10, hi = 10;
  for (int i = 0; i < 100; ++i) {
    const double mid = (lo + hi) / 2;
    (0.5 * std::erfc(-mid / std::sqrt(2.0)) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

std::string percent(double p) { return p < 0.01 ? fmt::format("{:g}", p * 100) : fmt::format("{:g}", std::round(p * 1000) / 10); }

}  // namespace

std::string det_curve_svg(const PadResult& result, const std::string& title) {
  constexpr double left = 70, right = kWidth - 20, top = 40, bottom = kHeight - 60;
  constexpr double pmin = 0.001, pmax = 0.99;
  const double zmin = probit(pmin), zmax = probit(pmax);
  auto xpos = [&](double p) { return left + (probit(std::clamp(p, pmin, pmax)) - zmin) / (zmax - zmin) * (right - left); };
  auto ypos = [&](double p) { return bottom - (probit(std::clamp(p, pmin, pmax)) - zmin) / (zmax - zmin) * (bottom - top); };
  std::string svg = header(kWidth, kHeight, title);
  svg += text(kWidth / 2, 24, title, 15);
  for (double tick : {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 0.99}) {
    svg += line(xpos(tick), top, xpos(tick), bottom, "rgb(225,225,225)");
    svg += line(left, ypos(tick), right, ypos(tick), "rgb(225,225,225)");
    svg += text(xpos(tick), bottom + 16, percent(tick), 10);
    svg += text(left - 6, ypos(tick) + 4, percent(tick), 10, "end");
  }
  svg += fmt::format(R"svg(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="rgb(0,0,0)"/>)svg" "\n", left, top,
                     right - left, bottom - top);
  svg += text((left + right) / 2, kHeight - 20, "APCER_AP, worst species (%)");
  svg += text(18, (top + bottom) / 2, "BPCER (%)", 12, "middle", true);
  for (double target : {0.05, 0.01}) {
    svg += line(xpos(target), top, xpos(target), bottom, "rgb(120,120,120)", 1, true);
    svg += text(xpos(target) + 4, top + 14, fmt::format("APCER {:g}%", target * 100), 10, "start");
  }
  if (result.det.empty()) {
    svg += text((left + right) / 2, (top + bottom) / 2, "no DET curve: the trials carry no score on every response");
  } else {
    std::string points;
    for (const auto& p : result.det) points += fmt::format("{:.1f},{:.1f} ", xpos(p.apcer), ypos(p.bpcer));
    points.pop_back();
    svg += fmt::format(R"svg(<polyline points="{}" fill="none" stroke="rgb(31,119,180)" stroke-width="2"/>)svg" "\n", points);
  }
  svg += "</svg>\n";
  return svg;
}

std::string species_bars_svg(const PadResult& result, const std::string& title) {
  constexpr double left = 150, right = kWidth - 70, top = 50, row = 34;
  const double height = top + row * double(std::max<std::size_t>(result.species.size(), 1)) + 60;
  auto xpos = [&](double p) { return left + std::clamp(p, 0.0, 1.0) * (right - left); };
  std::string svg = header(kWidth, height, title);
  svg += text(kWidth / 2, 24, title, 15);
  const double bottom = height - 50;
  for (double tick = 0; tick <= 1.0001; tick += 0.2) {
    svg += line(xpos(tick), top - 6, xpos(tick), bottom, "rgb(225,225,225)");
    svg += text(xpos(tick), bottom + 16, fmt::format("{:g}", std::round(tick * 100)), 10);
  }
  svg += text((left + right) / 2, height - 14, "APCER (%) with its 95% interval");
  if (result.species.empty()) svg += text((left + right) / 2, top + row / 2, "no attack presentation");
  for (std::size_t i = 0; i < result.species.size(); ++i) {
    const auto& s = result.species[i];
    const double y = top + row * double(i);
    const bool worst = s.species == result.worst_species;
    svg += text(left - 8, y + row / 2 + 4, s.species, 12, "end");
    svg += fmt::format(R"svg(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"/>)svg" "\n", left, y + 6,
                       xpos(s.apcer.value) - left, row - 12, worst ? "rgb(214,39,40)" : "rgb(31,119,180)");
    const double cy = y + row / 2;
    svg += line(xpos(s.apcer.lower), cy, xpos(s.apcer.upper), cy, "rgb(0,0,0)", 1.5);
    svg += line(xpos(s.apcer.lower), cy - 6, xpos(s.apcer.lower), cy + 6, "rgb(0,0,0)", 1.5);
    svg += line(xpos(s.apcer.upper), cy - 6, xpos(s.apcer.upper), cy + 6, "rgb(0,0,0)", 1.5);
    svg += text(xpos(s.apcer.upper) + 6, cy + 4,
                fmt::format("{}/{}", s.apcer.count, s.apcer.total), 10, "start");
  }
  svg += line(left, top - 6, left, bottom, "rgb(0,0,0)");
  svg += "</svg>\n";
  return svg;
}

}  // namespace facecert::datasets
