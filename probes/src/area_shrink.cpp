#include "facecert/probes/area_shrink.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace facecert::probes {
namespace {

// One axis of the shrink: output pixel d covers input [d * scale, d * scale + scale), cut at the
// image's end; taps[first[d] .. first[d + 1]) are the input pixels it overlaps and the share of the
// covered length each one has (so the shares sum to 1 at the border too, as OpenCV weighs it).
// Slivers of less than 1/1000 of a pixel are left out, as OpenCV does.
struct AxisWeights {
  int from = 0, to = 0;
  double scale = 0;
  struct Tap {
    int index;
    float weight;
  };
  std::vector<Tap> taps;
  std::vector<int> first;

  void build(int n, int m, double s) {
    if (from == n && to == m && scale == s) return;
    from = n;
    to = m;
    scale = s;
    taps.clear();
    first.assign(1, 0);
    for (int d = 0; d < m; ++d) {
      const double lo = d * s, hi = lo + s, covered = std::min(s, n - lo);
      const int whole_from =
          std::min(static_cast<int>(std::ceil(lo)), std::min(static_cast<int>(std::floor(hi)), n - 1));
      const int whole_to = std::min(static_cast<int>(std::floor(hi)), n - 1);
      if (whole_from - lo > 1e-3) taps.push_back({whole_from - 1, static_cast<float>((whole_from - lo) / covered)});
      for (int i = whole_from; i < whole_to; ++i) taps.push_back({i, static_cast<float>(1.0 / covered)});
      if (hi - whole_to > 1e-3)
        taps.push_back({whole_to, static_cast<float>(std::min(std::min(hi - whole_to, 1.0), covered) / covered)});
      first.push_back(static_cast<int>(taps.size()));
    }
  }
};

}  // namespace

void area_shrink(const cv::Mat& src, cv::Mat& dst, double scale) {
  if (src.type() != CV_8UC1) throw std::invalid_argument("area_shrink: a grey 8-bit image is expected");
  if (!(scale > 0 && scale <= 1)) throw std::invalid_argument("area_shrink: the scale must be in (0, 1]");
  const cv::Size size(std::max(1, cvRound(src.cols * scale)), std::max(1, cvRound(src.rows * scale)));
  thread_local AxisWeights across, down;
  thread_local std::vector<float> column_sums;  // one output row's input rows, weighted, per input column
  across.build(src.cols, size.width, 1 / scale);
  down.build(src.rows, size.height, 1 / scale);
  dst.create(size, CV_8UC1);
  column_sums.resize(static_cast<std::size_t>(src.cols));
  float* sums = column_sums.data();
  for (int y = 0; y < size.height; ++y) {
    const auto* row_tap = down.taps.data() + down.first[static_cast<std::size_t>(y)];
    const auto* row_end = down.taps.data() + down.first[static_cast<std::size_t>(y) + 1];
    {
      const std::uint8_t* in = src.ptr<std::uint8_t>(row_tap->index);
      const float w = row_tap->weight;
      for (int x = 0; x < src.cols; ++x) sums[x] = w * in[x];
    }
    for (++row_tap; row_tap != row_end; ++row_tap) {
      const std::uint8_t* in = src.ptr<std::uint8_t>(row_tap->index);
      const float w = row_tap->weight;
      for (int x = 0; x < src.cols; ++x) sums[x] += w * in[x];
    }
    std::uint8_t* out = dst.ptr<std::uint8_t>(y);
    for (int x = 0; x < size.width; ++x) {
      float v = 0;
      for (int k = across.first[static_cast<std::size_t>(x)]; k < across.first[static_cast<std::size_t>(x) + 1]; ++k)
        v += across.taps[static_cast<std::size_t>(k)].weight * sums[across.taps[static_cast<std::size_t>(k)].index];
      out[x] = cv::saturate_cast<std::uint8_t>(v);
    }
  }
}

}  // namespace facecert::probes
