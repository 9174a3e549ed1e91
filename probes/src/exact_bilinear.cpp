#include <algorithm>
#include <climits>  // before softfloat.hpp, which uses UCHAR_MAX without including it
#include <cstdint>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include <opencv2/core/softfloat.hpp>

#include "image_shrink.h"

namespace facecert::probes {
namespace {

// OpenCV's bit-exact linear resize of 8-bit images works in fixed point with 8 fractional bits per
// axis: output pixel d samples the input at s = (d + 0.5) * from / to - 0.5 (the scale the inverse
// of to / from, all in IEEE double arithmetic as cv::softdouble does it), between pixels floor(s)
// and floor(s) + 1 (clamped to the image) with weights 256 - w and w, w = round(frac(s) * 256) to
// the nearest even; the two axes' products are summed and rounded once: (sum + 2^15) >> 16.
constexpr int kFractionBits = 8;
constexpr std::uint32_t kOne = 1U << kFractionBits;

struct Axis {
  std::vector<int> first;             // the lower input pixel, clamped
  std::vector<int> second;            // the upper one, clamped
  std::vector<std::uint16_t> w0, w1;  // their weights, summing to kOne
};

Axis make_axis(int from, int to) {
  Axis a;
  const cv::softdouble scale = cv::softdouble::one() / cv::softdouble(static_cast<double>(to) / from);
  for (int d = 0; d < to; ++d) {
    const cv::softdouble s = scale * (cv::softdouble(d) + cv::softdouble(0.5)) - cv::softdouble(0.5);
    const int lower = cvFloor(s);
    const auto w = static_cast<std::uint16_t>(cvRound((s - cv::softdouble(lower)) * cv::softdouble(kOne)));
    a.first.push_back(std::clamp(lower, 0, from - 1));
    a.second.push_back(std::clamp(lower + 1, 0, from - 1));
    a.w0.push_back(static_cast<std::uint16_t>(kOne - w));
    a.w1.push_back(w);
  }
  return a;
}

// The axes of recent calls, per thread: the screening's levels come in a few dozen size pairs.
using AxisCache = std::unordered_map<std::uint64_t, Axis>;

const Axis& cached_axis(AxisCache& cache, int from, int to) {
  const std::uint64_t key =
      (static_cast<std::uint64_t>(static_cast<std::uint32_t>(from)) << 32) | static_cast<std::uint32_t>(to);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  return cache.emplace(key, make_axis(from, to)).first->second;  // references to others stay valid
}

}  // namespace

void exact_bilinear_shrink(const cv::Mat& src, cv::Mat& dst, cv::Size size) {
  if (src.type() != CV_8UC1) throw std::invalid_argument("exact_bilinear_shrink: a grey 8-bit image is expected");
  if (size.width <= 0 || size.height <= 0 || size.width > src.cols || size.height > src.rows)
    throw std::invalid_argument("exact_bilinear_shrink: the size must be positive and no larger than the image");
  thread_local AxisCache cache;
  // Bounded for odd traffic, and trimmed before both lookups so that neither reference dangles.
  if (cache.size() >= 4096) cache.clear();
  const Axis& across = cached_axis(cache, src.cols, size.width);
  const Axis& down = cached_axis(cache, src.rows, size.height);
  dst.create(size, CV_8UC1);
  // Down first, then across: the sum of pixel x weight across x weight down is exact either way
  // (no rounding before the end), and this way the gathers across are done once per output pixel
  // while the rows are combined as whole vectors.
  thread_local std::vector<std::uint16_t> column;  // one output row's two input rows, combined
  column.resize(static_cast<std::size_t>(src.cols));
  std::uint16_t* c = column.data();
  for (int y = 0; y < size.height; ++y) {
    const auto yi = static_cast<std::size_t>(y);
    const std::uint8_t* a = src.ptr<std::uint8_t>(down.first[yi]);
    const std::uint8_t* b = src.ptr<std::uint8_t>(down.second[yi]);
    const std::uint16_t w0 = down.w0[yi], w1 = down.w1[yi];
    for (int x = 0; x < src.cols; ++x) c[x] = static_cast<std::uint16_t>(a[x] * w0 + b[x] * w1);
    std::uint8_t* out = dst.ptr<std::uint8_t>(y);
    for (std::size_t x = 0; x < across.first.size(); ++x)
      out[x] = static_cast<std::uint8_t>((static_cast<std::uint32_t>(c[across.first[x]]) * across.w0[x] +
                                          static_cast<std::uint32_t>(c[across.second[x]]) * across.w1[x] +
                                          (1U << (2 * kFractionBits - 1))) >>
                                         (2 * kFractionBits));
  }
}

}  // namespace facecert::probes
