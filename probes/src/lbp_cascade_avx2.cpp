// LbpCascade's level walk 8 windows at a time with AVX2 (compiled for AVX2 per function, called
// only where the CPU has it). The windows fired are exactly those of the window-by-window walk:
// the same integer block sums, the same float sums in the same order, and OpenCV's habit of passing
// over the window after one the first stage rejects is replayed on the outcomes afterwards.
#include <array>
#include <cstdint>
#include <vector>

#include "cascade_walk.h"
#include "cascade_walk_avx2.h"
#include "facecert/probes/lbp_cascade.h"

namespace facecert::probes {
namespace {

using Offsets = std::array<int, 16>;  // a feature's 16 integral corners in cascade::PhasePlanes

FACECERT_AVX2 inline __m256i block8(const __m256i* c, int a) {
  return _mm256_sub_epi32(_mm256_sub_epi32(c[a], c[a + 1]), _mm256_sub_epi32(c[a + 4], c[a + 5]));
}

// Bit `bit` where the outer block's sum is >= the centre's.
FACECERT_AVX2 inline __m256i bit8(__m256i outer, __m256i centre, int bit) {
  return _mm256_andnot_si256(_mm256_cmpgt_epi32(centre, outer), _mm256_set1_epi32(bit));
}

// The LBP codes of 8 windows side by side (as lbp_code() in lbp_cascade.cpp, one per lane).
FACECERT_AVX2 inline __m256i lbp_codes8(const int* p, const Offsets& o) {
  __m256i c[16];
  for (std::size_t i = 0; i < 16; ++i) c[i] = cascade::load8(p + o[i]);
  const __m256i centre = block8(c, 5);
  __m256i code = bit8(block8(c, 0), centre, 128);
  code = _mm256_or_si256(code, bit8(block8(c, 1), centre, 64));
  code = _mm256_or_si256(code, bit8(block8(c, 2), centre, 32));
  code = _mm256_or_si256(code, bit8(block8(c, 6), centre, 16));
  code = _mm256_or_si256(code, bit8(block8(c, 10), centre, 8));
  code = _mm256_or_si256(code, bit8(block8(c, 9), centre, 4));
  code = _mm256_or_si256(code, bit8(block8(c, 8), centre, 2));
  return _mm256_or_si256(code, bit8(block8(c, 4), centre, 1));
}

}  // namespace

FACECERT_AVX2 void LbpCascade::search_level_avx2(const cv::Mat& integral, double factor, int step,
                                                 std::vector<cv::Rect>& out) const {
  const int iw = integral.cols, ih = integral.rows;
  const int last_x = iw - 1 - window_w_, last_y = ih - 1 - window_h_;
  if (last_x < 0 || last_y < 0) return;
  const int n = last_x / step + 1;  // windows on a row
  thread_local cascade::PhasePlanes planes;
  planes.build(integral, step);
  thread_local std::vector<Offsets> offsets;
  offsets.resize(stumps_.size());
  for (std::size_t i = 0; i < stumps_.size(); ++i) {
    const Feature& f = features_[static_cast<std::size_t>(stumps_[i].feature)];
    for (int r = 0; r < 4; ++r)
      for (int k = 0; k < 4; ++k)
        offsets[i][static_cast<std::size_t>(r * 4 + k)] = planes.offset(f.y + r * f.h, f.x + k * f.w);
  }
  const int all = static_cast<int>(stages_.size());
  thread_local std::vector<int> reached;  // per window of a row: the stage that rejected it, or `all`
  reached.assign(static_cast<std::size_t>(n) + 8, 0);
  const int win_w = cvRound(window_w_ * factor), win_h = cvRound(window_h_ * factor);
  const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
  const __m256i one = _mm256_set1_epi32(1), low5 = _mm256_set1_epi32(31);
  for (int y = 0; y <= last_y; y += step) {
    const int* row = planes.row_start(y);
    for (int j0 = 0; j0 < n; j0 += 8) {
      const int* p = row + j0;
      // Lanes past the row's last window start dead.
      __m256 alive = _mm256_castsi256_ps(_mm256_cmpgt_epi32(_mm256_set1_epi32(n - j0), lane));
      __m256i stage_of = _mm256_set1_epi32(all);
      for (int s = 0; s < all; ++s) {
        const Stage& stage = stages_[static_cast<std::size_t>(s)];
        __m256 sum = _mm256_setzero_ps();
        for (std::size_t i = stage.first; i < stage.first + stage.count; ++i) {
          const Stump& stump = stumps_[i];
          const __m256i code = lbp_codes8(p, offsets[i]);
          const __m256i words = _mm256_permutevar8x32_epi32(
              _mm256_loadu_si256(reinterpret_cast<const __m256i*>(stump.subset.data())), _mm256_srli_epi32(code, 5));
          const __m256i in = _mm256_and_si256(_mm256_srlv_epi32(words, _mm256_and_si256(code, low5)), one);
          const __m256 take_in = _mm256_castsi256_ps(_mm256_cmpeq_epi32(in, one));
          sum = _mm256_add_ps(sum,
                              _mm256_blendv_ps(_mm256_set1_ps(stump.leaf_out), _mm256_set1_ps(stump.leaf_in), take_in));
        }
        if (!cascade::end_stage(sum, stage.threshold, s, alive, stage_of)) break;
      }
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(reached.data() + j0), stage_of);
    }
    cascade::replay_row(reached, n, all, [&](int j) {
      out.emplace_back(cvRound(j * step * factor), cvRound(y * factor), win_w, win_h);
    });
  }
}

}  // namespace facecert::probes
