// End to end through the other drivers (issue 9): the real `facecert` drives the real reference
// device through the ISAPI driver (with the refdev extension) and through the sample out-of-process
// driver drivers/examples/refdev_driver.py, and gets the verdicts the built-in driver gets; broken
// out-of-process drivers end in clear `inconclusive` verdicts with evidence; `facecert driver
// validate` passes the sample driver and names what each broken one does wrong.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <map>

#include <thread>

#include <nlohmann/json.hpp>

#include "facecert/datasets/demo_media.h"
#include "facecert/drivers/registry.h"
#include "facecert/harness/refdev_process.h"

#include "compliant_verdicts_support.h"
#include "process_support.h"

using facecert::testing::run_process;
using facecert::testing::slurp;
using facecert::testing::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kPlan = std::string(FACECERT_SOURCE_DIR) + "/test-plans/shanghai-2021.xml";
const std::string kSampleDriver = std::string(FACECERT_SOURCE_DIR) + "/drivers/examples/refdev_driver.py";
const fs::path kBroken = fs::path(FACECERT_TEST_DATA) / "drivers";
// The password the broken-driver profiles name (password-env): it must never show in evidence.
constexpr const char* kPassword = "pw-e2e-7f3a9c-secret";
const bool kPasswordSet = ::setenv("FACECERT_TEST_DRIVER_PASSWORD", kPassword, 1) == 0;

json result_of(const fs::path& run_dir) { return json::parse(slurp(run_dir / "result.json")); }

const json& case_by_id(const json& result, const std::string& id) {
  for (const auto& c : result.at("cases"))
    if (c.at("id") == id) return c;
  throw std::runtime_error("no case " + id + " in result.json");
}

// "isapi" or the sample driver's path, as `facecert run --driver` takes them.
std::string driver_spec(const std::string& name) { return name == "python" ? kSampleDriver : name; }

// A profile for a driver program that talks to no device (the broken drivers answer by
// themselves); the endpoint is a closed loopback port.
std::string broken_profile(const fs::path& dir, const std::string& program, int call_ms = 1500) {
  const auto p = dir / (program + ".profile.xml");
  std::ofstream(p) << "<?xml version=\"1.0\"?>\n<device-profile id=\"broken\">\n"
                   << "  <driver exec=\"" << (kBroken / program).string() << "\"/>\n"
                   << "  <endpoint url=\"https://127.0.0.1:9\"/>\n"
                   << "  <credentials user=\"admin\" password-env=\"FACECERT_TEST_DRIVER_PASSWORD\"/>\n"
                   << "  <product profiles=\"identification\"/>\n"
                   << "  <timeouts driver-call-ms=\"" << call_ms << "\" driver-start-ms=\"3000\"/>\n"
                   << "</device-profile>\n";
  return p.string();
}

}  // namespace

class ThroughDriver : public ::testing::TestWithParam<std::string> {};

// The whole shipped plan against the compliant reference device: the same verdict for every case
// as through the built-in driver (the table is checked for the built-in driver in run_e2e_test).
TEST_P(ThroughDriver, FullPlanOnTheCompliantDeviceGivesTheBuiltInDriversVerdicts) {
  TempDir tmp;
  const auto run_dir = tmp.path / "run";
  const auto r = run_process({FACECERT_BIN, "run", "--no-pdf", "--plan", kPlan, "--device", "refdev", "--driver",
                              driver_spec(GetParam()), "--param", "SH-6.1.4-*:speed=4", "--out", run_dir.string()});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  const json res = result_of(run_dir);
  facecert::testing::expect_compliant_verdicts(res);
  EXPECT_FALSE(fs::exists(run_dir / "work")) << "the exchange directory (face data) is removed";
  if (GetParam() == "python") {
    EXPECT_EQ(res.at("run").at("device").at("driver"), "process:refdev-example") << res.at("run").dump();
  }
}

