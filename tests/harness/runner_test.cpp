// The runner's own decisions: applicability, missing capabilities, timeouts, exceptions from a case
// or a device, and the event stream. Case types and a driver with few capabilities are registered
// by this test; the real device paths are covered end to end in tests/e2e.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "facecert/drivers/registry.h"
#include "facecert/harness/case_type.h"
#include "facecert/harness/journal.h"
#include "facecert/harness/runner.h"

namespace fh = facecert::harness;
namespace fd = facecert::drivers;

namespace {

// A driver that only knows who it is: everything else is a missing capability.
class InfoOnlyDriver : public fd::Driver {
 public:
  std::string name() const override { return "info-only"; }
  std::set<fd::Capability> capabilities() const override { return {fd::Capability::Info}; }
  fd::DeviceInfo info() override { return {"maker", "model", "1.0", "SN1", "dev"}; }
};

const fd::DriverRegistration kInfoOnly{"test-info-only", "test driver",
                                       [](const fd::DriverConfig&) { return std::make_unique<InfoOnlyDriver>(); }};

fh::CaseOutcome sleepy(fh::CaseContext& ctx) {
  for (int i = 0; i < 100 && !ctx.stop.stop_requested(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  return {fh::Verdict::Pass, "slept", {}, {}};
}

const fh::CaseTypeRegistration kSleep{{"test.sleep", "sleeps until stopped", {}, {}, false, false, sleepy}};
const fh::CaseTypeRegistration kThrows{{"test.throws", "throws", {}, {}, false, false,
                                        [](fh::CaseContext&) -> fh::CaseOutcome {
                                          throw fd::DriverError("GET https://x/: connection reset");
                                        }}};
const fh::CaseTypeRegistration kNeedsMedia{{"test.needs-media", "needs list_media", {},
                                            {fd::Capability::ListMedia}, true, false,
                                            [](fh::CaseContext&) -> fh::CaseOutcome {
                                              return {fh::Verdict::Pass, "unreachable", {}, {}};
                                            }}};

fh::PlanCase make_case(const std::string& id, const std::string& type, int timeout_s = 30) {
  fh::PlanCase c;
  c.id = id;
  c.clause = "6.1.2";
  c.type = type;
  c.timeout = std::chrono::seconds(timeout_s);
  c.title.items = {{"zh", id}};
  return c;
}

struct Recorder : fh::RunListener {
  std::vector<std::string> events;
  void on_run_start(const fh::RunRecord&) override { events.push_back("start"); }
  void on_case_start(const fh::PlanCase& c, int, int) override { events.push_back("case " + c.id); }
  void on_case_end(const fh::CaseResult& r, int, int) override {
    events.push_back("end " + r.id + " " + std::string(fh::to_string(r.verdict)));
  }
  void on_run_end(const fh::RunRecord&) override { events.push_back("finish"); }
};

}  // namespace

TEST(Runner, TurnsEveryProblemIntoAVerdictAndStreamsEvents) {
  const auto dir = std::filesystem::temp_directory_path() / ("facecert-runner-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);

  fh::Plan plan;
  plan.id = "t";
  plan.cases = {make_case("slow", "test.sleep", 1), make_case("boom", "test.throws"),
                make_case("media", "test.needs-media"), make_case("analysis", "test.sleep")};
  plan.cases[3].applies_to = {"analysis"};
  fh::DeviceProfile profile;
  profile.driver = "test-info-only";
  profile.url = "https://127.0.0.1:1";
  profile.product_profiles = {"identification"};

  Recorder rec;
  fh::ListenerSet listeners;
  auto recorder = std::shared_ptr<Recorder>(&rec, [](Recorder*) {});
  listeners.add(recorder);
  listeners.add(std::make_shared<fh::JournalWriter>(dir / "journal.sqlite"));
  fh::RunOptions options;
  options.run_dir = dir;
  options.capture = false;
  const auto t0 = std::chrono::steady_clock::now();
  const fh::RunRecord run = fh::Runner(plan, profile, options, listeners).run();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  ASSERT_EQ(run.cases.size(), 4u);
  EXPECT_EQ(run.cases[0].verdict, fh::Verdict::Inconclusive);
  EXPECT_NE(run.cases[0].reason.find("timed out after 1 s"), std::string::npos) << run.cases[0].reason;
  EXPECT_LT(seconds, 4.0) << "the sleeping case must be stopped at its timeout";
  EXPECT_EQ(run.cases[1].verdict, fh::Verdict::Inconclusive);
  EXPECT_NE(run.cases[1].reason.find("device error: GET https://x/: connection reset"), std::string::npos);
  EXPECT_EQ(run.cases[2].verdict, fh::Verdict::Manual);
  EXPECT_NE(run.cases[2].reason.find("cannot list_media"), std::string::npos) << run.cases[2].reason;
  EXPECT_EQ(run.cases[3].verdict, fh::Verdict::NotApplicable);
  EXPECT_EQ(run.device_info["serial"], "SN1");
  EXPECT_EQ(fh::exit_code_for(run), 3);

  const std::vector<std::string> expected{
      "start",       "case slow",  "end slow inconclusive", "case boom", "end boom inconclusive",
      "case media",  "end media manual", "case analysis", "end analysis not_applicable", "finish"};
  EXPECT_EQ(rec.events, expected);
  // The journal holds the same decisions as the events.
  const fh::RunRecord back = fh::read_journal(dir / "journal.sqlite");
  ASSERT_EQ(back.cases.size(), 4u);
  EXPECT_EQ(back.cases[2].verdict, fh::Verdict::Manual);
  EXPECT_FALSE(back.finished.empty());
  std::filesystem::remove_all(dir);
}

TEST(Runner, FilterSelectsByCaseOrClauseGlob) {
  auto c = make_case("SH-7.0-01", "manual");
  c.clause = "7.0.encryption";
  EXPECT_TRUE(fh::case_selected(c, ""));
  EXPECT_TRUE(fh::case_selected(c, "SH-7.0-*"));
  EXPECT_TRUE(fh::case_selected(c, "7.0.*"));
  EXPECT_FALSE(fh::case_selected(c, "6.1.2"));
  // A comma-separated list: any glob may match.
  EXPECT_TRUE(fh::case_selected(c, "6.1.2,SH-7.0-01"));
  EXPECT_TRUE(fh::case_selected(c, "SH-6.*,,7.0.*"));
  EXPECT_FALSE(fh::case_selected(c, "6.1.2,SH-7.1-*"));
}
