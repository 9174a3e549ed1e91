#include <fstream>
#include <sstream>
#include <stdexcept>

#include <unistd.h>

#include "reports/sample_run.h"

namespace facecert::reports::testing {

using harness::CaseResult;
using harness::Verdict;

namespace {
CaseResult make_case(std::string id, std::string clause, Verdict v, std::string title,
                     std::string reason) {
  CaseResult c;
  c.id = std::move(id);
  c.clause = std::move(clause);
  c.type = "demo-check";
  c.title = std::move(title);
  c.requirement = "要求文本 for " + c.clause;
  c.verdict = v;
  c.reason = std::move(reason);
  c.started = "2024-05-01T08:00:00Z";
  c.finished = "2024-05-01T08:00:02Z";
  c.duration_s = 1.25;
  return c;
}
}  // namespace

harness::RunRecord sample_run() {
  harness::RunRecord r;
  r.run_id = "run-20240501-0001";
  r.facecert_version = "0.1.0";
  r.plan_id = "SH-2021-5";
  r.plan_version = "1.0";
  r.plan_title = "沪公技防〔2021〕5号 人脸识别产品检测";
  r.regulation = "沪公技防〔2021〕5号";
  r.plan_file = "test-plans/sh-2021-5.xml";
  r.plan_sha256 = std::string(64, 'a');
  r.product_profile = "identification";
  r.device_driver = "refdev";
  r.device_url = "https://127.0.0.1:8443";
  r.device_info = {{"maker", "Demo"}, {"model", "FR-1"}, {"serial", kMobile}};
  r.started = "2024-05-01T08:00:00Z";
  r.finished = "2024-05-01T08:10:00Z";
  r.planned_cases = 6;

  auto pass = make_case("SH-5.3-01", "5.3.auth.lockout", Verdict::Pass, "登录失败锁定",
                        "locked after 5 failures");
  pass.measurements = {{"threshold", 5}, {"lock_s", 600.0}};
  auto fail = make_case("SH-7.0-01", "7.0.encryption", Verdict::Fail, "传输加密",
                        std::string("clear-text identity <script>alert(1)</script> id ") +
                            kIdNumber + " & phone " + kMobile);
  fail.measurements = {{"cleartext_flows", 2},
                       {"sample", std::string("身份证 ") + kIdNumberX},
                       {"nested", {{"phones", {kMobile}}}}};
  fail.evidence.push_back({"evidence/capture.pcapng", std::string(64, 'b'), "pcapng",
                           "capture of the run"});
  fail.evidence.push_back({"evidence/flows.json", std::string(64, 'c'), "json", "clear-text flows"});
  auto inconclusive = make_case("SH-6.1.2-01", "6.1.2", Verdict::Inconclusive, "图像删除",
                                "device unreachable: timeout after 10 s");
  auto na = make_case("SH-6.2.2-01", "6.2.2", Verdict::NotApplicable, "连续去重",
                      "identification product: analysis clause does not apply");
  auto manual = make_case("SH-7.2-01", "7.2", Verdict::Manual, "USB 端口绑定",
                          "inspector checks the USB locks");
  auto not_run = make_case("SH-6.1.10-01", "6.1.10", Verdict::NotRun, "未自动化",
                           "not automated yet");
  r.cases = {pass, fail, inconclusive, na, manual, not_run};
  return r;
}

std::filesystem::path fresh_dir(const std::string& tag) {
  auto dir = std::filesystem::temp_directory_path() /
             ("facecert-reports-" + tag + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

nlohmann::json result_schema() {
  return nlohmann::json::parse(
      read_text(std::filesystem::path(FACECERT_SOURCE_DIR) / "reports/schema/result.schema.json"));
}

}  // namespace facecert::reports::testing
