// 68-point face landmarks (dlib's shape predictor, the iBUG 300-W point layout, model from Debian's
// libdlib-data): eye and mouth openness, head pose cues, and the control points the spoof generator
// warps. Points 36-41 right eye, 42-47 left eye, 48-67 mouth, 0-16 jaw, 27-35 nose, 17-26 brows.
#pragma once

#include <array>
#include <filesystem>
#include <memory>
#include <optional>

#include <opencv2/core.hpp>

namespace facecert::probes {

struct FaceLandmarks {
  cv::Rect face;                        // the detector's box the points were fitted in
  std::array<cv::Point2f, 68> points;   // image coordinates
  // Eye aspect ratio (Soukupova & Cech 2016): about 0.25-0.35 open, below ~0.15 closed.
  double eye_aspect_ratio() const;      // mean of both eyes
};

class FaceLandmarker {
 public:
  // $FACECERT_LANDMARKS, else FACECERT_LANDMARK_MODEL (the build's default). The model (~100 MB) is
  // read once per process and shared; throws std::runtime_error naming the file when unreadable.
  FaceLandmarker();
  // The landmarks of the largest face (found with FaceDetector when `face` is not given).
  std::optional<FaceLandmarks> fit(const cv::Mat& bgr, std::optional<cv::Rect> face = std::nullopt) const;
  static std::filesystem::path default_model_path();

 private:
  struct Model;
  std::shared_ptr<const Model> model_;
};

}  // namespace facecert::probes