// Each seeded flaw flips its clause to fail through this driver too. Flaws that do not disturb
// each other's clauses share a device, so that three runs cover them all.
TEST_P(ThroughDriver, SeededFlawsFailTheirClauses) {
  TempDir tmp;
  const std::string drv = driver_spec(GetParam());
  {
    const auto run_dir = tmp.path / "a";
    const auto r = run_process({FACECERT_BIN, "run", "--no-pdf", "--plan", kPlan, "--device", "refdev", "--driver", drv,
                                "--refdev-flaw", "keep-images", "--refdev-flaw", "mixed-storage", "--refdev-flaw",
                                "no-expiry", "--refdev-flaw", "raw-templates", "--refdev-flaw", "plaintext-features",
                                "--filter", "SH-6.1.2-01,SH-6.1.3-01,SH-6.1.5-*,SH-7.0-01", "--out", run_dir.string()});
    ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
    const json res = result_of(run_dir);
    const std::map<std::string, std::string> expect_in_reason = {
        {"SH-6.1.2-01", "identical to the identification image presented"},  // keep-images
        {"SH-6.1.3-01", "the same template under two keys"},                 // raw-templates
        {"SH-6.1.5-01", "store 'person'"},                                   // mixed-storage
        {"SH-6.1.5-02", "still holds"},                                      // no-expiry
        {"SH-7.0-01", "plaintext-face-feature"},                             // plaintext-features
    };
    for (const auto& [id, text] : expect_in_reason) {
      const json& c = case_by_id(res, id);
      EXPECT_EQ(c.at("verdict"), "fail") << id << ": " << c.dump(2);
      EXPECT_NE(c.at("reason").get<std::string>().find(text), std::string::npos) << id << ": " << c.at("reason");
    }
  }
  {
    const auto run_dir = tmp.path / "b";
    const auto r = run_process({FACECERT_BIN, "run", "--no-pdf", "--plan", kPlan, "--device", "refdev", "--driver", drv,
                                "--refdev-flaw", "tls10", "--refdev-flaw", "unlink-only", "--filter",
                                "SH-6.1.5-02,SH-7.0-01", "--out", run_dir.string()});
    ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
    const json res = result_of(run_dir);
    EXPECT_NE(case_by_id(res, "SH-7.0-01").at("reason").get<std::string>().find("weak-tls-version"), std::string::npos);
    EXPECT_NE(case_by_id(res, "SH-6.1.5-02").at("reason").get<std::string>().find("subject's name or ID number"),
              std::string::npos)
        << case_by_id(res, "SH-6.1.5-02").dump(2);
  }
  {
    const auto run_dir = tmp.path / "c";
    const auto r = run_process({FACECERT_BIN, "run", "--no-pdf", "--plan", kPlan, "--device", "refdev", "--driver", drv,
                                "--refdev-flaw", "plaintext-http", "--refdev-flaw", "no-pad", "--filter",
                                "SH-6.1.4-01,SH-7.0-01", "--param", "SH-6.1.4-01:subjects=2", "--param",
                                "SH-6.1.4-01:per_species=2", "--param", "SH-6.1.4-01:speed=4", "--out",
                                run_dir.string()});
    ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
    const json res = result_of(run_dir);
    EXPECT_NE(case_by_id(res, "SH-7.0-01").at("reason").get<std::string>().find("plaintext-face-image"),
              std::string::npos);
    const json& pad = case_by_id(res, "SH-6.1.4-01");
    EXPECT_EQ(pad.at("verdict"), "fail") << pad.dump(2);
    EXPECT_NE(pad.at("reason").get<std::string>().find("APCER"), std::string::npos) << pad.at("reason");
  }
}

