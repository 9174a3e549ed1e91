// BioHash templates (6.1.3), in process on the demo photos: the match threshold against the
// recogniser's own decisions, and what the protection promises (renewable, unlinkable). The
// measured similarities are recorded as test properties (visible in the XML/JSON test output).
#include <gtest/gtest.h>

#include <algorithm>

#include <fmt/format.h>

#include "biohash.h"
#include "face_engine.h"
#include "face_template.h"
#include "facecert/datasets/demo_media.h"
#include "template_protection.h"

namespace facecert::refdev {
namespace {

cv::Mat face_of(const FaceEngine& e, const cv::Mat& img) {
  const auto face = e.normalised_face(img);
  if (!face) throw std::runtime_error("no face found");
  return *face;
}

TemplateSecret test_key(std::uint8_t k) {
  TemplateSecret s{};
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<std::uint8_t>(k * 31 + i);
  return s;
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double c = 0;  // both L2-normalised
  for (std::size_t i = 0; i < a.size(); ++i) c += static_cast<double>(a[i]) * b[i];
  return c;
}

struct Range {
  double lo = 1, hi = 0;
  void add(double v) { lo = std::min(lo, v), hi = std::max(hi, v); }
  std::string text() const { return fmt::format("{:.3f}-{:.3f}", lo, hi); }
};

// Varied copies (datasets::vary) of each demo face against the original, under one key: BioHash
// accepts what the recogniser accepts and rejects the other face; the unprotected vectors of the
// raw-templates flaw separate the same way at their own threshold.
TEST(RefdevBiohash, ThresholdAgreesWithTheRecogniserOnVariedCopies) {
  FaceEngine engine;
  const auto key = test_key(1);
  const char* names[] = {"astronaut.jpg", "messi5.jpg"};
  cv::Mat faces[2];
  std::vector<std::uint8_t> bits[2];
  for (int i = 0; i < 2; ++i) {
    faces[i] = face_of(engine, datasets::load_demo_image(names[i]));
    bits[i] = biohash(protection_features(faces[i]), key);
  }
  Range genuine, impostor, raw_genuine, raw_impostor;
  int accepted = 0;
  for (int i = 0; i < 2; ++i)
    for (std::uint32_t seed = 1; seed <= 10; ++seed) {
      const cv::Mat probe = face_of(engine, datasets::vary(datasets::load_demo_image(names[i]), seed));
      const auto probe_bits = biohash(protection_features(probe), key);
      const double same = bit_similarity(bits[i], probe_bits);
      const double other = bit_similarity(bits[1 - i], probe_bits);
      const bool recogniser_accepts = FaceEngine::compare(faces[i], probe) <= kAcceptDistance;
      EXPECT_EQ(same >= kBiohashMatchSimilarity, recogniser_accepts) << names[i] << " seed " << seed << ": " << same;
      EXPECT_LT(other, kBiohashMatchSimilarity) << names[i] << " seed " << seed;
      impostor.add(other);
      const auto raw = face_template(probe, 7);
      raw_impostor.add(cosine(face_template(faces[1 - i], 7), raw));
      EXPECT_LT(cosine(face_template(faces[1 - i], 7), raw), kRawCosineMatch);
      if (!recogniser_accepts) continue;
      ++accepted;
      genuine.add(same);
      raw_genuine.add(cosine(face_template(faces[i], 7), raw));
      EXPECT_GE(cosine(face_template(faces[i], 7), raw), kRawCosineMatch) << names[i] << " seed " << seed;
    }
  EXPECT_GE(accepted, 8) << "too few varied copies accepted to calibrate on";
  ::testing::Test::RecordProperty("biohash_genuine", genuine.text());
  ::testing::Test::RecordProperty("biohash_impostor", impostor.text());
  ::testing::Test::RecordProperty("raw_cosine_genuine", raw_genuine.text());
  ::testing::Test::RecordProperty("raw_cosine_impostor", raw_impostor.text());
  ::testing::Test::RecordProperty("recogniser_accepted", accepted);
  std::printf("%d of 20 varied copies accepted; biohash genuine %s impostor %s (threshold %.2f); "
              "raw cosine genuine %s impostor %s\n",
              accepted, genuine.text().c_str(), impostor.text().c_str(), kBiohashMatchSimilarity,
              raw_genuine.text().c_str(), raw_impostor.text().c_str());
}

TEST(RefdevBiohash, AnotherKeyGivesAnUnrelatedBitString) {
  FaceEngine engine;
  const auto features = protection_features(face_of(engine, datasets::load_demo_image("astronaut.jpg")));
  const auto a = biohash(features, test_key(1));
  EXPECT_EQ(a.size(), static_cast<std::size_t>(kBiohashBits / 8));
  EXPECT_EQ(biohash(features, test_key(1)), a) << "deterministic under one key";
  Range cross;
  for (std::uint8_t k = 2; k <= 9; ++k) cross.add(bit_similarity(a, biohash(features, test_key(k))));
  ::testing::Test::RecordProperty("biohash_same_face_cross_key", cross.text());
  EXPECT_GT(cross.lo, 0.42);  // 1024 fair coins: 0.5 +- 0.016 (sd)
  EXPECT_LT(cross.hi, 0.58);
  EXPECT_THROW(bit_similarity(a, std::vector<std::uint8_t>(3)), std::invalid_argument);
}

}  // namespace
}  // namespace facecert::refdev
