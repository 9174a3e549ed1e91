#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "facecert/datasets/demo_media.h"
#include "facecert/probes/face_detector.h"

namespace fd = facecert::datasets;

TEST(DemoMedia, VariationsAreDeterministicDistinctAndStillFaces) {
  const cv::Mat base = fd::load_demo_image("astronaut.jpg");
  const auto a1 = fd::encode_jpeg(fd::vary(base, 7));
  const auto a2 = fd::encode_jpeg(fd::vary(base, 7));
  const auto b = fd::encode_jpeg(fd::vary(base, 8));
  EXPECT_EQ(a1, a2) << "same seed, same bytes";
  EXPECT_NE(a1, b) << "another seed, other bytes";
  facecert::probes::FaceDetector detector;
  for (std::uint32_t seed = 0; seed < 8; ++seed)
    EXPECT_EQ(detector.count_faces_encoded(fd::encode_jpeg(fd::vary(base, seed))), 1) << seed;
  EXPECT_EQ(detector.count_faces_encoded(fd::encode_jpeg(fd::vary(fd::load_demo_image("fruits.jpg"), 1))), 0);
}

TEST(DemoMedia, MissingImageNamesTheFile) {
  try {
    fd::load_demo_image("nobody.jpg");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("nobody.jpg: cannot read demo image"), std::string::npos);
  }
}
