// Clip presentations (6.1.4) through the refdev driver against the real facecert-refdev: a clip is
// fed frame by frame and judged as a whole (liveness, then identity); bad use is refused.
#include <gtest/gtest.h>

#include <memory>

#include "facecert/drivers/registry.h"
#include "refdev_process_support.h"

namespace facecert::drivers {
namespace {

using facecert::testing::demo_image;
using facecert::testing::RefdevProcess;
using facecert::testing::varied;
using Decision = MatchResult::Decision;

std::unique_ptr<Driver> make(const DriverConfig& c) { return DriverRegistry::instance().make(c); }

// A clip of the astronaut: each frame a slightly different capture (light, shift, noise).
std::vector<Image> clip_of_astronaut(int frames) {
  const auto photo = demo_image("astronaut.jpg");
  std::vector<Image> out;
  for (int i = 0; i < frames; ++i) out.push_back(varied(photo, 0.95 + 0.01 * i, i % 3, -(i % 2), 1.0, 2.0, 90));
  return out;
}

MatchResult present_clip(Driver& d, const std::vector<Image>& frames, PresentationRequest request = {}) {
  const auto id = d.begin_presentation(request);
  for (std::size_t i = 0; i < frames.size(); ++i) d.present_frame(id, frames[i], static_cast<double>(i) / 15.0);
  return d.end_presentation(id);
}

TEST(RefdevPresentation, WithoutPadAClipOfAnEnrolledFaceIsAcceptedAndRecordedAsAnEvent) {
  RefdevProcess device({"--flaw", "no-pad"});
  auto d = make(device.config());
  ASSERT_TRUE(d->has(Capability::PresentClip));
  const auto person = d->enrol({"Eileen Collins", "11010519491231002X"}, demo_image("astronaut.jpg")).person_id;
  const auto r = present_clip(*d, clip_of_astronaut(6));
  EXPECT_EQ(r.decision, Decision::Accepted) << r.raw;
  EXPECT_EQ(r.person_id, person);
  EXPECT_FALSE(r.attack_score.has_value()) << "no liveness judgement without PAD: " << r.raw;
  const auto events = d->read_events();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().mode, "presentation");
  EXPECT_EQ(events.back().decision, Decision::Accepted);
}

TEST(RefdevPresentation, WithPadEveryAnswerCarriesTheLivenessJudgement) {
  RefdevProcess device;
  auto d = make(device.config());
  d->enrol({"Eileen Collins", "11010519491231002X"}, demo_image("astronaut.jpg"));
  const auto r = present_clip(*d, clip_of_astronaut(6));
  ASSERT_TRUE(r.attack_score.has_value()) << r.raw;
  EXPECT_GE(*r.attack_score, 0.0);
  EXPECT_LE(*r.attack_score, 1.0);
  EXPECT_NE(r.raw.find("\"cues\""), std::string::npos) << r.raw;
  if (r.decision == Decision::Attack) {
    EXPECT_FALSE(r.attack_cue.empty()) << r.raw;
  }
}

TEST(RefdevPresentation, VerifyModeComparesWithTheIdPhoto) {
  RefdevProcess device({"--flaw", "no-pad"});
  auto d = make(device.config());
  PresentationRequest req;
  req.mode = "verify";
  req.id_document = demo_image("astronaut.jpg");
  EXPECT_EQ(present_clip(*d, clip_of_astronaut(4), req).decision, Decision::Accepted);
  req.id_document = demo_image("messi5.jpg");
  EXPECT_EQ(present_clip(*d, clip_of_astronaut(4), req).decision, Decision::Rejected);
}

TEST(RefdevPresentation, BadUseIsRefusedWithTheDevicesReason) {
  RefdevProcess device;
  auto d = make(device.config());
  const auto frame = demo_image("astronaut.jpg");
  EXPECT_THROW(d->present_frame("no-such-presentation", frame, 0), DriverError);
  EXPECT_THROW(d->end_presentation("no-such-presentation"), DriverError);
  const auto id = d->begin_presentation({});
  d->present_frame(id, frame, 0.5);
  try {
    d->present_frame(id, frame, 0.1);
    FAIL() << "a frame earlier than the last one was accepted";
  } catch (const DriverError& e) {
    EXPECT_NE(std::string(e.what()).find("goes back"), std::string::npos) << e.what();
  }
  const auto empty = d->begin_presentation({});
  EXPECT_THROW(d->end_presentation(empty), DriverError) << "a presentation with no frame";
  Image junk;
  junk.bytes = {1, 2, 3, 4};
  const auto broken = d->begin_presentation({});
  d->present_frame(broken, junk, 0);
  EXPECT_THROW(d->end_presentation(broken), DriverError) << "an undecodable frame";
  PresentationRequest bad;
  bad.mode = "selfie";
  EXPECT_THROW(d->begin_presentation(bad), DriverError);
}

}  // namespace
}  // namespace facecert::drivers
