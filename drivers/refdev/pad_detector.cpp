// The detector (pad.h): finds the face once, measures every cue, and decides. A periodic pattern
// in the face (halftone, pixel grid, moire) decides alone; in a clip, a face region that moves as
// one plane (a sheet, a mask, a tilted screen showing a still) is an instrument.
#include "pad.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "facecert/probes/face_detector.h"
#include "facecert/probes/face_landmarks.h"
#include "pad_cues.h"

namespace facecert::refdev {
namespace {

// Calibrated on the demo set (docs/demo-generator.md, tests/drivers/refdev_pad_test.cpp).
constexpr double kPeriodicGrey = 4.8;    // mean top-4 log-power peak above its ring's median (live: 2.6-4.3)
constexpr double kPlanarPx = 0.5;        // 80th percentile residual from one homography

double logistic(double x) { return 1 / (1 + std::exp(-x)); }

}  // namespace

struct PresentationAttackDetector::Impl {
  probes::FaceDetector detector;
  probes::FaceLandmarker landmarker;
};

PresentationAttackDetector::PresentationAttackDetector() : impl_(new Impl) {}
PresentationAttackDetector::~PresentationAttackDetector() { delete impl_; }

PadVerdict PresentationAttackDetector::judge(std::span<const PadFrame> frames) const {
  PadVerdict verdict;
  if (frames.empty()) return verdict;
  // The face: on the first frame where one is found (searched in up to three frames).
  std::optional<cv::Rect> face;
  for (std::size_t i : {std::size_t{0}, frames.size() / 2, frames.size() - 1}) {
    if (frames[i].bgr.empty()) continue;
    // At half size when the frame is large: a terminal's face fills a good part of the frame,
    // and the cascade is most of judge()'s time.
    double shrink = frames[i].bgr.cols >= 480 ? 0.5 : 1.0;
    cv::Mat small = frames[i].bgr;
    if (shrink < 1) cv::resize(frames[i].bgr, small, cv::Size(), shrink, shrink, cv::INTER_AREA);
    auto found = impl_->detector.detect(small);
    // Nothing, or only a small box (glasses can make the cascade fire on a part of the face only):
    // again at full size, and the larger answer is taken.
    const auto largest = [](const std::vector<cv::Rect>& v) {
      int side = 0;
      for (const auto& r : v) side = std::max(side, r.width);
      return side;
    };
    if (shrink < 1 && largest(found) * 2 < frames[i].bgr.cols / 5) {
      auto full = impl_->detector.detect(frames[i].bgr);
      if (largest(full) > largest(found) * 2) found = std::move(full), shrink = 1;
    }
    // A terminal's user fills a good part of the frame: boxes narrower than an eighth of the frame
    // are background faces or a part of the face (the cascade firing on glasses and a nose).
    std::erase_if(found, [&](const cv::Rect& r) { return r.width / shrink < frames[i].bgr.cols / 8.0; });
    if (!found.empty()) {
      const cv::Rect r =
          *std::max_element(found.begin(), found.end(), [](const cv::Rect& a, const cv::Rect& b) { return a.area() < b.area(); });
      face = cv::Rect(static_cast<int>(r.x / shrink), static_cast<int>(r.y / shrink), static_cast<int>(r.width / shrink),
                      static_cast<int>(r.height / shrink));
      break;
    }
  }
  verdict.cues["face_found"] = face ? 1 : 0;
  if (face) {
    verdict.cues["face_x"] = face->x, verdict.cues["face_y"] = face->y;
    verdict.cues["face_side"] = face->width;
  }
  const cv::Mat& first = frames[0].bgr;
  if (first.empty()) return verdict;
  // No face: the centre of the picture is judged (what a terminal would look at).
  const cv::Rect box = face ? *face : cv::Rect(first.cols / 4, first.rows / 4, first.cols / 2, first.rows / 2);
  // Periodic patterns: the median over up to three frames (a single frame's noise can peak).
  std::vector<double> grey_scores, chroma_scores;
  for (std::size_t i : {std::size_t{0}, frames.size() / 2, frames.size() - 1}) {
    if (i > 0 && i == frames.size() / 2 && frames.size() < 3) continue;
    const auto p = refdev::pad::periodicity(frames[i].bgr, box);
    grey_scores.push_back(p.grey), chroma_scores.push_back(p.chroma);
    if (frames.size() == 1) break;
  }
  auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  const double grey = median(grey_scores), chroma = median(chroma_scores);
  verdict.cues["periodicity"] = grey;
  verdict.cues["periodicity_chroma"] = chroma;
  // The chroma score is evidence only: JPEG's chroma subsampling gives live faces peaks as high.
  const double s_periodic = logistic((grey - kPeriodicGrey) / 0.25);
  double s_planar = 0;
  if (frames.size() >= 3) {
    std::vector<cv::Mat> bgr, grey_frames;
    for (const auto& f : frames) {
      if (f.bgr.empty() || f.bgr.size() != first.size()) continue;
      bgr.push_back(f.bgr);
      cv::Mat g;
      cv::cvtColor(f.bgr, g, cv::COLOR_BGR2GRAY);
      grey_frames.push_back(std::move(g));
    }
    if (face) {
      const auto b = refdev::pad::blink(bgr, *face, impl_->landmarker);
      verdict.cues["ear_min"] = b.ear_min;
      verdict.cues["ear_max"] = b.ear_max;
      verdict.cues["blink"] = b.blinked ? 1 : 0;
      if (const auto p = refdev::pad::planarity(grey_frames, *face)) {
        verdict.cues["planar_residual_px"] = p->residual_px;
        verdict.cues["tracked_points"] = p->points;
        // The blink is reported, not used: a paper mask's eye holes and a replayed clip blink too,
        // and on the demo set the eye aspect ratio also dips on prints (landmark jitter).
        s_planar = logistic((kPlanarPx - p->residual_px) / 0.06);
      }
    }
  }
  verdict.cues["frames"] = static_cast<double>(frames.size());
  verdict.attack_score = std::max(s_periodic, s_planar);
  verdict.attack = verdict.attack_score >= 0.5;
  if (verdict.attack) verdict.cue = s_periodic >= s_planar ? "periodic-pattern" : "planar-motion";
  return verdict;
}

}  // namespace facecert::refdev