INSTANTIATE_TEST_SUITE_P(Drivers, ThroughDriver, ::testing::Values("isapi", "python"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST(DriverValidate, SampleDriverPassesEveryItemAgainstTheReferenceDevice) {
  TempDir tmp;
  const auto out = tmp.path / "validate.json";
  const auto r = run_process({FACECERT_BIN, "driver", "validate", "--device", "refdev", "--driver", kSampleDriver,
                              "--json", out.string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const json v = json::parse(slurp(out));
  EXPECT_TRUE(v.at("passed").get<bool>());
  EXPECT_EQ(v.at("driver").at("capabilities").size(), 19u) << v.at("driver").dump();
  int passed = 0;
  for (const auto& i : v.at("items")) {
    EXPECT_NE(i.at("status"), "fail") << i.dump();
    passed += i.at("status") == "pass";
  }
  EXPECT_GE(passed, 30);
}

TEST(DriverValidate, BrokenDriversFailTheItemsTheyBreak) {
  TempDir tmp;
  const std::map<std::string, std::vector<std::string>> must_fail = {
      {"bad_args.py",
       {"protocol.malformed-request", "protocol.unknown-method", "protocol.missing-params",
        "refuses.unknown-person", "refuses.not-an-image"}},
      {"wrong_version.py", {"handshake"}},
      {"liar.py", {"capability.identify", "capability.enrol"}},
      {"hang.py", {"capability.identify"}},
      {"crash.py", {"capability.identify"}},
      {"silent.py", {"handshake"}},
      {"malformed.py", {"capability.info"}},
      {"stdout_noise.py", {"capability.info"}},
  };
  for (const auto& [program, ids] : must_fail) {
    const auto out = tmp.path / (program + ".json");
    const auto r = run_process({FACECERT_BIN, "driver", "validate", "--profile", broken_profile(tmp.path, program),
                                "--json", out.string()},
                               120);
    EXPECT_EQ(r.exit_code, 1) << program << "\n" << r.out << r.err;
    const json v = json::parse(slurp(out));
    EXPECT_FALSE(v.at("passed").get<bool>()) << program;
    for (const auto& id : ids) {
      bool failed = false;
      for (const auto& i : v.at("items")) failed = failed || (i.at("id") == id && i.at("status") == "fail");
      EXPECT_TRUE(failed) << program << ": item " << id << " did not fail\n" << v.dump(2);
    }
  }
  const auto hs = json::parse(slurp(tmp.path / "wrong_version.py.json")).at("items").at(0).at("detail").get<std::string>();
  EXPECT_NE(hs.find("speaks protocol 2.0; this facecert speaks 1.0"), std::string::npos) << hs;
}

// A driver that hangs or crashes in the middle of a case makes that case inconclusive, keeps the
// driver's stderr and the exchange as evidence, is restarted, and the run goes on to the next case.
TEST(DriverFaults, HangingOrCrashingDriverMakesTheCaseInconclusiveAndTheRunGoesOn) {
  TempDir tmp;
  const std::string plan = std::string(FACECERT_TEST_DATA) + "/plans/driver_faults.xml";
  // (malformed.py and stdout_noise.py break on info, which the runner asks once at the start: the
  // unit tests in tests/drivers/process_driver_test.cpp cover them.)
  for (const std::string program : {"hang.py", "crash.py", "liar.py"}) {
    const auto run_dir = tmp.path / program;
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = run_process(
        {FACECERT_BIN, "run", "--no-pdf", "--plan", plan, "--profile", broken_profile(tmp.path, program), "--out", run_dir.string()},
        120);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(60)) << program;
    EXPECT_EQ(r.exit_code, 3) << program << "\n" << r.out << r.err;
    const json res = result_of(run_dir);
    for (const char* id : {"DRV-1", "DRV-2"}) {
      const json& c = case_by_id(res, id);
      EXPECT_EQ(c.at("verdict"), "inconclusive") << program << " " << c.dump(2);
      EXPECT_NE(c.at("reason").get<std::string>().find("driver failure"), std::string::npos)
          << program << " " << c.at("reason");
      EXPECT_TRUE(fs::exists(run_dir / "evidence" / id / "driver-stderr.txt")) << program << " " << id;
      EXPECT_TRUE(fs::exists(run_dir / "evidence" / id / "driver-exchange.jsonl")) << program << " " << id;
    }
    // The second case met a new process: its transcript starts with a fresh initialize.
    const std::string second = slurp(run_dir / "evidence" / "DRV-2" / "driver-exchange.jsonl");
    EXPECT_NE(second.find("\"method\":\"initialize\""), std::string::npos) << program << "\n" << second;
    ASSERT_TRUE(kPasswordSet);
    EXPECT_EQ(second.find(kPassword), std::string::npos) << "the password is masked";
    if (program == "crash.py") {
      EXPECT_NE(slurp(run_dir / "evidence" / "DRV-1" / "driver-stderr.txt").find("simulated crash"), std::string::npos);
    }
    if (program == "hang.py") {
      EXPECT_NE(case_by_id(res, "DRV-1").at("reason").get<std::string>().find("no answer to identify within 1500 ms"),
                std::string::npos);
    }
    EXPECT_EQ(facecert::testing::run_process({FACECERT_BIN, "report", "verify", run_dir.string()}).exit_code, 0);
  }
}

TEST(DriverFaults, DriverThatCannotStartLeavesEveryDeviceCaseInconclusiveNamingWhy) {
  TempDir tmp;
  const std::string plan = std::string(FACECERT_TEST_DATA) + "/plans/driver_faults.xml";
  for (const std::string program : {"silent.py", "wrong_version.py"}) {
    const auto run_dir = tmp.path / program;
    const auto r = run_process(
        {FACECERT_BIN, "run", "--no-pdf", "--plan", plan, "--profile", broken_profile(tmp.path, program), "--out", run_dir.string()},
        120);
    EXPECT_EQ(r.exit_code, 3) << program << "\n" << r.out << r.err;
    const json res = result_of(run_dir);
    const json& c = case_by_id(res, "DRV-1");
    EXPECT_EQ(c.at("verdict"), "inconclusive");
    const std::string why = program == "silent.py" ? "no answer to initialize" : "speaks protocol 2.0";
    EXPECT_NE(c.at("reason").get<std::string>().find(why), std::string::npos) << c.at("reason");
  }
}

TEST(DriverFaults, ProfileNamingAMissingOrNonExecutableProgramIsBadInputWithFileAndLine) {
  TempDir tmp;
  const auto not_exec = tmp.path / "driver.py";
  std::ofstream(not_exec) << "#!/usr/bin/env python3\n";
  ::chmod(not_exec.c_str(), 0644);
  const std::map<std::string, std::string> cases = {{(tmp.path / "nowhere.py").string(), "does not exist"},
                                                    {not_exec.string(), "is not executable"},
                                                    {tmp.path.string(), "is not a regular file"}};
  for (const auto& [exe, why] : cases) {
    const auto profile = tmp.path / "p.xml";
    std::ofstream(profile) << "<?xml version=\"1.0\"?>\n<device-profile id=\"x\">\n  <driver exec=\"" << exe
                           << "\"/>\n  <endpoint url=\"https://127.0.0.1:9\"/>\n"
                           << "  <credentials user=\"admin\" password-env=\"HOME\"/>\n</device-profile>\n";
    const auto r = run_process({FACECERT_BIN, "run", "--no-pdf", "--plan", kPlan, "--profile", profile.string(), "--out",
                                (tmp.path / "run").string()});
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find(profile.string() + ":3: driver executable"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(why), std::string::npos) << r.err;
  }
}

// `facecert driver events`: an ISAPI terminal's event push, watched from the command line while a
// face is presented (here through the driver, on the reference device).
TEST(DriverEvents, WatchesTheAlertStreamAndPrintsTheDecision) {
  TempDir tmp;
  facecert::harness::RefdevProcess device({});
  ::setenv("FACECERT_TEST_REFDEV_PASSWORD", device.profile().password.c_str(), 1);
  const auto profile = tmp.path / "refdev.xml";
  std::ofstream(profile) << "<?xml version=\"1.0\"?>\n<device-profile id=\"t\">\n  <driver name=\"isapi\"/>\n"
                         << "  <endpoint url=\"" << device.url() << "\"/>\n"
                         << "  <credentials user=\"admin\" password-env=\"FACECERT_TEST_REFDEV_PASSWORD\"/>\n"
                         << "</device-profile>\n";
  const auto out = tmp.path / "events.json";
  facecert::testing::ProcessResult watched;
  std::thread watcher([&] {
    watched = run_process({FACECERT_BIN, "driver", "events", "--profile", profile.string(), "--duration", "20s",
                           "--max-events", "1", "--json", out.string()},
                          60);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // the stream is open by then
  auto driver = facecert::drivers::DriverRegistry::instance().make(device.profile().driver_config());
  const auto frame = facecert::datasets::encode_jpeg(facecert::datasets::load_demo_image("astronaut.jpg"));
  driver->identify({frame, "image/jpeg"});
  watcher.join();
  EXPECT_EQ(watched.exit_code, 0) << watched.out << watched.err;
  const json events = json::parse(slurp(out));
  ASSERT_EQ(events.at("events").size(), 1u) << events.dump(2);
  EXPECT_EQ(events.at("events")[0].at("event_type"), "AccessControllerEvent");
  EXPECT_EQ(events.at("events")[0].at("decision"), "rejected") << "nobody is enrolled";
  EXPECT_EQ(events.at("ended"), "enough events");
}

// A terminal that lacks a capability: the ISAPI driver says which, and the case that needs it is
// `manual` with that reason (the reference device without the refdev extension has no camera
// feed an ISAPI client could use).
TEST(DriverCapabilities, AMissingCapabilityMakesTheCaseManualWithTheDriversReason) {
  TempDir tmp;
  facecert::harness::RefdevProcess device({});
  ::setenv("FACECERT_TEST_REFDEV_PASSWORD", device.profile().password.c_str(), 1);
  const auto profile = tmp.path / "terminal.xml";
  std::ofstream(profile) << "<?xml version=\"1.0\"?>\n<device-profile id=\"t\">\n  <driver name=\"isapi\"/>\n"
                         << "  <endpoint url=\"" << device.url() << "\"/>\n"
                         << "  <credentials user=\"admin\" password-env=\"FACECERT_TEST_REFDEV_PASSWORD\"/>\n"
                         << "  <product profiles=\"identification\"/>\n"
                         << "</device-profile>\n";
  const auto run_dir = tmp.path / "run";
  const auto r = run_process({FACECERT_BIN, "run", "--no-pdf", "--plan", kPlan, "--profile", profile.string(),
                              "--filter", "SH-6.1.2-01", "--no-capture", "--out", run_dir.string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  const json res = result_of(run_dir);
  const json& c = case_by_id(res, "SH-6.1.2-01");
  EXPECT_EQ(c.at("verdict"), "manual") << c.dump(2);
  EXPECT_NE(c.at("reason").get<std::string>().find("extension=refdev"), std::string::npos) << c.at("reason");
  EXPECT_EQ(res.at("run").at("device").at("info").at("model"), "FC-REF-1") << "deviceInfo through ISAPI";
}
