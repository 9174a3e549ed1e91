// facecert purge (issue 8): run directories older than the retention go, recent ones stay.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "facecert/harness/journal.h"
#include "facecert/harness/run_purge.h"
#include "facecert/harness/secure_erase.h"

namespace fh = facecert::harness;
using namespace std::chrono_literals;

namespace {

std::filesystem::path temp_dir() {
  auto d = std::filesystem::temp_directory_path() /
           ("facecert-purge-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

// A run directory whose journal says it started (and finished, unless empty) at these times.
void make_run(const std::filesystem::path& dir, const std::string& started, const std::string& finished) {
  std::filesystem::create_directories(dir / "evidence");
  std::ofstream(dir / "evidence" / "capture.pcapng.fcenc") << std::string(5000, 'e');
  std::ofstream(dir / "report.html") << "<html></html>";
  fh::JournalWriter j(dir / "journal.sqlite");
  fh::RunRecord r;
  r.run_id = dir.filename().string();
  r.started = started;
  j.on_run_start(r);
  if (!finished.empty()) {
    r.finished = finished;
    j.on_run_end(r);
  }
}

fh::PurgeEntry find(const std::vector<fh::PurgeEntry>& v, const std::string& name) {
  for (const auto& e : v)
    if (e.dir.filename() == name) return e;
  ADD_FAILURE() << name << " not listed";
  return {};
}

}  // namespace

TEST(Purge, RemovesOldRunsAndKeepsRecentOnes) {
  const auto runs = temp_dir();
  std::chrono::sys_seconds now;
  ASSERT_TRUE(fh::parse_iso8601_utc("2026-11-27T12:00:00Z", now));
  make_run(runs / "old", "2026-10-01T08:00:00Z", "2026-10-01T09:00:00Z");         // 57 days
  make_run(runs / "recent", "2026-11-20T08:00:00Z", "2026-11-20T09:00:00Z");      // 7 days
  make_run(runs / "old-unfinished", "2026-09-01T08:00:00Z", "");                 // started 87 days ago
  make_run(runs / "finished-late", "2026-09-01T08:00:00Z", "2026-11-26T08:00:00Z");  // finish counts
  std::filesystem::create_directories(runs / "not-a-run");
  std::ofstream(runs / "not-a-run" / "notes.txt") << "keep";

  const auto dry = fh::purge_runs(runs, 24h * 30, true, now);
  EXPECT_EQ(dry.expired.size(), 2u);
  for (const char* d : {"old", "recent", "old-unfinished", "finished-late"})
    EXPECT_TRUE(std::filesystem::exists(runs / d)) << "a dry run removes nothing: " << d;

  const auto r = fh::purge_runs(runs, 24h * 30, false, now);
  ASSERT_EQ(r.expired.size(), 2u);
  ASSERT_EQ(r.kept.size(), 2u);
  const auto old = find(r.expired, "old");
  EXPECT_TRUE(old.removed);
  EXPECT_EQ(old.since_what, "finished");
  EXPECT_EQ(old.since, "2026-10-01T09:00:00Z");
  EXPECT_EQ(old.age, std::chrono::seconds(57 * 86400 + 3 * 3600));
  EXPECT_EQ(find(r.expired, "old-unfinished").since_what, "started (unfinished)");
  EXPECT_EQ(find(r.kept, "finished-late").since_what, "finished");
  EXPECT_FALSE(std::filesystem::exists(runs / "old"));
  EXPECT_FALSE(std::filesystem::exists(runs / "old-unfinished"));
  EXPECT_TRUE(std::filesystem::exists(runs / "recent" / "report.html"));
  EXPECT_TRUE(std::filesystem::exists(runs / "finished-late"));
  EXPECT_TRUE(std::filesystem::exists(runs / "not-a-run" / "notes.txt")) << "no journal: not a run";

  const auto json = r.to_json(false);
  EXPECT_EQ(json["expired"].size(), 2u);
  EXPECT_EQ(fh::describe_age(old.age), "57d 3h");
}

TEST(Purge, UnreadableJournalAgesByFileTime) {
  const auto runs = temp_dir();
  std::filesystem::create_directories(runs / "broken");
  std::ofstream(runs / "broken" / "journal.sqlite") << "not sqlite";
  std::filesystem::last_write_time(runs / "broken" / "journal.sqlite",
                                   std::filesystem::file_time_type::clock::now() - 24h * 100);
  const auto r = fh::purge_runs(runs, 24h * 30, false);
  ASSERT_EQ(r.expired.size(), 1u);
  EXPECT_EQ(r.expired[0].since_what, "journal modified");
  EXPECT_FALSE(std::filesystem::exists(runs / "broken"));
  EXPECT_THROW(fh::purge_runs(runs / "absent", 1h, false), std::runtime_error);
}

TEST(SecureErase, OverwritesThenRemoves) {
  const auto dir = temp_dir();
  const auto file = dir / "face.raw";
  std::ofstream(file) << std::string(200000, 'F');
  // A second name for the same inode shows the bytes were overwritten before the unlink.
  std::filesystem::create_hard_link(file, dir / "witness");
  EXPECT_EQ(fh::secure_erase_file(file), "");
  EXPECT_FALSE(std::filesystem::exists(file));
  std::ifstream in(dir / "witness", std::ios::binary);
  const std::string left((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(left.size(), 200000u);
  EXPECT_EQ(left.find('F'), std::string::npos);
}
