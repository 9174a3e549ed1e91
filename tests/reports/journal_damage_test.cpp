// Bad input to `facecert report` (issue 8): a missing or corrupt journal is one clear line naming
// the file and exit 2; a journal with some unreadable rows still gives every report it can.
#include <gtest/gtest.h>

#include <fstream>

#include <sqlite3.h>

#include "reports/cli_process_support.h"
#include "reports/report_run_dir.h"
#include "reports/sample_run.h"

namespace facecert::reports {
namespace {

using namespace facecert::reports::testing;

std::size_t lines(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

void exec(const std::filesystem::path& db_file, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_file.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST(JournalDamage, MissingJournalIsOneLineNamingTheFile) {
  const auto dir = fresh_dir("no-journal");
  const auto r = run_facecert({"report", dir.string(), "--keys", test_keys_dir()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(lines(r.output), 1u) << r.output;
  EXPECT_NE(r.output.find((dir / "journal.sqlite").string()), std::string::npos) << r.output;
}

TEST(JournalDamage, GarbageJournalIsOneLineNamingTheFile) {
  const auto dir = make_report_run_dir("garbage");
  std::ofstream(dir / "journal.sqlite", std::ios::trunc) << std::string(5000, 'x');
  const auto r = run_facecert({"report", dir.string(), "--format", "json", "--keys", test_keys_dir()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(lines(r.output), 1u) << r.output;
  EXPECT_NE(r.output.find((dir / "journal.sqlite").string()), std::string::npos) << r.output;
}

TEST(JournalDamage, UnreadableRowsAreNamedAndTheRestIsReported) {
  const auto dir = make_report_run_dir("partial");
  // The header row and one case's measurements damaged, as a half-written disk block would.
  exec(dir / "journal.sqlite", "UPDATE run SET value = '{\"run_id\": \"x\", broken' WHERE key = 'header';"
                               "UPDATE cases SET measurements = '{oops' WHERE id = 'SH-6.1.3-01';");
  const auto r = run_facecert({"report", dir.string(), "--format", "html,json,junit", "--keys", test_keys_dir()});
  EXPECT_NE(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("warning: " + (dir / "journal.sqlite").string() + ": run header unreadable"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("measurements of SH-6.1.3-01 unreadable"), std::string::npos) << r.output;
  const auto html = read_text(dir / "report.html");
  EXPECT_NE(html.find("SH-7.0-01"), std::string::npos);
  EXPECT_NE(html.find("class=\"warning\""), std::string::npos);
  const auto json = nlohmann::json::parse(read_text(dir / "result.json"));
  EXPECT_EQ(json["cases"].size(), 4u);
  EXPECT_TRUE(std::filesystem::exists(dir / "junit.xml"));
}

}  // namespace
}  // namespace facecert::reports
