// Synthetic identities (docs/demo-generator.md) must be told apart by the reference device's face
// engine (LBPH, accept at kAcceptDistance): bona fide frames of a subject match its enrolment still
// in >= 95% of frames, other subjects' enrolments are rejected in >= 99% of pairs.
#include <algorithm>
#include <cstdio>
#include <map>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "face_engine.h"
#include "facecert/datasets/clip.h"
#include "facecert/datasets/generator.h"

namespace fs = std::filesystem;
using namespace facecert::datasets;

namespace {
void print_quantiles(const char* name, std::vector<double> v) {
  if (v.empty()) return;
  std::sort(v.begin(), v.end());
  auto q = [&](double p) { return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))]; };
  std::printf("%s: n=%zu min %.1f p5 %.1f median %.1f p95 %.1f max %.1f\n", name, v.size(), v.front(), q(0.05), q(0.5), q(0.95), v.back());
}
}  // namespace

TEST(GeneratorIdentities, LbphSeparatesSubjects) {
  GeneratorOptions o;
  o.out_dir = fs::temp_directory_path() / fmt::format("facecert-gen-id-{}", std::random_device{}());
  o.species = {};
  o.per_species = 2;  // 5 subjects x 2 clips x 6 frames: the default set's figures are in the docs
  o.frames = 6;
  const Dataset set = generate_demo_set(o);
  const facecert::refdev::FaceEngine engine;
  std::map<std::string, cv::Mat> enrol;
  for (const auto& item : set.items)
    if (item.split == "enrol") {
      auto face = engine.normalised_face(load_clip(resolve(set, item)).frames.at(0));
      ASSERT_TRUE(face) << item.file;
      enrol[item.subject] = *face;
    }
  std::vector<double> genuine, impostor;
  std::size_t no_face = 0;
  for (const auto& item : set.items) {
    if (item.split == "enrol") continue;
    for (const auto& frame : load_clip(resolve(set, item)).frames) {
      const auto face = engine.normalised_face(frame);
      if (!face) {
        ++no_face;
        genuine.push_back(1e9);  // a frame without a found face counts as a genuine miss
        continue;
      }
      for (const auto& [subject, still] : enrol)
        (subject == item.subject ? genuine : impostor).push_back(facecert::refdev::FaceEngine::compare(still, *face));
    }
  }
  print_quantiles("genuine", genuine);
  print_quantiles("impostor", impostor);
  const auto below = std::count_if(genuine.begin(), genuine.end(), [](double d) { return d < facecert::refdev::kAcceptDistance; });
  const auto above = std::count_if(impostor.begin(), impostor.end(), [](double d) { return d > facecert::refdev::kAcceptDistance; });
  std::printf("genuine accepted %.3f, impostor rejected %.3f, frames without a face %zu\n",
              static_cast<double>(below) / static_cast<double>(genuine.size()), static_cast<double>(above) / static_cast<double>(impostor.size()), no_face);
  EXPECT_GE(static_cast<double>(below), 0.95 * static_cast<double>(genuine.size()));
  EXPECT_GE(static_cast<double>(above), 0.99 * static_cast<double>(impostor.size()));
  fs::remove_all(o.out_dir);
}

// identity_still() is the enrolment still the generator writes (the 6.1.3 cases use it as a
// subject's photo), has a face the reference device finds, and differs between identities.
TEST(GeneratorIdentities, IdentityStillIsTheWrittenEnrolmentStill) {
  GeneratorOptions o;
  o.out_dir = fs::temp_directory_path() / fmt::format("facecert-gen-still-{}", std::random_device{}());
  o.subjects = 2;
  o.species = {};
  o.per_species = 0;
  const Dataset set = generate_demo_set(o);
  const facecert::refdev::FaceEngine engine;
  std::vector<cv::Mat> faces;
  for (int s = 0; s < 2; ++s) {
    const cv::Mat still = identity_still(s, o.seed, o.frame_size);
    const cv::Mat written = load_clip(set.root / fmt::format("subjects/S{:02}/enrol.jpg", s + 1)).frames.at(0);
    ASSERT_EQ(still.size(), written.size());
    cv::Mat diff;
    cv::absdiff(still, written, diff);
    EXPECT_LT(cv::mean(diff)[0], 2.0) << "S" << s + 1 << ": only JPEG's loss may separate them";
    const auto face = engine.normalised_face(still);
    ASSERT_TRUE(face) << "S" << s + 1;
    faces.push_back(*face);
  }
  EXPECT_GT(facecert::refdev::FaceEngine::compare(faces[0], faces[1]), facecert::refdev::kAcceptDistance);
  EXPECT_THROW(identity_still(12), std::invalid_argument);
  EXPECT_THROW(identity_still(-1), std::invalid_argument);
  fs::remove_all(o.out_dir);
}
