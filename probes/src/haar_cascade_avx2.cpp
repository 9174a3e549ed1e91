// HaarCascade's level walk 8 windows at a time with AVX2 (compiled for AVX2 per function, called
// only where the CPU has it). The windows fired are exactly those of the window-by-window walk:
// the same normalisation (computed per window), the same float arithmetic in the same order, and
// the window after one the first stage rejects passed over by replaying the outcomes.
#include <array>
#include <vector>

#include "cascade_walk.h"
#include "cascade_walk_avx2.h"
#include "facecert/probes/haar_cascade.h"

namespace facecert::probes {
namespace {

using Corners = std::array<int, 12>;  // a feature's boxes' 4 corners each, in cascade::PhasePlanes

// One box's pixel sums in 8 windows side by side, as floats.
FACECERT_AVX2 inline __m256 box_sums8(const int* p, const int* o) {
  const __m256i s = _mm256_sub_epi32(_mm256_sub_epi32(cascade::load8(p + o[0]), cascade::load8(p + o[1])),
                                     _mm256_sub_epi32(cascade::load8(p + o[2]), cascade::load8(p + o[3])));
  return _mm256_cvtepi32_ps(s);
}

}  // namespace

FACECERT_AVX2 void HaarCascade::search_level_avx2(const cv::Mat& sum, const cv::Mat& squares, double factor, int step,
                                                  std::vector<cv::Rect>& out) const {
  const int stride = static_cast<int>(sum.step1());
  const int last_x = sum.cols - 1 - window_w_, last_y = sum.rows - 1 - window_h_;
  if (last_x < 0 || last_y < 0) return;
  const int n = last_x / step + 1;  // windows on a row
  thread_local cascade::PhasePlanes planes;
  planes.build(sum, step);
  thread_local std::vector<Corners> corners;  // per feature
  corners.resize(features_.size());
  for (std::size_t i = 0; i < features_.size(); ++i)
    for (int b = 0; b < features_[i].count; ++b) {
      const Box& box = features_[i].boxes[static_cast<std::size_t>(b)];
      int* c = corners[i].data() + 4 * b;
      c[0] = planes.offset(box.y, box.x);
      c[1] = planes.offset(box.y, box.x + box.w);
      c[2] = planes.offset(box.y + box.h, box.x);
      c[3] = planes.offset(box.y + box.h, box.x + box.w);
    }
  const int all = static_cast<int>(stages_.size());
  thread_local std::vector<int> reached;  // per window of a row: the stage that rejected it, -1 refused, `all`
  reached.assign(static_cast<std::size_t>(n) + 8, -1);
  const int win_w = cvRound(window_w_ * factor), win_h = cvRound(window_h_ * factor);
  alignas(32) float norms[8];
  for (int y = 0; y <= last_y; y += step) {
    const int* row = planes.row_start(y);
    const int* sum_row = sum.ptr<int>(y);
    const int* sq_row = squares.ptr<int>(y);
    for (int j0 = 0; j0 < n; j0 += 8) {
      for (int l = 0; l < 8; ++l)
        norms[l] = j0 + l < n ? norm_factor(sum_row + (j0 + l) * step, sq_row + (j0 + l) * step, stride) : 0.F;
      const __m256 norm = _mm256_load_ps(norms);
      __m256 alive = _mm256_cmp_ps(norm, _mm256_setzero_ps(), _CMP_NEQ_OQ);
      __m256i stage_of = _mm256_castps_si256(_mm256_blendv_ps(_mm256_castsi256_ps(_mm256_set1_epi32(-1)),
                                                              _mm256_castsi256_ps(_mm256_set1_epi32(all)), alive));
      if (_mm256_movemask_ps(alive) == 0) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(reached.data() + j0), stage_of);
        continue;
      }
      const int* p = row + j0;
      for (int s = 0; s < all; ++s) {
        const Stage& stage = stages_[static_cast<std::size_t>(s)];
        __m256 total = _mm256_setzero_ps();
        for (std::size_t i = stage.first; i < stage.first + stage.count; ++i) {
          const Stump& stump = stumps_[i];
          const auto f = static_cast<std::size_t>(stump.feature);
          const int* c = corners[f].data();
          const std::array<Box, 3>& boxes = features_[f].boxes;
          __m256 value = _mm256_add_ps(_mm256_mul_ps(_mm256_set1_ps(boxes[0].weight), box_sums8(p, c)),
                                       _mm256_mul_ps(_mm256_set1_ps(boxes[1].weight), box_sums8(p, c + 4)));
          if (features_[f].count == 3)
            value = _mm256_add_ps(value, _mm256_mul_ps(_mm256_set1_ps(boxes[2].weight), box_sums8(p, c + 8)));
          const __m256 below = _mm256_cmp_ps(_mm256_mul_ps(value, norm), _mm256_set1_ps(stump.threshold), _CMP_LT_OQ);
          total =
              _mm256_add_ps(total, _mm256_blendv_ps(_mm256_set1_ps(stump.right), _mm256_set1_ps(stump.left), below));
        }
        if (!cascade::end_stage(total, stage.threshold, s, alive, stage_of)) break;
      }
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(reached.data() + j0), stage_of);
    }
    cascade::replay_row(reached, n, all, [&](int j) {
      out.emplace_back(cvRound(j * step * factor), cvRound(y * factor), win_w, win_h);
    });
  }
}

}  // namespace facecert::probes
