// The refdev driver against the real facecert-refdev binary on 127.0.0.1.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <thread>

#include "facecert/drivers/http_client.h"
#include "facecert/drivers/registry.h"
#include "refdev_process_support.h"

namespace facecert::drivers {
namespace {

using facecert::testing::demo_image;
using facecert::testing::RefdevProcess;
using facecert::testing::sha256_hex;
using facecert::testing::varied;
using Decision = MatchResult::Decision;

std::unique_ptr<Driver> make(const DriverConfig& c) { return DriverRegistry::instance().make(c); }

bool has_category(const std::vector<StoredMedia>& media, const std::string& category) {
  return std::any_of(media.begin(), media.end(),
                     [&](const StoredMedia& m) { return m.category == category; });
}

// One compliant device for the suite, with the astronaut enrolled.
class CompliantRefdev : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    device_ = new RefdevProcess();
    auto d = make(device_->config());
    astronaut_id_ = new std::string(
        d->enrol({"Eileen Collins", "11010519491231002X"}, demo_image("astronaut.jpg")).person_id);
  }
  static void TearDownTestSuite() {
    delete device_;
    delete astronaut_id_;
  }
  std::unique_ptr<Driver> driver() const { return make(device_->config()); }
  static RefdevProcess* device_;
  static std::string* astronaut_id_;
};
RefdevProcess* CompliantRefdev::device_ = nullptr;
std::string* CompliantRefdev::astronaut_id_ = nullptr;

TEST_F(CompliantRefdev, ServesHttpsAndReportsDeviceInfo) {
  EXPECT_EQ(device_->url().rfind("https://127.0.0.1:", 0), 0u);
  const auto info = driver()->info();
  EXPECT_EQ(info.model, "FC-REF-1");
  EXPECT_FALSE(info.serial.empty());
  EXPECT_TRUE(driver()->has(Capability::Identify));
}

