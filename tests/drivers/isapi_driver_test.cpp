// The isapi driver against the real reference device: capability discovery with and without the
// refdev extension, enrol (UserInfo + FaceDataRecord) then identify, delete then identify, the
// paged event read.
#include <algorithm>

#include <gtest/gtest.h>

#include "drivers/refdev_process_support.h"
#include "facecert/drivers/registry.h"

namespace {

using facecert::drivers::Capability;
using facecert::drivers::Driver;
using facecert::drivers::DriverConfig;
using facecert::drivers::DriverError;
using facecert::drivers::DriverRegistry;
using facecert::drivers::UnsupportedCapability;
using facecert::testing::demo_image;
using facecert::testing::RefdevProcess;
using Decision = facecert::drivers::MatchResult::Decision;

class IsapiDriverOnRefdev : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { device_ = new RefdevProcess(); }
  static void TearDownTestSuite() { delete device_; }
  static std::unique_ptr<Driver> isapi(bool extension) {
    DriverConfig c = device_->config();
    c.driver = "isapi";
    if (extension) c.options["extension"] = "refdev";
    return DriverRegistry::instance().make(c);
  }
  static RefdevProcess* device_;
};
RefdevProcess* IsapiDriverOnRefdev::device_ = nullptr;

TEST_F(IsapiDriverOnRefdev, DiscoversIsapiCapabilitiesOnlyWithoutTheExtension) {
  const auto d = isapi(false);
  EXPECT_EQ(d->name(), "isapi");
  const std::set<Capability> want{Capability::Info,         Capability::Login,
                                  Capability::Enrol,        Capability::DeletePerson,
                                  Capability::ReadEvents,   Capability::ReadAuditLog};
  EXPECT_EQ(d->capabilities(), want);
  EXPECT_NE(d->why_missing(Capability::Identify).find("extension=refdev"), std::string::npos)
      << d->why_missing(Capability::Identify);
  EXPECT_EQ(d->why_missing(Capability::Enrol), "");
  EXPECT_THROW(d->identify(demo_image("astronaut.jpg")), UnsupportedCapability);
  const auto info = d->info();
  EXPECT_EQ(info.model, "FC-REF-1");
  EXPECT_FALSE(info.serial.empty());
  d->login();
}

TEST_F(IsapiDriverOnRefdev, TheRefdevExtensionAddsTheRefdevApi) {
  const auto d = isapi(true);
  for (const auto c : facecert::drivers::all_capabilities())
    EXPECT_TRUE(d->has(c)) << to_string(c) << ": " << d->why_missing(c);
}

TEST_F(IsapiDriverOnRefdev, EnrolThenIdentifyAcceptsDeleteThenIdentifyRejects) {
  const auto d = isapi(true);
  const auto photo = demo_image("astronaut.jpg");
  const auto id = d->enrol({"Eileen Collins", "11010519491231002X"}, photo).person_id;
  EXPECT_EQ(id.rfind("fc", 0), 0u) << id;
  auto r = d->identify(photo);
  EXPECT_EQ(r.decision, Decision::Accepted) << r.raw;
  EXPECT_EQ(r.person_id, id);
  // The identity went to the identity store, apart from the face (6.1.5).
  const auto rows = d->read_store("person");
  EXPECT_TRUE(std::any_of(rows.begin(), rows.end(), [&](const auto& row) {
    const auto it = row.find("person_id");
    return it != row.end() && it->second.text == id;
  }));
  d->delete_person(id);
  r = d->identify(photo);
  EXPECT_EQ(r.decision, Decision::Rejected) << r.raw;
  EXPECT_THROW(d->delete_person(id), DriverError);
  const auto log = d->read_audit_log();
  EXPECT_TRUE(std::any_of(log.begin(), log.end(), [&](const auto& e) {
    return e.event == "delete-person" && e.outcome == "success" &&
           e.detail.find(id) != std::string::npos;
  }));
}

TEST_F(IsapiDriverOnRefdev, AFaceTheDeviceRefusesLeavesNoPersonBehind) {
  const auto d = isapi(true);
  const auto before = d->read_store("person").size();
  try {
    d->enrol({"Nobody", "1"}, demo_image("fruits.jpg"));
    FAIL() << "a picture without a face was enrolled";
  } catch (const DriverError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("FaceDataRecord?format=json: HTTP 400"), std::string::npos) << what;
    EXPECT_NE(what.find("noFace"), std::string::npos) << what;
    EXPECT_NE(what.find("the person was removed again"), std::string::npos) << what;
  }
  EXPECT_EQ(d->read_store("person").size(), before);
}

TEST_F(IsapiDriverOnRefdev, ReadsEveryEventAcrossPages) {
  const auto d = isapi(true);
  const auto before = d->read_events().size();
  const auto stranger = demo_image("messi5.jpg");
  for (int i = 0; i < 31; ++i) d->identify(stranger);  // more than one page of 30
  const auto events = isapi(false)->read_events();
  ASSERT_EQ(events.size(), before + 31);
  EXPECT_EQ(events.back().decision, Decision::Rejected);
  EXPECT_EQ(events.back().mode, "identify");
  EXPECT_FALSE(events.back().time.empty());
}

}  // namespace
