#include "facecert/probes/haar_cascade.h"

#include <cmath>
#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "cascade_walk.h"

namespace facecert::probes {
namespace {

// Sums and squared sums of `level` ((h+1) x (w+1), CV_32S): the squares wrap in 32 bits, as
// OpenCV keeps them; a window's difference of four corners is exact as long as it is < 2^32.
void integrals(const cv::Mat& level, cv::Mat& sum, cv::Mat& squares) {
  sum.create(level.rows + 1, level.cols + 1, CV_32S);
  squares.create(level.rows + 1, level.cols + 1, CV_32S);
  sum.row(0).setTo(0);
  squares.row(0).setTo(0);
  for (int r = 0; r < level.rows; ++r) {
    const std::uint8_t* px = level.ptr<std::uint8_t>(r);
    const int* above = sum.ptr<int>(r);
    int* row = sum.ptr<int>(r + 1);
    const auto* sq_above = squares.ptr<std::uint32_t>(r);
    auto* sq_row = squares.ptr<std::uint32_t>(r + 1);
    row[0] = 0;
    sq_row[0] = 0;
    int line = 0;
    std::uint32_t sq_line = 0;
    for (int c = 0; c < level.cols; ++c) {
      line += px[c];
      sq_line += static_cast<std::uint32_t>(px[c]) * px[c];
      row[c + 1] = above[c + 1] + line;
      sq_row[c + 1] = sq_above[c + 1] + sq_line;
    }
  }
}

}  // namespace

HaarCascade::HaarCascade(const std::filesystem::path& xml) {
  cascade::read_cascade_file(xml, "HAAR", [&](const cv::FileNode& root) {
    window_w_ = static_cast<int>(root["width"]);
    window_h_ = static_cast<int>(root["height"]);
    for (const cv::FileNode& f : root["features"]) {
      if (static_cast<int>(f["tilted"]) != 0)
        cascade::bad_file(xml, fmt::format("feature {} is tilted", features_.size()));
      Feature feature;
      for (const cv::FileNode& b : f["rects"]) {
        std::vector<double> v;
        b >> v;
        if (v.size() != 5 || feature.count == 3 || v[0] < 0 || v[1] < 0 || v[2] <= 0 || v[3] <= 0 ||
            v[0] + v[2] > window_w_ || v[1] + v[3] > window_h_)
          cascade::bad_file(xml, fmt::format("feature {}: a rectangle outside the window", features_.size()));
        feature.boxes[static_cast<std::size_t>(feature.count++)] = {static_cast<int>(v[0]), static_cast<int>(v[1]),
                                                                    static_cast<int>(v[2]), static_cast<int>(v[3]),
                                                                    static_cast<float>(v[4])};
      }
      if (feature.count < 2)
        cascade::bad_file(xml, fmt::format("feature {}: fewer than 2 rectangles", features_.size()));
      features_.push_back(feature);
    }
    for (const cv::FileNode& s : root["stages"]) {
      Stage stage{stumps_.size(), 0, static_cast<float>(s["stageThreshold"]) - cascade::kStageThresholdEps};
      for (const cv::FileNode& w : s["weakClassifiers"]) {
        std::vector<double> nodes, leaves;
        w["internalNodes"] >> nodes;
        w["leafValues"] >> leaves;
        // Stumps only: left, right, feature, threshold.
        if (nodes.size() != 4 || leaves.size() != 2 || nodes[2] < 0 ||
            nodes[2] >= static_cast<double>(features_.size()))
          cascade::bad_file(
              xml, fmt::format("stage {}: a weak classifier that is not a stump on a known feature", stages_.size()));
        stumps_.push_back({static_cast<int>(nodes[2]), static_cast<float>(nodes[3]), static_cast<float>(leaves[0]),
                           static_cast<float>(leaves[1])});
        ++stage.count;
      }
      stages_.push_back(stage);
    }
  });
  if (stages_.empty() || window_w_ <= 2 || window_h_ <= 2)
    cascade::bad_file(xml, "a cascade without stages or window size");
  set_walk(CascadeWalk::avx2);
}

bool HaarCascade::set_walk(CascadeWalk walk) {
  if (!cpu_can_walk(walk)) return false;
  walk_ = walk;
  return true;
}

std::vector<cv::Rect> HaarCascade::windows(const cv::Mat& grey, double scale_factor, int min_size, int max_size) const {
  return collect(grey, scale_factor, min_size, max_size, nullptr);
}

std::vector<cv::Rect> HaarCascade::windows_until(const cv::Mat& grey, double scale_factor, int min_size, int max_size,
                                                 const EnoughWindows& enough) const {
  return collect(grey, scale_factor, min_size, max_size, &enough);
}

std::vector<cv::Rect> HaarCascade::collect(const cv::Mat& grey, double scale_factor, int min_size, int max_size,
                                           const EnoughWindows* enough) const {
  if (empty()) return {};
  thread_local cv::Mat sum, squares;
  return cascade::collect_windows(grey, {window_w_, window_h_}, scale_factor, min_size, max_size, enough,
                                  [&](const cv::Mat& level, double factor, int step, std::vector<cv::Rect>& out) {
                                    integrals(level, sum, squares);
                                    if (walk_ == CascadeWalk::avx2)
                                      search_level_avx2(sum, squares, factor, step, out);
                                    else
                                      search_level(sum, squares, factor, step, out);
                                  });
}

float HaarCascade::norm_factor(const int* sum, const int* squares, int stride) const {
  // Over the window less its border pixel, as OpenCV normalises.
  const int a = stride + 1, b = stride + window_w_ - 1, c = (window_h_ - 1) * stride + 1,
            d = (window_h_ - 1) * stride + window_w_ - 1;
  const int s = sum[a] - sum[b] - sum[c] + sum[d];
  const std::uint32_t q = static_cast<std::uint32_t>(squares[a]) - static_cast<std::uint32_t>(squares[b]) -
                          static_cast<std::uint32_t>(squares[c]) + static_cast<std::uint32_t>(squares[d]);
  const double area = static_cast<double>(window_w_ - 2) * (window_h_ - 2);
  const double nf = area * q - static_cast<double>(s) * s;
  if (!(nf > 0)) return 0;
  const auto f = static_cast<float>(1. / std::sqrt(nf));
  return area * f < 0.1 ? f : 0;  // a near-flat window is refused
}

void HaarCascade::search_level(const cv::Mat& sum, const cv::Mat& squares, double factor, int step,
                               std::vector<cv::Rect>& out) const {
  const int stride = static_cast<int>(sum.step1());
  const int last_x = sum.cols - 1 - window_w_, last_y = sum.rows - 1 - window_h_;
  const int win_w = cvRound(window_w_ * factor), win_h = cvRound(window_h_ * factor);
  const auto corner_sum = [stride](const int* p, const Box& b) {
    const int* q = p + b.y * stride + b.x;
    return q[0] - q[b.w] - q[b.h * stride] + q[b.h * stride + b.w];
  };
  for (int y = 0; y <= last_y; y += step) {
    for (int x = 0; x <= last_x; x += step) {
      const int* p = sum.ptr<int>(y) + x;
      const float norm = norm_factor(p, squares.ptr<int>(y) + x, stride);
      if (norm == 0) continue;  // refused before the stages: no window passed over
      std::size_t s = 0;
      for (; s < stages_.size(); ++s) {
        const Stage& stage = stages_[s];
        float total = 0;
        for (std::size_t i = stage.first; i < stage.first + stage.count; ++i) {
          const Stump& stump = stumps_[i];
          const Feature& f = features_[static_cast<std::size_t>(stump.feature)];
          float value = f.boxes[0].weight * static_cast<float>(corner_sum(p, f.boxes[0])) +
                        f.boxes[1].weight * static_cast<float>(corner_sum(p, f.boxes[1]));
          if (f.count == 3) value += f.boxes[2].weight * static_cast<float>(corner_sum(p, f.boxes[2]));
          total += value * norm < stump.threshold ? stump.left : stump.right;
        }
        if (total < stage.threshold) break;
      }
      if (s == stages_.size())
        out.emplace_back(cvRound(x * factor), cvRound(y * factor), win_w, win_h);
      else if (s == 0)
        x += step;  // as OpenCV: the window after one the first stage rejects is passed over
    }
  }
}

}  // namespace facecert::probes
