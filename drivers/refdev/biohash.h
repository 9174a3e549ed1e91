// The keyed, revocable template transform of the reference device (6.1.3, ISO/IEC 24745):
// BioHashing (Teoh, Ngo, Goh 2004). The protection features (face_template.h) are projected on
// kBiohashBits random directions drawn from the key, and each projection is kept as one bit, its
// sign. The matrix is the AES-256-CTR keystream of the 256-bit key read as +1/-1 entries (rows of
// 16384 random signs are orthogonal to within about 1/128 of their length), regenerated for every
// template, never stored.
// - renewable: another key gives other directions, so another, independent bit string;
// - irreversible: 1024 signs of projections of a 16384-number histogram; the magnitudes are gone;
// - unlinkable: under two keys the same face gives bit strings that agree on about half the bits,
//   as two different faces do.
// Comparison: the fraction of equal bits (1 - normalised Hamming distance).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace facecert::refdev {

inline constexpr int kBiohashBits = 1024;  // 128 bytes packed
inline constexpr const char* kBiohashAlgorithm = "lbph-biohash1024";
// Match when at least this fraction of the bits agree. Calibrated on the demo photos
// (tests/drivers/refdev_biohash_test.cpp, datasets::vary seeds 1-10): varied copies of one face
// that the recogniser accepts agree on 0.64-0.73 of the bits; astronaut against messi5 on
// 0.51-0.57; one face under two keys on about 0.5. (Varied copies the recogniser itself rejects,
// LBPH distance above 120, agree on 0.52-0.54: BioHash keeps the recogniser's errors.)
inline constexpr double kBiohashMatchSimilarity = 0.61;

using TemplateSecret = std::array<std::uint8_t, 32>;

// Packed bits, most significant bit of byte 0 first. `features` as protection_features() gives.
std::vector<std::uint8_t> biohash(std::span<const float> features, const TemplateSecret& key);

// 1 - (differing bits / all bits); the spans must be as long as each other and not empty.
double bit_similarity(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

}  // namespace facecert::refdev