TEST_F(CompliantRefdev, WrongPasswordThrowsAndIsAudited) {
  auto bad = make(device_->config("not-the-password"));
  try {
    bad->login();
    FAIL() << "login with a wrong password succeeded";
  } catch (const DriverError& e) {
    EXPECT_NE(std::string(e.what()).find("HTTP 401"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(device_->url()), std::string::npos) << e.what();
  }
  driver()->login();
  const auto log = driver()->read_audit_log();
  const auto failed = std::find_if(log.begin(), log.end(), [](const AuditEntry& e) {
    return e.event == "login" && e.outcome == "failure" && e.subject == "admin";
  });
  ASSERT_NE(failed, log.end());
  EXPECT_NE(failed->detail.find("127.0.0.1"), std::string::npos);
  EXPECT_FALSE(failed->time.empty());
  EXPECT_TRUE(std::any_of(log.begin(), log.end(), [](const AuditEntry& e) {
    return e.event == "login" && e.outcome == "success";
  }));
}

TEST_F(CompliantRefdev, IdentifiesAVariedCopyOfTheEnrolledFace) {
  auto d = driver();
  const auto photo = demo_image("astronaut.jpg");
  for (const auto& probe : {varied(photo, 1.2, 0, 0, 1.0, 0, 90), varied(photo, 0.8, 6, -5, 1.05, 5, 75)}) {
    const auto r = d->identify(probe);
    EXPECT_EQ(r.decision, Decision::Accepted) << r.raw;
    EXPECT_EQ(r.person_id, *astronaut_id_) << r.raw;
  }
}

TEST_F(CompliantRefdev, RejectsAStrangerAndReportsNoFace) {
  auto d = driver();
  const auto stranger = d->identify(demo_image("messi5.jpg"));
  EXPECT_EQ(stranger.decision, Decision::Rejected) << stranger.raw;
  EXPECT_TRUE(stranger.person_id.empty());
  for (const char* name : {"fruits.jpg", "baboon.jpg"}) {
    const auto r = d->identify(demo_image(name));
    EXPECT_EQ(r.decision, Decision::NoFace) << name << ": " << r.raw;
  }
}

TEST_F(CompliantRefdev, VerifiesIdPhotoAgainstLiveFace) {
  auto d = driver();
  const auto astro = demo_image("astronaut.jpg");
  const auto same = d->verify(astro, varied(astro, 0.85, -4, 3, 0.95, 4, 80));
  EXPECT_EQ(same.decision, Decision::Accepted) << same.raw;
  const auto other = d->verify(astro, demo_image("messi5.jpg"));
  EXPECT_EQ(other.decision, Decision::Rejected) << other.raw;
  const auto none = d->verify(astro, demo_image("building.jpg"));
  EXPECT_EQ(none.decision, Decision::NoFace) << none.raw;
}

TEST_F(CompliantRefdev, KeepsNoCaptureAfterIdentifyAndVerify) {
  auto d = driver();
  d->identify(demo_image("astronaut.jpg"));
  d->verify(demo_image("astronaut.jpg"), demo_image("messi5.jpg"));
  const auto media = d->list_media();
  EXPECT_TRUE(has_category(media, "enrolment"));
  EXPECT_FALSE(has_category(media, "capture"));
  EXPECT_FALSE(has_category(media, "id-document"));
}

TEST_F(CompliantRefdev, BadRequestsBecomeDriverErrors) {
  auto d = driver();
  EXPECT_THROW(d->identify({{'n', 'o', 't'}, "image/jpeg"}), DriverError);
  EXPECT_THROW(d->enrol({"Nobody", "1"}, demo_image("fruits.jpg")), DriverError);
  EXPECT_THROW(d->delete_person("no-such-person"), DriverError);
}

TEST(RefdevLifecycle, DeletePersonAndRetention) {
  RefdevProcess device;
  auto d = make(device.config());
  const auto id = d->enrol({"Eileen Collins", "1"}, demo_image("astronaut.jpg")).person_id;
  EXPECT_EQ(d->identify(demo_image("astronaut.jpg")).decision, Decision::Accepted);
  d->delete_person(id);
  EXPECT_EQ(d->identify(demo_image("astronaut.jpg")).decision, Decision::Rejected);
  EXPECT_FALSE(has_category(d->list_media(), "enrolment"));

  d->enrol({"Eileen Collins", "1"}, demo_image("astronaut.jpg"));
  EXPECT_TRUE(has_category(d->list_media(), "enrolment"));
  d->set_retention(std::chrono::seconds(1));
  bool purged = false;
  for (int i = 0; i < 40 && !purged; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    purged = !has_category(d->list_media(), "enrolment");
  }
  EXPECT_TRUE(purged) << "face data outlived a 1 s retention period";
  EXPECT_EQ(device.stop(), 0);  // SIGTERM: graceful exit 0
}

TEST(RefdevFlaws, KeepImagesStoresTheExactBytesPresented) {
  RefdevProcess device({"--flaw", "keep-images"});
  auto d = make(device.config());
  const auto frame = varied(demo_image("messi5.jpg"), 1.1, 2, 2, 1.0, 0, 85);
  d->identify(frame);
  const auto id_photo = demo_image("astronaut.jpg");
  d->verify(id_photo, demo_image("astronaut.jpg"));
  const auto media = d->list_media();
  const auto has = [&](const std::string& category, const std::string& sha) {
    return std::any_of(media.begin(), media.end(), [&](const StoredMedia& m) {
      return m.category == category && m.sha256 == sha;
    });
  };
  EXPECT_TRUE(has("capture", sha256_hex(frame.bytes)));
  EXPECT_TRUE(has("id-document", sha256_hex(id_photo.bytes)));
}

TEST(RefdevFlaws, PlaintextHttpServesTheApiWithoutTls) {
  RefdevProcess device({"--flaw", "plaintext-http"});
  EXPECT_EQ(device.url().rfind("http://127.0.0.1:", 0), 0u) << device.url();
  auto d = make(device.config());
  d->login();
  EXPECT_EQ(d->identify(demo_image("fruits.jpg")).decision, Decision::NoFace);
}

TEST_F(CompliantRefdev, ExportsAProtectedTemplateOfTheEnrolledFaceOverTheApi) {
  auto d = driver();
  ASSERT_TRUE(d->has(Capability::ExportTemplate));
  const auto t = d->export_template(*astronaut_id_);
  EXPECT_EQ(t.algorithm, "lbph-biohash1024");
  EXPECT_EQ(t.encoding, "bits");
  ASSERT_EQ(t.dims, 1024u);
  ASSERT_EQ(t.bytes.size(), 128u);
  EXPECT_FALSE(t.key_id.empty());
  // Deterministic for the same stored face; not served for an unknown person.
  EXPECT_EQ(d->export_template(*astronaut_id_).bytes, t.bytes);
  EXPECT_THROW(d->export_template("no-such-person"), DriverError);
  // The compliant device serves it on its TLS API and advertises no other service.
  EXPECT_TRUE(device_->announced().empty()) << device_->announced();
}

TEST(RefdevFlaws, PlaintextFeaturesServesTemplatesOnAPlainHttpListener) {
  RefdevProcess dev({"--flaw", "plaintext-features"});
  EXPECT_EQ(dev.url().rfind("https://", 0), 0u) << "the API stays on TLS";
  EXPECT_NE(dev.announced().find("feature sync on http://127.0.0.1:"), std::string::npos)
      << dev.announced();
  auto d = make(dev.config());
  const auto id = d->enrol({"Eileen Collins", "11010519491231002X"}, demo_image("astronaut.jpg"));
  const auto t = d->export_template(id.person_id);
  EXPECT_EQ(t.bytes.size(), 128u);
  // The TLS API no longer serves the templates: the driver went to the advertised service.
  HttpClient http({std::chrono::milliseconds(5000), "admin", RefdevProcess::kPassword, "", 1u << 20});
  const auto r = http.request("GET", dev.url() + "/ISAPI/Refdev/template?employeeNo=" + id.person_id);
  EXPECT_EQ(r.status, 404);
}

TEST(RefdevCli, UnknownFlawAndLooseBadPasswordFileExit2) {
  const auto [code, err] = facecert::testing::run_refdev({"--data-dir", "/tmp/x", "--flaw", "no-such"});
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("keep-images"), std::string::npos) << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;

  const auto pw = std::filesystem::temp_directory_path() / "facecert-refdev-test-pw";
  { std::ofstream(pw) << "pw\n"; }
  std::filesystem::permissions(pw, std::filesystem::perms::owner_read |
                                       std::filesystem::perms::group_read |
                                       std::filesystem::perms::others_read);
  const auto [code2, err2] = facecert::testing::run_refdev(
      {"--data-dir", "/tmp/x", "--password-file", pw.string()});
  EXPECT_EQ(code2, 2);
  EXPECT_NE(err2.find(pw.string()), std::string::npos) << err2;
  std::filesystem::remove(pw);
}

TEST(RefdevDriver, ClosedPortNamesTheUrl) {
  DriverConfig c;
  c.driver = "refdev";
  c.base_url = "https://127.0.0.1:1";
  c.user = "admin";
  c.password = "x";
  c.timeout = std::chrono::milliseconds(2000);
  try {
    make(c)->login();
    FAIL() << "login to a closed port succeeded";
  } catch (const DriverError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("GET https://127.0.0.1:1/ISAPI/Security/userCheck"), std::string::npos)
        << what;
    EXPECT_NE(what.find("refused"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace facecert::drivers
