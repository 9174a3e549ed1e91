#include "image_shrink.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

namespace facecert::probes {
namespace {

// One axis of the shrink: output pixel d covers input [d * scale, d * scale + scale), cut at the
// image's end; it is the weighted sum of inputs start[d] .. start[d] + span - 1, weight[d * span + k]
// being the share of the covered length input start[d] + k has (so the shares sum to 1 at the
// border too, as OpenCV weighs it; 0 past the pixels it overlaps). Slivers of less than 1/1000 of
// a pixel are left out, as OpenCV does. A fixed span keeps the sums free of branches.
struct AxisWeights {
  int from = 0, to = 0;
  double scale = 0;
  int span = 0;
  std::vector<int> start;
  std::vector<float> weight;

  void build(int n, int m, double s) {
    if (from == n && to == m && scale == s) return;
    from = n;
    to = m;
    scale = s;
    std::vector<std::pair<int, float>> taps;  // (first input, weight of each input from it), per output
    std::vector<int> counts;
    for (int d = 0; d < m; ++d) {
      const double lo = d * s, hi = lo + s, covered = std::min(s, n - lo);
      const int whole_from =
          std::min(static_cast<int>(std::ceil(lo)), std::min(static_cast<int>(std::floor(hi)), n - 1));
      const int whole_to = std::min(static_cast<int>(std::floor(hi)), n - 1);
      const std::size_t before = taps.size();
      if (whole_from - lo > 1e-3) taps.emplace_back(whole_from - 1, static_cast<float>((whole_from - lo) / covered));
      for (int i = whole_from; i < whole_to; ++i) taps.emplace_back(i, static_cast<float>(1.0 / covered));
      if (hi - whole_to > 1e-3)
        taps.emplace_back(whole_to, static_cast<float>(std::min(std::min(hi - whole_to, 1.0), covered) / covered));
      counts.push_back(static_cast<int>(taps.size() - before));
    }
    span = std::max(1, *std::max_element(counts.begin(), counts.end()));
    start.assign(static_cast<std::size_t>(m), 0);
    weight.assign(static_cast<std::size_t>(m) * static_cast<std::size_t>(span), 0.0F);
    std::size_t t = 0;
    for (std::size_t d = 0; d < static_cast<std::size_t>(m); ++d) {
      start[d] = counts[d] > 0 ? taps[t].first : 0;
      for (int k = 0; k < counts[d]; ++k, ++t)
        weight[d * static_cast<std::size_t>(span) + static_cast<std::size_t>(k)] = taps[t].second;
    }
  }
};

// One output row from its input rows' weighted column sums (padded by span - 1 zeros).
template <int Span>
void sum_across(const float* sums, const AxisWeights& across, std::uint8_t* out) {
  const int span = Span > 0 ? Span : across.span;
  const float* w = across.weight.data();
  for (int x = 0; x < across.to; ++x, w += span) {
    const float* in = sums + across.start[static_cast<std::size_t>(x)];
    float v = 0;
    for (int k = 0; k < span; ++k) v += w[k] * in[k];
    out[x] = cv::saturate_cast<std::uint8_t>(v);
  }
}

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
  // Padded with zeros for the fixed span across.
  column_sums.assign(static_cast<std::size_t>(src.cols + across.span - 1), 0.0F);
  float* sums = column_sums.data();
  for (int y = 0; y < size.height; ++y) {
    const int first_row = down.start[static_cast<std::size_t>(y)];
    const float* w = down.weight.data() + static_cast<std::size_t>(y) * static_cast<std::size_t>(down.span);
    {
      const std::uint8_t* in = src.ptr<std::uint8_t>(first_row);
      for (int x = 0; x < src.cols; ++x) sums[x] = w[0] * in[x];
    }
    for (int k = 1; k < down.span && w[k] != 0; ++k) {
      const std::uint8_t* in = src.ptr<std::uint8_t>(first_row + k);
      for (int x = 0; x < src.cols; ++x) sums[x] += w[k] * in[x];
    }
    std::uint8_t* out = dst.ptr<std::uint8_t>(y);
    switch (across.span) {  // the screening's factors span 2 or 3 input pixels
      case 2: sum_across<2>(sums, across, out); break;
      case 3: sum_across<3>(sums, across, out); break;
      default: sum_across<0>(sums, across, out); break;
    }
  }
}

}  // namespace facecert::probes
