// The device's face engine: detection (facecert::probes::FaceDetector, Haar) and recognition with
// OpenCV's LBPH recogniser (cv::face::LBPHFaceRecognizer).
//
// Why LBPH: it needs no model weights (none are available offline here), trains incrementally,
// is robust to the monotonic brightness changes a camera produces, and its chi-square histogram
// distance is a score the device can report and calibrate. Lower distance = more similar.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/face.hpp>
#include <opencv2/objdetect.hpp>

#include "facecert/probes/face_detector.h"

namespace facecert::refdev {

// Accept when the LBPH chi-square distance is at most this. Calibrated on spoof-datasets/demo
// (tests/drivers/refdev_face_engine_test.cpp): varied copies of the same face (brightness +-20%,
// shift, scale +-8%, gaussian noise sigma 6, JPEG q60) scored 14-63; astronaut against messi5
// (either way, varied or not) scored 115-140. 80 sits between them, nearer the genuine side
// because a false accept is the worse error for an access-control terminal.
inline constexpr double kAcceptDistance = 80.0;
inline constexpr int kFaceSide = 100;  // template side in pixels

class FaceEngine {
 public:
  FaceEngine();

  // Decodes `bytes`; nullopt when they are not an image. Thread-safe.
  static std::optional<cv::Mat> decode(std::span<const std::uint8_t> bytes);
  // The face (of several detections, the largest one in which eyes are found, else the largest),
  // cropped with a margin, grey, kFaceSide square, histogram-equalised; nullopt when no face.
  std::optional<cv::Mat> normalised_face(const cv::Mat& image) const;

  // Replaces the gallery (e.g. after a deletion). Labels index `face_ids`.
  void set_gallery(const std::vector<std::string>& face_ids, const std::vector<cv::Mat>& faces);
  void add_to_gallery(const std::string& face_id, const cv::Mat& face);

  struct Match {
    std::string face_id;  // best gallery face, empty when the gallery is empty
    double distance = 0;
  };
  Match identify(const cv::Mat& face) const;                  // 1:N against the gallery
  static double compare(const cv::Mat& a, const cv::Mat& b);  // 1:1 distance

 private:
  static cv::Ptr<cv::face::LBPHFaceRecognizer> make_model();
  cv::Mat crop(const cv::Mat& image, const cv::Rect& face) const;
  int eyes_in(const cv::Mat& face) const;  // 0, 1 or 2
  probes::FaceDetector detector_;
  mutable std::mutex eyes_mu_;  // detectMultiScale is not safe from two threads
  mutable cv::CascadeClassifier eyes_;
  mutable std::shared_mutex mu_;
  cv::Ptr<cv::face::LBPHFaceRecognizer> model_;
  std::vector<std::string> labels_;
};

}  // namespace facecert::refdev
