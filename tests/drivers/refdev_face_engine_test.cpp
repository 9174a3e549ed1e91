// Calibration of the device's acceptance threshold on the demo photos (in process). The measured
// distances are recorded as test properties (visible in the XML/JSON test output).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "face_engine.h"
#include "refdev_process_support.h"

namespace facecert::refdev {
namespace {

using facecert::testing::demo_image;
using facecert::testing::varied;

cv::Mat face_of(const FaceEngine& e, const drivers::Image& img) {
  const auto decoded = FaceEngine::decode(img.bytes);
  if (!decoded) throw std::runtime_error("image does not decode");
  const auto face = e.normalised_face(*decoded);
  if (!face) throw std::runtime_error("no face found");
  return *face;
}

TEST(RefdevFaceEngine, ThresholdSeparatesVariedCopiesFromOtherPeople) {
  FaceEngine engine;
  const auto astro = demo_image("astronaut.jpg");
  const auto messi = demo_image("messi5.jpg");
  const cv::Mat a = face_of(engine, astro);
  const cv::Mat m = face_of(engine, messi);
  struct Variation {
    const char* name;
    double gain;
    int dx, dy;
    double scale, sigma;
    int quality;
  };
  const Variation variations[] = {{"brighter20", 1.2, 0, 0, 1.0, 0, 92},
                                  {"darker20", 0.8, 0, 0, 1.0, 0, 92},
                                  {"shift", 1.0, 6, -5, 1.0, 0, 92},
                                  {"scale+8%", 1.0, 0, 0, 1.08, 0, 92},
                                  {"scale-8%", 1.0, 0, 0, 0.92, 0, 92},
                                  {"noise6", 1.0, 0, 0, 1.0, 6, 92},
                                  {"jpeg60", 1.0, 0, 0, 1.0, 0, 60}};
  double worst_genuine = 0;
  for (const auto& v : variations) {
    const double d = FaceEngine::compare(a, face_of(engine, varied(astro, v.gain, v.dx, v.dy,
                                                                     v.scale, v.sigma, v.quality)));
    ::testing::Test::RecordProperty(fmt::format("astronaut_{}", v.name), fmt::format("{:.1f}", d));
    EXPECT_LE(d, kAcceptDistance) << v.name;
    worst_genuine = std::max(worst_genuine, d);
  }
  const double impostor = FaceEngine::compare(a, m);
  ::testing::Test::RecordProperty("astronaut_vs_messi", fmt::format("{:.1f}", impostor));
  EXPECT_GT(impostor, kAcceptDistance);
  EXPECT_GT(FaceEngine::compare(m, face_of(engine, varied(astro, 1.2, 0, 0, 1.0, 4, 80))),
            kAcceptDistance);
  std::printf("worst genuine %.1f, impostor %.1f, threshold %.1f\n", worst_genuine, impostor,
              kAcceptDistance);
}

TEST(RefdevFaceEngine, FindsNoFaceInNonFaces) {
  FaceEngine engine;
  for (const char* name : {"fruits.jpg", "baboon.jpg", "building.jpg"}) {
    const auto img = FaceEngine::decode(demo_image(name).bytes);
    ASSERT_TRUE(img) << name;
    EXPECT_FALSE(engine.normalised_face(*img)) << name;
  }
  EXPECT_FALSE(FaceEngine::decode(std::vector<std::uint8_t>{1, 2, 3}));
}

}  // namespace
}  // namespace facecert::refdev
