// 6.1.4 case parts: which items are presented in which order, how an answer becomes an ISO/IEC
// 30107-3 trial, and that the report thumbnail keeps no detectable face.
#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "../../harness/cases/pad_dataset.h"
#include "../../harness/cases/pad_evidence.h"
#include "facecert/datasets/demo_media.h"
#include "facecert/probes/face_detector.h"

namespace facecert::harness::cases {
namespace {

using datasets::DatasetItem;
using Decision = drivers::MatchResult::Decision;

datasets::Dataset sample_set() {
  datasets::Dataset set;
  for (const std::string subject : {"S02", "S01", "S03"}) {
    if (subject != "S03") set.items.push_back({subject + "/enrol.jpg", "bona_fide", subject, "", "", "enrol", {}});
    for (const std::string kind : {"bona_fide", "print", "replay"})
      for (int i = 0; i < 3; ++i)
        set.items.push_back({subject + "/" + kind + std::to_string(i) + ".avi", kind, subject, "", "", "test", {}});
  }
  return set;
}

TEST(PadPlan, InterleavesSubjectsAndKindsRoundByRoundAndNamesMissingSpecies) {
  const auto set = sample_set();
  const auto plan = plan_presentations(set, {"print", "replay", "paper_mask"}, 2, 2);
  EXPECT_EQ(plan.missing_species, std::vector<std::string>{"paper_mask"});
  ASSERT_EQ(plan.enrolment.size(), 2u);  // S01, S02 by name; S03 not chosen (subjects = 2)
  EXPECT_EQ(plan.enrolment.at("S01")->file, "S01/enrol.jpg");
  // 2 rounds x 2 subjects x 3 kinds (bona fide, print, replay)
  ASSERT_EQ(plan.presentations.size(), 12u);
  EXPECT_EQ(plan.presentations[0]->file, "S01/bona_fide0.avi");
  EXPECT_EQ(plan.presentations[1]->file, "S01/print0.avi");
  EXPECT_EQ(plan.presentations[3]->file, "S02/bona_fide0.avi");
  EXPECT_EQ(plan.presentations[6]->file, "S01/bona_fide1.avi");
}

TEST(PadPlan, ASubjectWithoutAnEnrolmentImageIsEnrolledWithItsFirstBonaFideSample) {
  const auto set = sample_set();
  const auto plan = plan_presentations(set, {"print"}, 0, 5);
  ASSERT_EQ(plan.enrolment.count("S03"), 1u);
  EXPECT_EQ(plan.enrolment.at("S03")->file, "S03/bona_fide0.avi");
  for (const auto* item : plan.presentations) EXPECT_NE(item->file, "S03/bona_fide0.avi") << "enrolled, not presented";
  EXPECT_EQ(plan.presentations.size(), 3u * 3 + 3u * 3 - 1);  // 3 subjects x (3 bona fide + 3 print), minus S03's enrolment
}

PresentationRecord answered(const std::string& kind, Decision d, const std::string& person = "",
                            std::optional<double> attack = std::nullopt) {
  PresentationRecord r;
  r.kind = kind;
  r.item_id = kind + ".avi";
  drivers::MatchResult m;
  m.decision = d;
  m.person_id = person;
  m.attack_score = attack;
  r.answer = m;
  return r;
}

TEST(PadTrial, DetectedAttackIsRejectTakenAsBonaFideIsAcceptAndNoFaceIsNoResponse) {
  using T = datasets::PadTrial::Decision;
  const auto detected = trial_of(answered("print", Decision::Attack, "", 0.9), "P1", false);
  EXPECT_EQ(detected.decision, T::Reject);
  ASSERT_TRUE(detected.score.has_value());
  EXPECT_NEAR(*detected.score, 0.1, 1e-12) << "trial scores are bona-fide-ness";
  EXPECT_EQ(detected.matched, std::optional<bool>(false));
  const auto impostor = trial_of(answered("replay", Decision::Accepted, "P1", 0.2), "P1", false);
  EXPECT_EQ(impostor.decision, T::Accept);
  EXPECT_EQ(impostor.matched, std::optional<bool>(true)) << "accepted as the imitated person: counts for IAPMR";
  const auto other = trial_of(answered("replay", Decision::Accepted, "P2"), "P1", false);
  EXPECT_EQ(other.matched, std::optional<bool>(false));
  EXPECT_EQ(trial_of(answered("replay", Decision::Rejected), "P1", false).decision, T::Accept)
      << "not detected as an attack, only not matched";
  EXPECT_EQ(trial_of(answered("print", Decision::NoFace), "P1", false).decision, T::NoResponse);
  PresentationRecord silent;
  silent.kind = "bona_fide";
  const auto none = trial_of(silent, "P1", false);
  EXPECT_EQ(none.decision, T::NoResponse);
  EXPECT_FALSE(none.matched.has_value()) << "IAPMR is about attacks only";
}

TEST(PadThumbnail, NoFaceIsDetectableInTheRedactedThumbnail) {
  const probes::FaceDetector detector;
  const cv::Mat photo = datasets::load_demo_image("astronaut.jpg");
  cv::Mat small, small_enlarged;
  cv::resize(photo, small, {160, 160}, 0, 0, cv::INTER_AREA);
  cv::resize(small, small_enlarged, {}, 4, 4, cv::INTER_CUBIC);
  ASSERT_FALSE(detector.detect(small_enlarged).empty()) << "a plain thumbnail, enlarged, shows the face";
  const cv::Mat thumb = redacted_thumbnail(photo);
  EXPECT_LE(thumb.cols, 160);
  EXPECT_TRUE(detector.detect(thumb).empty());
  cv::Mat big;
  cv::resize(thumb, big, {}, 4, 4, cv::INTER_CUBIC);
  EXPECT_TRUE(detector.detect(big).empty()) << "not even when enlarged";
}

}  // namespace
}  // namespace facecert::harness::cases
