// A Haar boosted cascade of stumps in OpenCV's XML format (opencv-data's
// haarcascade_frontalface_default.xml), evaluated by the project itself for the third stage of
// the traffic analyser's face screening (face_detector.cpp): the small regions around LBP hits it
// asks cost more in cv::CascadeClassifier's per-call set-up than in windows. The same windows as
// detectMultiScale fire (the same pyramid, window steps, variance normalisation and thresholds),
// 8 at a time with AVX2 where the CPU has it (haar_cascade_avx2.cpp). Read-only after loading.
#pragma once

#include <array>
#include <filesystem>
#include <vector>

#include <opencv2/core.hpp>

#include "facecert/probes/cascade_walk_kind.h"

namespace facecert::probes {

class HaarCascade {
 public:
  HaarCascade() = default;
  // Throws std::runtime_error naming the file when it is missing or not a Haar stump cascade
  // without tilted features.
  explicit HaarCascade(const std::filesystem::path& xml);
  bool empty() const { return stages_.empty(); }

  // Every window that passes all stages, as detectMultiScale with minNeighbors 0 (lbp_cascade.h).
  std::vector<cv::Rect> windows(const cv::Mat& grey, double scale_factor, int min_size, int max_size = 0) const;
  // The same from the biggest windows down, stopping after the first level at which enough() is
  // true (lbp_cascade.h).
  std::vector<cv::Rect> windows_until(const cv::Mat& grey, double scale_factor, int min_size, int max_size,
                                      const EnoughWindows& enough) const;

  // How windows() walks (AVX2 where the CPU has it unless set); false when the CPU cannot.
  CascadeWalk walk() const { return walk_; }
  bool set_walk(CascadeWalk walk);

 private:
  std::vector<cv::Rect> collect(const cv::Mat& grey, double scale_factor, int min_size, int max_size,
                                const EnoughWindows* enough) const;
  struct Box {  // a weighted rectangle of the window
    int x = 0, y = 0, w = 0, h = 0;
    float weight = 0;
  };
  struct Feature {
    std::array<Box, 3> boxes{};
    int count = 0;  // 2 or 3
  };
  struct Stump {
    int feature = 0;
    float threshold = 0, left = 0, right = 0;  // left when the normalised value < threshold
  };
  struct Stage {
    std::size_t first = 0, count = 0;
    float threshold = 0;
  };
  // Sums (CV_32S) and squared sums (CV_32S holding uint32, wrapping) of one pyramid level.
  void search_level(const cv::Mat& sum, const cv::Mat& squares, double factor, int step,
                    std::vector<cv::Rect>& out) const;
  void search_level_avx2(const cv::Mat& sum, const cv::Mat& squares, double factor, int step,
                         std::vector<cv::Rect>& out) const;
  // The window's 1 / (standard deviation x area) over the window inset by a pixel, or 0 when the
  // window is refused (flat, as OpenCV refuses it).
  float norm_factor(const int* sum, const int* squares, int stride) const;

  int window_w_ = 0, window_h_ = 0;
  std::vector<Feature> features_;
  std::vector<Stump> stumps_;
  std::vector<Stage> stages_;
  CascadeWalk walk_ = CascadeWalk::one_by_one;
};

}  // namespace facecert::probes
