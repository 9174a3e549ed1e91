// What the project's cascade evaluators (lbp_cascade.h, haar_cascade.h) share: the image pyramid
// and window steps of OpenCV's detectMultiScale, integral images laid out in phase planes for the
// 8-windows-at-a-time walk, and the replay of OpenCV's habit of passing over the window after one
// the first stage rejects. Keeping these as OpenCV has them keeps the windows that fire the same.
#pragma once

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "facecert/probes/cascade_walk_kind.h"
#include "image_shrink.h"

namespace facecert::probes::cascade {

// OpenCV lowers every stage threshold by this when it loads a cascade; the same windows pass here.
constexpr float kStageThresholdEps = 1e-5F;

// A cascade file that cannot be used: "FILE: what".
[[noreturn]] inline void bad_file(const std::filesystem::path& xml, const std::string& what) {
  throw std::runtime_error(fmt::format("{}: {}", xml.string(), what));
}

// Opens an OpenCV cascade file whose features are `feature_type` ("LBP", "HAAR") and hands its
// <cascade> node to read(root); a missing file, another type or unreadable XML is bad_file().
template <class Read>
void read_cascade_file(const std::filesystem::path& xml, const std::string& feature_type, Read&& read) {
  if (!std::filesystem::exists(xml)) bad_file(xml, "no such cascade file");
  try {
    cv::FileStorage fs(xml.string(), cv::FileStorage::READ);
    const cv::FileNode root = fs["cascade"];
    if (root.empty() || static_cast<std::string>(root["featureType"]) != feature_type ||
        static_cast<std::string>(root["stageType"]) != "BOOST")
      bad_file(xml, fmt::format("not an {} BOOST cascade in OpenCV's format", feature_type));
    read(root);
  } catch (const cv::Exception& e) {
    bad_file(xml, fmt::format("unreadable cascade: {}", e.what()));
  }
}

// Which pyramid level a search visits first: the smallest windows (OpenCV's order), or the biggest
// (a search that stops at the first face: a face-capture crop's face is big, and the coarse levels
// are a small part of the windows).
enum class LevelOrder { fine_first, coarse_first };

// fn(level, factor, step) for each pyramid level detectMultiScale searches: the image shrunk by
// factor = scale_factor^k (bit-exact bilinear, as OpenCV resizes its levels) while a window of
// `window` x factor fits in max_size (0: the image) and from min_size on; `step` is the window
// step on the level (every second window below a factor of 2). fn returns false to stop.
template <class Fn>
void for_each_level(const cv::Mat& grey, cv::Size window, double scale_factor, int min_size, int max_size,
                    LevelOrder order, Fn&& fn) {
  if (grey.empty() || grey.type() != CV_8UC1 || !(scale_factor > 1.0)) return;
  const int max_w = max_size > 0 ? max_size : grey.cols, max_h = max_size > 0 ? max_size : grey.rows;
  thread_local std::vector<double> factors;
  factors.clear();
  for (double factor = 1;; factor *= scale_factor) {
    const int win_w = cvRound(window.width * factor), win_h = cvRound(window.height * factor);
    if (win_w > max_w || win_h > max_h) break;
    if (win_w < min_size || win_h < min_size) continue;
    if (cvRound(grey.cols / factor) < window.width || cvRound(grey.rows / factor) < window.height) break;
    factors.push_back(factor);
  }
  if (order == LevelOrder::coarse_first) std::reverse(factors.begin(), factors.end());
  thread_local cv::Mat level;
  for (const double factor : factors) {
    const cv::Size size(cvRound(grey.cols / factor), cvRound(grey.rows / factor));
    const int step = factor > 2 ? 1 : 2;
    if (size == grey.size()) {
      if (!fn(grey, factor, step)) return;
    } else {
      exact_bilinear_shrink(grey, level, size);  // as cv::resize INTER_LINEAR_EXACT, bit for bit
      if (!fn(level, factor, step)) return;
    }
  }
}

// The windows search_level(level, factor, step, out) appends on each level: every level in
// OpenCV's order when `enough` is null, else from the biggest windows down until enough(windows so
// far) after a level that added some.
template <class SearchLevel>
std::vector<cv::Rect> collect_windows(const cv::Mat& grey, cv::Size window, double scale_factor, int min_size,
                                      int max_size, const EnoughWindows* enough, SearchLevel&& search_level) {
  std::vector<cv::Rect> out;
  for_each_level(grey, window, scale_factor, min_size, max_size,
                 enough ? LevelOrder::coarse_first : LevelOrder::fine_first,
                 [&](const cv::Mat& level, double factor, int step) {
                   const std::size_t before = out.size();
                   search_level(level, factor, step, out);
                   return !enough || out.size() == before || !(*enough)(out);
                 });
  return out;
}

// An integral image (CV_32S, (h+1) x (w+1)) regrouped so that one corner of 8 windows `step`
// apart is 8 neighbouring ints: plane q holds columns q, q + step, q + 2 step ... Planes are padded
// so that the loads of a row's last batch stay inside.
class PhasePlanes {
 public:
  void build(const cv::Mat& integral, int step) {
    rows_ = integral.rows;
    step_ = step;
    width_ = integral.cols / step + 16;
    data_.assign(static_cast<std::size_t>(step) * static_cast<std::size_t>(rows_) * static_cast<std::size_t>(width_),
                 0);
    for (int q = 0; q < step; ++q)
      for (int r = 0; r < rows_; ++r) {
        const int* src = integral.ptr<int>(r);
        int* dst = data_.data() + index(q * rows_ + r, 0);
        for (int col = q, j = 0; col < integral.cols; col += step, ++j) dst[j] = src[col];
      }
  }
  // The offset of the integral's (row, col) for the window at (0, 0); add row_start(y) + j for the
  // window at (j * step, y).
  int offset(int row, int col) const { return static_cast<int>(index((col % step_) * rows_ + row, col / step_)); }
  const int* row_start(int y) const { return data_.data() + index(y, 0); }

 private:
  std::size_t index(int plane_row, int j) const {
    return static_cast<std::size_t>(plane_row) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(j);
  }
  std::vector<int> data_;
  int rows_ = 0, step_ = 1, width_ = 0;
};

// The windows of a row the window-by-window walk visits, given each one's outcome: `reached[j]`
// is the stage that rejected window j (0: the first), `all` when it passed every stage, -1 when
// it was refused before the stages. hit(j) for each visited window that passed.
template <class Hit>
void replay_row(const std::vector<int>& reached, int n, int all, Hit&& hit) {
  for (int j = 0; j < n;) {
    const int r = reached[static_cast<std::size_t>(j)];
    if (r == all) hit(j);
    j += r == 0 ? 2 : 1;
  }
}

}  // namespace facecert::probes::cascade
