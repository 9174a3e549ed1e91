// Out-of-process drivers (docs/driver-protocol.md): the real ProcessDriver starting real programs
// (the deliberately broken drivers in tests/data/drivers/, each saying in its header what it does
// wrong). Every broken behaviour must end in a DriverFailure naming it, with the driver's stderr
// tail and the exchange as evidence; never in a hang, a crash of facecert or a success.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "facecert/drivers/process_driver.h"
#include "facecert/drivers/registry.h"

namespace fs = std::filesystem;
using facecert::drivers::Capability;
using facecert::drivers::DriverConfig;
using facecert::drivers::DriverError;
using facecert::drivers::DriverFailure;
using facecert::drivers::DriverRegistry;

namespace {

const fs::path kDrivers = fs::path(FACECERT_TEST_DATA) / "drivers";

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("fc-procdrv-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

DriverConfig config_for(const std::string& program, const fs::path& exchange) {
  DriverConfig c;
  c.driver = "process";
  c.base_url = "https://127.0.0.1:9";  // never contacted by the broken drivers
  c.user = "admin";
  c.password = "secret-password";
  c.executable = kDrivers / program;
  c.exchange_dir = exchange;
  c.start_timeout = std::chrono::milliseconds(3000);
  c.call_timeout = std::chrono::milliseconds(1500);
  return c;
}

std::string evidence_named(const DriverFailure& f, const std::string& name) {
  for (const auto& [n, text] : f.evidence())
    if (n == name) return text;
  return "(no " + name + ")";
}

facecert::drivers::Image not_a_face() { return {{0xff, 0xd8, 0xff, 0xe0, 1, 2, 3}, "image/jpeg"}; }

}  // namespace

TEST(ProcessDriver, WrongProtocolVersionIsRefusedNamingBothVersions) {
  TempDir tmp;
  try {
    DriverRegistry::instance().make(config_for("wrong_version.py", tmp.path));
    FAIL() << "a driver speaking protocol 2.0 was accepted";
  } catch (const DriverFailure& e) {
    FAIL() << "refused as a failure, not a version mismatch: " << e.what();
  } catch (const DriverError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("2.0"), std::string::npos) << m;
    EXPECT_NE(m.find("1.0"), std::string::npos) << m;
  }
}

TEST(ProcessDriver, SilentDriverFailsTheHandshakeWithinTheStartTimeout) {
  TempDir tmp;
  const auto t0 = std::chrono::steady_clock::now();
  try {
    DriverRegistry::instance().make(config_for("silent.py", tmp.path));
    FAIL() << "a driver that says nothing was accepted";
  } catch (const DriverFailure& e) {
    EXPECT_NE(std::string(e.what()).find("no answer to initialize within 3000 ms"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(8));
}

TEST(ProcessDriver, HangingCallIsKilledAtTheTimeoutAndTheDriverRestarts) {
  TempDir tmp;
  auto d = DriverRegistry::instance().make(config_for("hang.py", tmp.path));
  EXPECT_TRUE(d->has(Capability::Identify));
  EXPECT_NO_THROW(d->info());
  const auto t0 = std::chrono::steady_clock::now();
  try {
    d->identify(not_a_face());
    FAIL() << "a hanging identify returned";
  } catch (const DriverFailure& e) {
    EXPECT_NE(std::string(e.what()).find("no answer to identify within 1500 ms"), std::string::npos) << e.what();
    const std::string exchange = evidence_named(e, "driver-exchange.jsonl");
    EXPECT_NE(exchange.find("\"method\":\"identify\""), std::string::npos) << exchange;
    EXPECT_EQ(exchange.find("secret-password"), std::string::npos) << "the password is masked in the transcript";
  }
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  // The next call starts a new process and the run goes on.
  EXPECT_NO_THROW(d->info());
}

TEST(ProcessDriver, CrashIsADriverFailureWithTheStderrTailAndTheDriverRestarts) {
  TempDir tmp;
  auto d = DriverRegistry::instance().make(config_for("crash.py", tmp.path));
  try {
    d->identify(not_a_face());
    FAIL() << "a crashing identify returned";
  } catch (const DriverFailure& e) {
    EXPECT_NE(std::string(e.what()).find("exited with status 3"), std::string::npos) << e.what();
    EXPECT_NE(evidence_named(e, "driver-stderr.txt").find("simulated crash"), std::string::npos);
  }
  EXPECT_NO_THROW(d->info());
}

TEST(ProcessDriver, MalformedOutputIsADriverFailureQuotingIt) {
  TempDir tmp;
  for (const char* program : {"malformed.py", "stdout_noise.py"}) {
    auto d = DriverRegistry::instance().make(config_for(program, tmp.path));
    try {
      d->info();
      FAIL() << program << ": malformed output accepted";
    } catch (const DriverFailure& e) {
      EXPECT_NE(std::string(e.what()).find("malformed output"), std::string::npos) << program << ": " << e.what();
    }
  }
}

TEST(ProcessDriver, LyingAboutACapabilityIsADriverFailureNotADeviceRefusal) {
  TempDir tmp;
  auto d = DriverRegistry::instance().make(config_for("liar.py", tmp.path));
  ASSERT_TRUE(d->has(Capability::Identify));
  // A DriverFailure is not a DriverError: a case reading a refusal as success cannot mistake it.
  try {
    d->identify(not_a_face());
    FAIL() << "identify returned";
  } catch (const DriverFailure& e) {
    EXPECT_NE(std::string(e.what()).find("declared capability 'identify'"), std::string::npos) << e.what();
  }
  try {
    d->enrol({"name", "11010519491231002X"}, not_a_face());
    FAIL() << "enrol returned";
  } catch (const DriverFailure& e) {
    EXPECT_NE(std::string(e.what()).find("lacks string field 'person_id'"), std::string::npos) << e.what();
  }
}

TEST(ProcessDriver, MediaFilesAreRemovedFromTheExchangeDirectoryAfterEachCall) {
  TempDir tmp;
  auto d = DriverRegistry::instance().make(config_for("liar.py", tmp.path));
  EXPECT_THROW(d->enrol({"name", "11010519491231002X"}, not_a_face()), DriverFailure);
  std::size_t left = 0;
  for (const auto& e : fs::directory_iterator(tmp.path)) left += e.is_regular_file();
  EXPECT_EQ(left, 0u) << "face data left in the exchange directory";
  EXPECT_EQ(fs::status(tmp.path).permissions() & fs::perms::others_all, fs::perms::none);
}

TEST(ProcessDriver, MissingProgramIsAClearFailure) {
  TempDir tmp;
  auto c = config_for("no_such_driver.py", tmp.path);
  try {
    DriverRegistry::instance().make(c);
    FAIL();
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("no_such_driver.py"), std::string::npos) << e.what();
  }
}
