// Deterministic, fast random numbers for the capture generator (xoshiro256**, seeded by splitmix64).
// The generator never uses std:: distributions or global generators, so the same seed gives the
// same bytes on every run and every library version.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace facecert::capgen {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) {
    for (auto& w : s_) {
      seed += 0x9E3779B97F4A7C15ull;
      w = mix(seed);
    }
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, n) (modulo bias is irrelevant here); 0 when n is 0.
  std::uint64_t below(std::uint64_t n) { return n ? next() % n : 0; }
  // Uniform in [lo, hi].
  std::uint64_t range(std::uint64_t lo, std::uint64_t hi) { return lo + below(hi - lo + 1); }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * unit(); }
  bool chance(double p) { return unit() < p; }

  void fill(std::uint8_t* p, std::size_t n) {
    while (n >= 8) {
      const std::uint64_t v = next();
      std::memcpy(p, &v, 8);
      p += 8;
      n -= 8;
    }
    if (n) {
      const std::uint64_t v = next();
      std::memcpy(p, &v, n);
    }
  }
  void append(std::string& s, std::size_t n) {
    const std::size_t at = s.size();
    s.resize(at + n);
    fill(reinterpret_cast<std::uint8_t*>(s.data() + at), n);
  }

  // An independent generator for a sub-task (a flow, an image), so that the order in which
  // sub-tasks run does not change their bytes.
  Rng fork(std::uint64_t salt) { return Rng(next() ^ mix(salt)); }

  static std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

}  // namespace facecert::capgen
