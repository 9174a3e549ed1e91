#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "facecert/harness/journal.h"

namespace fh = facecert::harness;

namespace {
std::filesystem::path temp_dir() {
  auto d = std::filesystem::temp_directory_path() /
           ("facecert-journal-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}
}  // namespace

TEST(Journal, RoundTripsEveryField) {
  const auto dir = temp_dir();
  fh::RunRecord run;
  run.run_id = "r1";
  run.plan_id = "shanghai-2021";
  run.plan_version = "1.0.0";
  run.regulation = "沪公技防〔2021〕5号";
  run.device_info = {{"model", "RD-1"}};
  run.started = "2026-11-27T07:00:00Z";
  run.planned_cases = 2;
  {
    fh::JournalWriter w(dir / "journal.sqlite");
    w.on_run_start(run);
    fh::CaseResult c;
    c.id = "SH-7.0-01";
    c.clause = "7.0.encryption";
    c.type = "transport.face-data-encrypted";
    c.title = "传输加密";
    c.verdict = fh::Verdict::Fail;
    c.reason = "plaintext-face-image in flow 127.0.0.1:1 -> 127.0.0.1:2 tcp";
    c.measurements = {{"flows", 3}};
    c.evidence = {{"evidence/SH-7.0-01/traffic.json", "ab", "json", "flows"}};
    c.duration_s = 1.5;
    w.on_case_end(c, 0, 2);
    // No on_run_end: as if the runner was killed here.
  }
  const fh::RunRecord back = fh::read_journal(dir / "journal.sqlite");
  EXPECT_EQ(back.run_id, "r1");
  EXPECT_EQ(back.regulation, "沪公技防〔2021〕5号");
  EXPECT_EQ(back.device_info["model"], "RD-1");
  EXPECT_EQ(back.planned_cases, 2);
  EXPECT_TRUE(back.finished.empty());
  ASSERT_EQ(back.cases.size(), 1u);
  EXPECT_EQ(back.cases[0].verdict, fh::Verdict::Fail);
  EXPECT_EQ(back.cases[0].title, "传输加密");
  EXPECT_EQ(back.cases[0].measurements["flows"], 3);
  ASSERT_EQ(back.cases[0].evidence.size(), 1u);
  EXPECT_EQ(back.cases[0].evidence[0].path, "evidence/SH-7.0-01/traffic.json");
  EXPECT_DOUBLE_EQ(back.cases[0].duration_s, 1.5);
}

TEST(Journal, MissingOrCorruptJournalIsAClearError) {
  const auto dir = temp_dir();
  try {
    fh::read_journal(dir / "journal.sqlite");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("journal.sqlite: no journal here"), std::string::npos);
  }
  {
    std::ofstream(dir / "garbage.sqlite") << "this is not a database at all, just text\n";
  }
  EXPECT_THROW(fh::read_journal(dir / "garbage.sqlite"), std::runtime_error);
}
