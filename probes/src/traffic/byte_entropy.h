// "Does this byte sample look random?" — a hint for unknown flows, never a verdict (field notes:
// entropy calls JPEG bodies encrypted; chi-square against uniform bytes separates them far better).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace facecert::probes::traffic {

// Pearson chi-square of the byte histogram against 256 equally likely values (255 degrees of
// freedom). Random bytes give about 255 ± 23 whatever the sample size; structured data grows with
// the sample: whole JPEG files (headers included) 720-920 on 4 KiB, the entropy-coded scan alone
// only 268-456 on 4 KiB but 675-1164 on 16 KiB (the demo photos); JSON text > 10,000. So a short
// sample of image bytes can look random: the caller judges content first and says "hint".
double chi_square_uniform(std::span<const std::uint8_t> sample);

struct RandomnessJudgement {
  std::size_t sample = 0;     // bytes tested
  double chi_square = 0;      // 0 when not judged
  bool judged = false;        // sample long enough for the test (kMinSample)
  bool looks_random = false;  // judged and chi_square inside [kChiLow, kChiHigh]
};

// At least 5 expected counts per value (256 * 5 bytes) before the statistic means anything.
inline constexpr std::size_t kMinRandomnessSample = 1280;
// Accepted band: 255 ± 4 standard deviations (sd = sqrt(2 * 255) ≈ 22.6). Above: structured
// (text, images, compressed data with headers); below: too even to be random (counters, tables).
inline constexpr double kChiLow = 165.0, kChiHigh = 345.0;

// Judges the first `max_sample` bytes of `bytes`.
RandomnessJudgement judge_randomness(std::span<const std::uint8_t> bytes, std::size_t max_sample = 4096);

}  // namespace facecert::probes::traffic
