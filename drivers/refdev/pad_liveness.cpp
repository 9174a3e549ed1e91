// 6.1.4 cues from motion: a live face blinks (the eye aspect ratio drops and recovers) and turns in
// depth (its nose moves against its cheeks and contour); a photo, a paper mask or a tilted screen
// moves as one plane, so one homography explains all the motion of the face region.
#include <algorithm>
#include <cmath>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include "pad_cues.h"

namespace facecert::refdev::pad {

Blink blink(std::span<const cv::Mat> bgr, const cv::Rect& face, const probes::FaceLandmarker& landmarker) {
  Blink out;
  cv::Rect box = face;
  for (const auto& frame : bgr) {
    const auto fitted = landmarker.fit(frame, box);
    if (!fitted) {
      out.ear.emplace_back();
      continue;
    }
    out.ear.emplace_back(fitted->eye_aspect_ratio());
    // Follow the face: the box moves with the landmarks' centre.
    cv::Point2f c(0, 0);
    for (const auto& p : fitted->points) c += p;
    c *= 1.0f / 68;
    box.x = static_cast<int>(c.x) - box.width / 2;
    box.y = static_cast<int>(c.y) - box.height / 2 + box.height / 10;
  }
  std::vector<double> seen;
  for (const auto& e : out.ear)
    if (e) seen.push_back(*e);
  if (seen.empty()) return out;
  out.ear_min = *std::min_element(seen.begin(), seen.end());
  out.ear_max = *std::max_element(seen.begin(), seen.end());
  // open -> closed -> open: a frame well below the open level with open frames before and after.
  std::size_t low = 0;
  for (std::size_t i = 0; i < seen.size(); ++i)
    if (seen[i] < seen[low]) low = i;
  const double open = out.ear_max;
  const bool closed = seen[low] < 0.7 * open;
  const bool before = std::any_of(seen.begin(), seen.begin() + static_cast<long>(low), [&](double e) { return e > 0.85 * open; });
  const bool after = std::any_of(seen.begin() + static_cast<long>(low) + 1, seen.end(), [&](double e) { return e > 0.85 * open; });
  out.blinked = closed && before && after;
  return out;
}

std::optional<Planarity> planarity(std::span<const cv::Mat> grey, const cv::Rect& face) {
  if (grey.size() < 2) return std::nullopt;
  const cv::Rect frame(0, 0, grey[0].cols, grey[0].rows);
  const cv::Rect inner =
      cv::Rect(face.x + face.width / 10, face.y + face.height / 10, face.width * 8 / 10, face.height * 8 / 10) & frame;
  // The motion of a 5x5 grid of patches (phase correlation: sub-pixel, cheap), against the first
  // frame, for the middle and the last frame.
  const int patch = std::max(16, inner.width / 4) / 2 * 2;
  if (inner.width < 2 * patch || inner.height < 2 * patch) return std::nullopt;
  cv::Mat window;
  cv::createHanningWindow(window, cv::Size(patch, patch), CV_32F);
  auto patch_at = [&](const cv::Mat& g, cv::Point c) -> std::optional<cv::Mat> {
    const cv::Rect r(c.x - patch / 2, c.y - patch / 2, patch, patch);
    if ((r & frame) != r) return std::nullopt;
    cv::Mat f;
    g(r).convertTo(f, CV_32F);
    cv::GaussianBlur(f, f, cv::Size(0, 0), 1.2);  // sensor noise and print dots are not motion
    return f;
  };
  Planarity out;
  std::vector<std::size_t> targets{grey.size() - 1};
  if (grey.size() >= 4) targets.push_back(grey.size() / 2);
  for (std::size_t k : targets) {
    // The whole region's shift first, so that the patches look in the right place.
    cv::Mat a0, ak;
    grey[0](inner).convertTo(a0, CV_32F);
    grey[k](inner).convertTo(ak, CV_32F);
    cv::Mat big_window;
    cv::createHanningWindow(big_window, inner.size(), CV_32F);
    const cv::Point2d global = cv::phaseCorrelate(a0, ak, big_window);
    const cv::Point offset(static_cast<int>(std::lround(global.x)), static_cast<int>(std::lround(global.y)));
    std::vector<cv::Point2f> from, to;
    for (int gy = 0; gy < 5; ++gy)
      for (int gx = 0; gx < 5; ++gx) {
        const cv::Point c(inner.x + patch / 2 + (inner.width - patch) * gx / 4, inner.y + patch / 2 + (inner.height - patch) * gy / 4);
        const auto p0 = patch_at(grey[0], c), pk = patch_at(grey[k], c + offset);
        if (!p0 || !pk) continue;
        double response = 0;
        const cv::Point2d d = cv::phaseCorrelate(*p0, *pk, window, &response);
        if (response < 0.05) continue;  // a flat patch: no motion to read
        from.emplace_back(cv::Point2f(static_cast<float>(c.x), static_cast<float>(c.y)));
        to.emplace_back(cv::Point2f(static_cast<float>(c.x + offset.x + d.x), static_cast<float>(c.y + offset.y + d.y)));
      }
    if (from.size() < 10) continue;
    const cv::Mat h = cv::findHomography(from, to, cv::RANSAC, 1.0);
    if (h.empty()) continue;
    std::vector<cv::Point2f> mapped;
    cv::perspectiveTransform(from, mapped, h);
    std::vector<double> residual(from.size());
    for (std::size_t i = 0; i < from.size(); ++i) residual[i] = cv::norm(mapped[i] - to[i]);
    const auto at = residual.begin() + static_cast<long>(residual.size() * 8 / 10);
    std::nth_element(residual.begin(), at, residual.end());
    out.residual_px = std::max(out.residual_px, *at);
    out.points = std::max(out.points, static_cast<int>(from.size()));
  }
  if (out.points == 0) return std::nullopt;
  return out;
}

}  // namespace facecert::refdev::pad
