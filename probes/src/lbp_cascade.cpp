#include "facecert/probes/lbp_cascade.h"

#include <string>

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include "cascade_walk.h"

namespace facecert::probes {
namespace {

// The 16 corners of a feature's 3x3 blocks as offsets into one pyramid level's integral image.
using Corners = std::array<int, 16>;

// The feature's LBP code: each of the 8 outer blocks, clockwise from the top-left one (bit 7),
// against the centre block, from the 16 integral-image corners of the 3x3 grid (row-major).
inline int lbp_code(const int* p, const Corners& o) {
  int c[16];
  for (int i = 0; i < 16; ++i) c[i] = p[o[static_cast<std::size_t>(i)]];
  const auto block = [&c](int r, int k) {
    const int a = r * 4 + k;
    return c[a] - c[a + 1] - c[a + 4] + c[a + 5];
  };
  const int centre = block(1, 1);
  return (block(0, 0) >= centre ? 128 : 0) | (block(0, 1) >= centre ? 64 : 0) | (block(0, 2) >= centre ? 32 : 0) |
         (block(1, 2) >= centre ? 16 : 0) | (block(2, 2) >= centre ? 8 : 0) | (block(2, 1) >= centre ? 4 : 0) |
         (block(2, 0) >= centre ? 2 : 0) | (block(1, 0) >= centre ? 1 : 0);
}

}  // namespace

LbpCascade::LbpCascade(const std::filesystem::path& xml) {
  cascade::read_cascade_file(xml, "LBP", [&](const cv::FileNode& root) {
    window_w_ = static_cast<int>(root["width"]);
    window_h_ = static_cast<int>(root["height"]);
    for (const cv::FileNode& f : root["features"]) {
      std::vector<int> r;
      f["rect"] >> r;
      if (r.size() != 4 || r[0] < 0 || r[1] < 0 || r[2] <= 0 || r[3] <= 0 || r[0] + 3 * r[2] > window_w_ ||
          r[1] + 3 * r[3] > window_h_)
        cascade::bad_file(xml, fmt::format("feature {} is not a 3x3 grid inside the {}x{} window", features_.size(),
                                           window_w_, window_h_));
      features_.push_back({r[0], r[1], r[2], r[3]});
    }
    for (const cv::FileNode& s : root["stages"]) {
      Stage stage{stumps_.size(), 0, static_cast<float>(s["stageThreshold"]) - cascade::kStageThresholdEps};
      for (const cv::FileNode& w : s["weakClassifiers"]) {
        std::vector<int> nodes;
        std::vector<float> leaves;
        w["internalNodes"] >> nodes;
        w["leafValues"] >> leaves;
        // Depth-1 trees only (maxDepth 1, as every LBP cascade of opencv-data): left, right, feature, 8 words.
        if (nodes.size() != 11 || leaves.size() != 2 || nodes[2] < 0 ||
            static_cast<std::size_t>(nodes[2]) >= features_.size())
          cascade::bad_file(
              xml, fmt::format("stage {}: a weak classifier that is not a stump on a known feature", stages_.size()));
        Stump stump;
        stump.feature = nodes[2];
        for (std::size_t i = 0; i < 8; ++i) stump.subset[i] = static_cast<std::uint32_t>(nodes[3 + i]);
        stump.leaf_in = leaves[0];
        stump.leaf_out = leaves[1];
        stumps_.push_back(stump);
        ++stage.count;
      }
      stages_.push_back(stage);
    }
  });
  if (stages_.empty() || window_w_ <= 0 || window_h_ <= 0)
    cascade::bad_file(xml, "a cascade without stages or window size");
  set_walk(CascadeWalk::avx2);
}

std::vector<cv::Rect> LbpCascade::windows(const cv::Mat& grey, double scale_factor, int min_size, int max_size) const {
  return collect(grey, scale_factor, min_size, max_size, nullptr);
}

std::vector<cv::Rect> LbpCascade::windows_until(const cv::Mat& grey, double scale_factor, int min_size, int max_size,
                                                const EnoughWindows& enough) const {
  return collect(grey, scale_factor, min_size, max_size, &enough);
}

std::vector<cv::Rect> LbpCascade::collect(const cv::Mat& grey, double scale_factor, int min_size, int max_size,
                                          const EnoughWindows* enough) const {
  if (empty()) return {};
  thread_local cv::Mat integral;
  return cascade::collect_windows(grey, {window_w_, window_h_}, scale_factor, min_size, max_size, enough,
                                  [&](const cv::Mat& level, double factor, int step, std::vector<cv::Rect>& out) {
                                    cv::integral(level, integral, CV_32S);
                                    switch (walk_) {
                                      case CascadeWalk::avx2: search_level_avx2(integral, factor, step, out); break;
                                      case CascadeWalk::one_by_one: search_level(integral, factor, step, out); break;
                                    }
                                  });
}

bool LbpCascade::set_walk(CascadeWalk walk) {
  if (!cpu_can_walk(walk)) return false;
  walk_ = walk;
  return true;
}

void LbpCascade::search_level(const cv::Mat& integral, double factor, int step, std::vector<cv::Rect>& out) const {
  const int stride = static_cast<int>(integral.step1());
  thread_local std::vector<Corners> corners;  // per stump, for this level's row stride
  corners.resize(stumps_.size());
  for (std::size_t i = 0; i < stumps_.size(); ++i) {
    const Feature& f = features_[static_cast<std::size_t>(stumps_[i].feature)];
    for (int r = 0; r < 4; ++r)
      for (int k = 0; k < 4; ++k)
        corners[i][static_cast<std::size_t>(r * 4 + k)] = (f.y + r * f.h) * stride + f.x + k * f.w;
  }
  const int last_x = integral.cols - 1 - window_w_, last_y = integral.rows - 1 - window_h_;
  const int win_w = cvRound(window_w_ * factor), win_h = cvRound(window_h_ * factor);
  const int* base = integral.ptr<int>();
  for (int y = 0; y <= last_y; y += step) {
    for (int x = 0; x <= last_x; x += step) {
      const int* p = base + y * stride + x;
      std::size_t s = 0;
      for (; s < stages_.size(); ++s) {
        const Stage& stage = stages_[s];
        float sum = 0;
        for (std::size_t i = stage.first; i < stage.first + stage.count; ++i) {
          const int code = lbp_code(p, corners[i]);
          const Stump& stump = stumps_[i];
          sum +=
              (stump.subset[static_cast<std::size_t>(code >> 5)] >> (code & 31)) & 1U ? stump.leaf_in : stump.leaf_out;
        }
        if (sum < stage.threshold) break;
      }
      if (s == stages_.size())
        out.emplace_back(cvRound(x * factor), cvRound(y * factor), win_w, win_h);
      else if (s == 0)
        x += step;  // rejected by the first stage: the next window is passed over too, as OpenCV does
    }
  }
}

}  // namespace facecert::probes
