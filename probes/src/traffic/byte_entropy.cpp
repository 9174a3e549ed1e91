#include "byte_entropy.h"

#include <algorithm>
#include <array>

namespace facecert::probes::traffic {

double chi_square_uniform(std::span<const std::uint8_t> sample) {
  if (sample.empty()) return 0;
  std::array<std::size_t, 256> counts{};
  for (auto b : sample) ++counts[b];
  const double expected = static_cast<double>(sample.size()) / 256.0;
  double chi = 0;
  for (auto c : counts) {
    const double d = static_cast<double>(c) - expected;
    chi += d * d / expected;
  }
  return chi;
}

RandomnessJudgement judge_randomness(std::span<const std::uint8_t> bytes, std::size_t max_sample) {
  RandomnessJudgement j;
  j.sample = std::min(bytes.size(), max_sample);
  if (j.sample < kMinRandomnessSample) return j;
  j.judged = true;
  j.chi_square = chi_square_uniform(bytes.first(j.sample));
  j.looks_random = j.chi_square >= kChiLow && j.chi_square <= kChiHigh;
  return j;
}

}  // namespace facecert::probes::traffic
