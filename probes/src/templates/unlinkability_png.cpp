// The unlinkability figure drawn with OpenCV, for reports and viewers that want a raster image.
#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "unlinkability_plot_model.h"

namespace facecert::probes {
namespace {

cv::Scalar bgr(const templates::PlotColour& c) { return {double(c.b), double(c.g), double(c.r)}; }
cv::Point px(const templates::PlotPoint& p) { return {static_cast<int>(std::lround(p.x)), static_cast<int>(std::lround(p.y))}; }

void draw_dashed(cv::Mat& img, cv::Point2d a, cv::Point2d b, const cv::Scalar& colour, int thickness) {
  const double length = std::hypot(b.x - a.x, b.y - a.y), dash = 7, gap = 4;
  for (double s = 0; s < length; s += dash + gap) {
    const double e = std::min(s + dash, length);
    const cv::Point2d p = a + (b - a) * (s / length), q = a + (b - a) * (e / length);
    cv::line(img, px({p.x, p.y}), px({q.x, q.y}), colour, thickness, cv::LINE_AA);
  }
}

void draw_line(cv::Mat& img, const templates::PlotPolyline& l) {
  const int thickness = std::max(1, static_cast<int>(std::lround(l.width)));
  for (std::size_t i = 1; i < l.points.size(); ++i) {
    const auto& a = l.points[i - 1];
    const auto& b = l.points[i];
    if (l.dashed) draw_dashed(img, {a.x, a.y}, {b.x, b.y}, bgr(l.colour), thickness);
    else cv::line(img, px(a), px(b), bgr(l.colour), thickness, cv::LINE_AA);
  }
}

void draw_text(cv::Mat& img, const templates::PlotText& t) {
  using A = templates::PlotText::Anchor;
  const int font = cv::FONT_HERSHEY_SIMPLEX;
  const double scale = t.size / 26.0;  // Hershey simplex at scale 1 is about 22 px to the cap height
  int baseline = 0;
  const cv::Size size = cv::getTextSize(t.text, font, scale, 1, &baseline);
  const int shift = t.anchor == A::start ? 0 : t.anchor == A::middle ? size.width / 2 : size.width;
  if (!t.vertical) {
    cv::putText(img, t.text, px({t.at.x - shift, t.at.y}), font, scale, bgr(t.colour), 1, cv::LINE_AA);
    return;
  }
  // Vertical text: drawn on its own strip, turned a quarter to the left, laid on the figure.
  cv::Mat strip(size.height + baseline + 2, size.width + 2, CV_8UC3, cv::Scalar(255, 255, 255));
  cv::putText(strip, t.text, {1, size.height}, font, scale, bgr(t.colour), 1, cv::LINE_AA);
  cv::rotate(strip, strip, cv::ROTATE_90_COUNTERCLOCKWISE);
  cv::Rect at(px({t.at.x - strip.cols + baseline, t.at.y - strip.rows + shift}), strip.size());
  at &= cv::Rect(0, 0, img.cols, img.rows);
  if (at.area() == 0) return;
  cv::Mat ink;
  cv::cvtColor(strip(cv::Rect(0, 0, at.width, at.height)), ink, cv::COLOR_BGR2GRAY);
  strip(cv::Rect(0, 0, at.width, at.height)).copyTo(img(at), ink < 250);
}

}  // namespace

cv::Mat unlinkability_image(const UnlinkabilityResult& result, const UnlinkabilityPlotOptions& options) {
  const auto m = templates::unlinkability_plot_model(result, options);
  cv::Mat img(m.height, m.width, CV_8UC3, cv::Scalar(255, 255, 255));
  for (const auto& l : m.lines) draw_line(img, l);
  for (const auto& t : m.texts) draw_text(img, t);
  return img;
}

}  // namespace facecert::probes
