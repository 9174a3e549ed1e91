// An LBP boosted cascade in OpenCV's XML format (opencv-data's lbpcascade_frontalface.xml),
// evaluated by the project itself for the traffic analyser's face screening (face_detector.cpp).
// Why not cv::CascadeClassifier: on the 96- and 160-pixel images the screening searches, most of
// detectMultiScale's time went to per-call set-up (its packed image pyramid, parallel_for, tracing)
// rather than to the windows; this walks the same windows (the same pyramid scales, window steps
// and stage thresholds) with a plain integral image per level, 8 windows at a time where the CPU
// has AVX2 (lbp_cascade_avx2.cpp). Read-only after loading: one instance may be used from several
// threads.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <vector>

#include <opencv2/core.hpp>

#include "facecert/probes/cascade_walk_kind.h"

namespace facecert::probes {

class LbpCascade {
 public:
  LbpCascade() = default;
  // Throws std::runtime_error naming the file when it is missing or not an LBP BOOST cascade.
  explicit LbpCascade(const std::filesystem::path& xml);
  bool empty() const { return stages_.empty(); }

  // Every window that passes all stages, in `grey`'s pixels, searched over a pyramid of
  // `scale_factor` steps with windows of min_size..max_size pixels (0: up to the image): what
  // cv::CascadeClassifier::detectMultiScale returns with minNeighbors 0.
  std::vector<cv::Rect> windows(const cv::Mat& grey, double scale_factor, int min_size, int max_size = 0) const;

  // The same search from the biggest windows down, stopping after the first level at which
  // enough(every window so far) is true: "is there a face?" is answered on a face-capture crop's
  // coarse levels, which are a small part of the windows. The windows of the levels walked.
  std::vector<cv::Rect> windows_until(const cv::Mat& grey, double scale_factor, int min_size, int max_size,
                                      const EnoughWindows& enough) const;

  // How windows() walks (AVX2 where the CPU has it unless set); false when the CPU cannot.
  CascadeWalk walk() const { return walk_; }
  bool set_walk(CascadeWalk walk);

 private:
  struct Feature {  // a 3x3 grid of blocks, each w x h, its top-left at (x, y) of the window
    int x = 0, y = 0, w = 0, h = 0;
  };
  struct Stump {  // a depth-1 tree on one feature's 8-bit LBP code
    int feature = 0;
    std::array<std::uint32_t, 8> subset{};  // codes (bit set) that take leaf_in
    float leaf_in = 0, leaf_out = 0;
  };
  struct Stage {
    std::size_t first = 0, count = 0;  // stumps_[first, first + count)
    float threshold = 0;
  };
  std::vector<cv::Rect> collect(const cv::Mat& grey, double scale_factor, int min_size, int max_size,
                                const EnoughWindows* enough) const;
  // One pyramid level, window by window; and the same 8 windows at a time (lbp_cascade_avx2.cpp).
  void search_level(const cv::Mat& integral, double factor, int step, std::vector<cv::Rect>& out) const;
  void search_level_avx2(const cv::Mat& integral, double factor, int step, std::vector<cv::Rect>& out) const;

  int window_w_ = 0, window_h_ = 0;
  std::vector<Feature> features_;
  std::vector<Stump> stumps_;
  std::vector<Stage> stages_;
  CascadeWalk walk_ = CascadeWalk::one_by_one;
};

}  // namespace facecert::probes
