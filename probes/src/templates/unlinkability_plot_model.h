// The unlinkability figure as drawing primitives in pixel coordinates, so that the SVG and the PNG
// writers draw the same thing: the two score densities as histogram outlines on the left axis,
// D<->(s) on a second axis at the right (0..1.1, as in the authors' figure), D_sys in the title.
#pragma once

#include <string>
#include <vector>

#include "facecert/probes/template_metrics.h"

namespace facecert::probes::templates {

struct PlotColour {
  int r = 0, g = 0, b = 0;
};

struct PlotPoint {
  double x = 0, y = 0;
};

struct PlotPolyline {
  std::vector<PlotPoint> points;
  PlotColour colour;
  double width = 1;
  bool dashed = false;
};

struct PlotText {
  enum class Anchor { start, middle, end };
  PlotPoint at;  // baseline position of the anchor
  std::string text;
  Anchor anchor = Anchor::start;
  bool vertical = false;  // reads bottom to top
  double size = 12;       // pixels
  PlotColour colour;
};

struct PlotModel {
  int width = 0, height = 0;
  std::vector<PlotPolyline> lines;  // drawn in order
  std::vector<PlotText> texts;
};

PlotModel unlinkability_plot_model(const UnlinkabilityResult& result, const UnlinkabilityPlotOptions& options);

// "Nice" tick values (1, 2, 5 x 10^k steps) covering [lo, hi], about `target` of them.
std::vector<double> nice_ticks(double lo, double hi, int target);
// A tick label with no more digits than the step needs.
std::string tick_label(double value, double step);

}  // namespace facecert::probes::templates
