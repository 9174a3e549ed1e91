// The storage checks' matching (6.1.2): a presented image re-encoded or rescaled by the device is
// the same picture; another variation of the same photograph, whose perceptual hash is as close,
// is not (the harness presents several variations of one photo for different purposes).
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "../../harness/cases/face_exercise.h"
#include "../../harness/cases/storage_checks.h"
#include "facecert/datasets/demo_media.h"
#include "facecert/probes/media_io.h"

namespace facecert::harness::cases {
namespace {

std::vector<std::uint8_t> reencode(const std::vector<std::uint8_t>& jpeg, int quality, double scale) {
  cv::Mat img = facecert::media::imdecode(jpeg, cv::IMREAD_COLOR);
  cv::resize(img, img, cv::Size(), scale, scale, cv::INTER_AREA);
  std::vector<std::uint8_t> out;
  facecert::media::imencode(".jpg", img, out, {cv::IMWRITE_JPEG_QUALITY, quality});
  return out;
}

TEST(StorageChecks, ReencodedCopyIsTheSamePictureAnotherVariationIsNot) {
  const cv::Mat photo = datasets::load_demo_image("astronaut.jpg");
  const auto a = datasets::encode_jpeg(datasets::vary(photo, 1));
  const auto b = datasets::encode_jpeg(datasets::vary(photo, 2));
  EXPECT_TRUE(same_picture(a, a));
  EXPECT_TRUE(same_picture(a, reencode(a, 60, 1.0)));
  EXPECT_TRUE(same_picture(a, reencode(a, 85, 0.5)));
  EXPECT_FALSE(same_picture(a, b));
  const auto ha = probes::perceptual_hash(a), hb = probes::perceptual_hash(b);
  ASSERT_TRUE(ha && hb);
  EXPECT_LE(probes::hamming_distance(*ha, *hb), 12) << "why pixels decide, not the hash alone";
  const auto other = datasets::encode_jpeg(datasets::vary(datasets::load_demo_image("fruits.jpg"), 1));
  EXPECT_FALSE(same_picture(a, other));
  EXPECT_FALSE(same_picture(a, {0xFF, 0xD8, 0xFF}));  // does not decode
}

TEST(StorageChecks, StoresAreJudgedByTheirRecordsNotTheirClaims) {
  using drivers::StoreValue;
  const drivers::DataStore person{"person", "identity", "sqlite-table", "identity.sqlite", {"name", "photo"}};
  StoreValue name{StoreValue::Kind::Text, kTestSubjectName, 0, "", ""};
  StoreValue photo{StoreValue::Kind::Blob, "", 40000, "ab", "image/jpeg"};
  const auto mixed = judge_store(person, {{{"name", name}, {"photo", photo}}});
  EXPECT_EQ(mixed.with_identity, 1u);
  EXPECT_EQ(mixed.with_face_image, 1u);
  EXPECT_EQ(mixed.mixed_records, 1u);
  const auto clean = judge_store(person, {{{"name", name}}});
  EXPECT_EQ(clean.mixed_records, 0u);
  EXPECT_EQ(clean.with_face_image, 0u);
  // A key in a credentials store is no face feature; a template-sized blob in a face store is.
  StoreValue key{StoreValue::Kind::Blob, "", 1200, "cd", "application/octet-stream"};
  EXPECT_EQ(judge_store({"tls", "credentials", "directory", "tls/", {"content"}}, {{{"content", key}}}).with_face_feature,
            0u);
  EXPECT_EQ(judge_store({"faces", "face", "directory", "faces/", {"content"}}, {{{"content", key}}}).with_face_feature,
            1u);
  StoreValue vec{StoreValue::Kind::Text, "[0.1, 0.2]", 0, "", ""};
  EXPECT_EQ(judge_store(person, {{{"feature_vector", vec}}}).with_face_feature, 1u);
}

}  // namespace
}  // namespace facecert::harness::cases
