// The AVX2 pieces both cascade walks share (lbp_cascade_avx2.cpp, haar_cascade_avx2.cpp): 8 windows
// side by side, one lane each. Only for functions compiled for AVX2 and called where the CPU has it.
#pragma once

#include <immintrin.h>

#define FACECERT_AVX2 __attribute__((target("avx2")))

namespace facecert::probes::cascade {

FACECERT_AVX2 inline __m256i load8(const int* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }

// The end of stage `s` for 8 windows: lanes still alive whose stage sum is below the threshold are
// marked rejected at `s` in stage_of and leave `alive`. False when no lane is left alive.
FACECERT_AVX2 inline bool end_stage(__m256 sum, float threshold, int s, __m256& alive, __m256i& stage_of) {
  const __m256 pass = _mm256_cmp_ps(sum, _mm256_set1_ps(threshold), _CMP_GE_OQ);
  const __m256 rejected = _mm256_andnot_ps(pass, alive);
  stage_of = _mm256_castps_si256(
      _mm256_blendv_ps(_mm256_castsi256_ps(stage_of), _mm256_castsi256_ps(_mm256_set1_epi32(s)), rejected));
  alive = _mm256_and_ps(alive, pass);
  return _mm256_movemask_ps(alive) != 0;
}

}  // namespace facecert::probes::cascade
