#include "facecert/probes/face_landmarks.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>

#include <opencv2/imgproc.hpp>

#include "facecert/probes/face_detector.h"

// dlib's headers are not warning-clean under our flags (-Wshadow, -Wpedantic); they stay in this file.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wshadow=local"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <dlib/image_processing/shape_predictor.h>
#include <dlib/opencv/cv_image.h>
#include <dlib/serialize.h>
#pragma GCC diagnostic pop

namespace facecert::probes {

struct FaceLandmarker::Model {
  dlib::shape_predictor predictor;  // const use (operator() const) is safe from several threads
};

namespace {

double eye_ratio(const std::array<cv::Point2f, 68>& p, int first) {
  auto d = [&](int a, int b) { return std::hypot(p[first + a].x - p[first + b].x, p[first + a].y - p[first + b].y); };
  const double width = d(0, 3);
  return width > 0 ? (d(1, 5) + d(2, 4)) / (2.0 * width) : 0.0;
}

// The detector is shared: a Haar cascade load costs ~50 ms.
const FaceDetector& shared_detector() {
  static const FaceDetector detector;
  return detector;
}
}  // namespace

double FaceLandmarks::eye_aspect_ratio() const { return (eye_ratio(points, 36) + eye_ratio(points, 42)) / 2.0; }

std::filesystem::path FaceLandmarker::default_model_path() {
  if (const char* env = std::getenv("FACECERT_LANDMARKS"); env && *env) return env;
  return FACECERT_LANDMARK_MODEL;
}

FaceLandmarker::FaceLandmarker() {
  // Read once per process (100 MB, ~1 s); a failure is not cached so that a later call can retry.
  static std::mutex mu;
  static std::shared_ptr<const Model> shared;
  std::lock_guard lock(mu);
  if (!shared) {
    const auto file = default_model_path();
    auto model = std::make_shared<Model>();
    try {
      dlib::deserialize(file.string()) >> model->predictor;
    } catch (const std::exception& e) {
      throw std::runtime_error(fmt::format("{}: cannot read the landmark model ({})", file.string(), e.what()));
    }
    if (model->predictor.num_parts() != 68)
      throw std::runtime_error(fmt::format("{}: not a 68-point landmark model", file.string()));
    shared = std::move(model);
  }
  model_ = shared;
}

std::optional<FaceLandmarks> FaceLandmarker::fit(const cv::Mat& bgr, std::optional<cv::Rect> face) const {
  if (bgr.empty()) return std::nullopt;
  cv::Mat image = bgr;
  if (bgr.channels() == 1) cv::cvtColor(bgr, image, cv::COLOR_GRAY2BGR);
  else if (bgr.channels() == 4) cv::cvtColor(bgr, image, cv::COLOR_BGRA2BGR);
  if (image.depth() != CV_8U) return std::nullopt;
  if (!face) {
    const auto faces = shared_detector().detect(image);
    if (faces.empty()) return std::nullopt;
    face = *std::max_element(faces.begin(), faces.end(),
                             [](const cv::Rect& a, const cv::Rect& b) { return a.area() < b.area(); });
  }
  if (face->width <= 0 || face->height <= 0) return std::nullopt;
  // Only the box and a margin are wrapped for dlib: the predictor reads pixels near the box.
  const int mx = face->width / 2, my = face->height / 2;
  const cv::Rect roi = cv::Rect(face->x - mx, face->y - my, face->width + 2 * mx, face->height + 2 * my) &
                       cv::Rect(0, 0, image.cols, image.rows);
  if (roi.empty()) return std::nullopt;
  cv::Mat crop = image(roi);
  if (!crop.isContinuous()) crop = crop.clone();
  dlib::cv_image<dlib::bgr_pixel> wrapped(crop);
  const dlib::rectangle box(face->x - roi.x, face->y - roi.y, face->x - roi.x + face->width - 1,
                            face->y - roi.y + face->height - 1);
  const dlib::full_object_detection shape = model_->predictor(wrapped, box);
  FaceLandmarks out;
  out.face = *face;
  for (unsigned i = 0; i < 68; ++i) {
    const auto& p = shape.part(i);
    out.points[i] = cv::Point2f(static_cast<float>(p.x() + roi.x), static_cast<float>(p.y() + roi.y));
  }
  return out;
}

}  // namespace facecert::probes
