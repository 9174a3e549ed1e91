// analysis.view-library run through the case registry: the receiver starts for the plan's
// duration, the URL comes through ctx.progress, a real curl client registers and pushes; the
// verdict is inconclusive without pushes, fail for an appearance with too many face images or a
// malformed push, pass for well-formed, de-duplicated pushes; the evidence is the JSON summary.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

#include "drivers/viid_client_support.h"
#include "facecert/harness/case_type.h"
#include "facecert/harness/device_profile.h"
#include "facecert/harness/evidence_store.h"
#include "facecert/harness/run_state.h"

namespace facecert::harness {
namespace {

using nlohmann::json;
namespace tv = facecert::testing::viid;

// Runs the case on a thread; `device` acts once the URL is known.
class CaseRun {
 public:
  explicit CaseRun(std::map<std::string, std::string> params)
      : dir_(tv::scratch_file("run")), store_(dir_) {
    ::setenv("FACECERT_VIID_TEST_PASSWORD", "case-pass", 1);
    plan_case_.id = "SH-6.2.2-VIID";
    plan_case_.clause = "6.2.2";
    plan_case_.type = "analysis.view-library";
    plan_case_.params = std::move(params);
    plan_case_.params["password_env"] = "FACECERT_VIID_TEST_PASSWORD";
    plan_case_.params["user"] = "lab";
  }
  ~CaseRun() { std::filesystem::remove_all(dir_); }

  CaseOutcome run(const std::function<void(const std::string& url)>& device) {
    const CaseTypeInfo* type = CaseTypeRegistry::instance().find("analysis.view-library");
    if (!type) throw std::runtime_error("analysis.view-library is not registered");
    std::stop_source stop;
    CaseContext ctx{plan_case_, profile_, nullptr, nullptr, store_, state_, stop.get_token(),
                    [this](const std::string& line) {
                      const auto at = line.find("listening on ");
                      if (at == std::string::npos) return;
                      std::lock_guard lock(mu_);
                      url_ = line.substr(at + 13, line.find(' ', at + 13) - at - 13);
                      cv_.notify_all();
                    }};
    CaseOutcome out;
    std::thread runner([&] { out = type->run(ctx); });
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::seconds(5), [&] { return !url_.empty(); });
    }
    if (!url_.empty()) device(url_);
    runner.join();
    return out;
  }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  EvidenceStore store_;
  PlanCase plan_case_;
  DeviceProfile profile_;
  RunState state_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string url_;
};

void register_at(const std::string& url) {
  const auto r = tv::post(url + "/VIID/System/Register", tv::device_body("RegisterObject"), "lab", "case-pass");
  ASSERT_EQ(r.http, 200) << r.body;
}

void push_faces(const std::string& url, const std::vector<std::string>& appearances, const std::string& data) {
  json faces = json::array();
  int n = 0;
  for (const auto& appear : appearances)
    faces.push_back(tv::face(fmt::format("F{}", n++), appear, appear.substr(0, 12) + "59",
                             json::array({tv::sub_image(data)})));
  const auto r = tv::post(url + "/VIID/Faces", tv::faces_body(faces));
  ASSERT_EQ(r.http, 200) << r.body;
}

TEST(ViewLibraryCase, NothingPushedIsInconclusive) {
  CaseRun run(std::map<std::string, std::string>{{"duration", "1s"}});
  const auto out = run.run([](const std::string&) {});
  EXPECT_EQ(out.verdict, Verdict::Inconclusive) << out.reason;
  EXPECT_NE(out.reason.find("no face or image push"), std::string::npos);
  ASSERT_EQ(out.evidence.size(), 1u);
  EXPECT_TRUE(std::filesystem::exists(run.dir() / out.evidence[0].path));
}

TEST(ViewLibraryCase, TooManyFaceImagesForOneAppearanceFails) {
  CaseRun run({{"duration", "3s"}, {"plain_http", "true"}});
  const std::string data = drivers::base64::encode(tv::demo_jpeg());
  const auto out = run.run([&](const std::string& url) {
    register_at(url);
    push_faces(url, {"20261127101500", "20261127101500", "20261127101500", "20261127101500"}, data);
  });
  EXPECT_EQ(out.verdict, Verdict::Fail) << out.reason;
  EXPECT_NE(out.reason.find("pushed 4 face images for one appearance"), std::string::npos) << out.reason;
  EXPECT_EQ(out.measurements.at("max_face_images_per_appearance"), 4);
}

TEST(ViewLibraryCase, MalformedPushFails) {
  CaseRun run(std::map<std::string, std::string>{{"duration", "3s"}});  // HTTPS (self-signed) by default
  const auto out = run.run([&](const std::string& url) {
    EXPECT_EQ(url.rfind("https://127.0.0.1:", 0), 0u);
    register_at(url);
    push_faces(url, {"2026-11-27 10:15"}, drivers::base64::encode(tv::demo_jpeg()));
  });
  EXPECT_EQ(out.verdict, Verdict::Fail) << out.reason;
  EXPECT_NE(out.reason.find("FaceListObject.FaceObject[0].FaceAppearTime: '2026-11-27 10:15' is not YYYYMMDDHHMMSS"),
            std::string::npos) << out.reason;
}

TEST(ViewLibraryCase, WellFormedDeduplicatedPushesPassWithSummaryEvidence) {
  CaseRun run({{"duration", "3s"}, {"plain_http", "true"}});
  const auto out = run.run([&](const std::string& url) {
    register_at(url);
    push_faces(url, {"20261127101500", "20261127101600"}, drivers::base64::encode(tv::demo_jpeg()));
  });
  EXPECT_EQ(out.verdict, Verdict::Pass) << out.reason;
  ASSERT_EQ(out.evidence.size(), 1u);
  std::ifstream in(run.dir() / out.evidence[0].path);
  const json summary = json::parse(in);
  EXPECT_EQ(summary.at("pushes"), 1);
  EXPECT_EQ(summary.at("devices").at(0).at("face_count"), 2);
  EXPECT_EQ(summary.at("images_kept"), false);
}

}  // namespace
}  // namespace facecert::harness
