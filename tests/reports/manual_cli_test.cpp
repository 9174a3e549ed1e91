// facecert manual: the inspector's answer to a manual case, through the real binary (issue 8).
#include <gtest/gtest.h>

#include <fstream>

#include "facecert/harness/journal.h"
#include "facecert/probes/hashing.h"
#include "reports/cli_process_support.h"
#include "reports/report_run_dir.h"
#include "reports/sample_run.h"

namespace facecert::reports {
namespace {

using namespace facecert::reports::testing;

TEST(ManualCli, RefusesACaseTheRunDecided) {
  const auto dir = make_report_run_dir("manual-refuse");
  const auto r = run_facecert({"manual", dir.string(), "SH-7.0-01", "--verdict", "pass", "--note", "looks fine"});
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("SH-7.0-01 is not a manual case"), std::string::npos) << r.output;
  EXPECT_EQ(harness::read_journal(dir / "journal.sqlite").cases[3].verdict, harness::Verdict::Fail);
  const auto unknown = run_facecert({"manual", dir.string(), "SH-99", "--verdict", "pass", "--note", "x"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("no case SH-99"), std::string::npos) << unknown.output;
  const auto bad = run_facecert({"manual", dir.string(), "SH-4-01", "--verdict", "maybe", "--note", "x"});
  EXPECT_EQ(bad.exit_code, 2);
  const auto no_journal = run_facecert({"manual", (dir / "nowhere").string(), "SH-4-01", "--verdict", "pass", "--note", "x"});
  EXPECT_EQ(no_journal.exit_code, 2);
  EXPECT_NE(no_journal.output.find("journal.sqlite"), std::string::npos);
}

TEST(ManualCli, RecordsTheAnswerWithAttachmentsAndTheReportsShowIt) {
  const auto dir = make_report_run_dir("manual-record");
  const auto photo = dir.parent_path() / ("cabinet-" + std::to_string(::getpid()) + ".txt");
  std::ofstream(photo) << "photo of the locked cabinet";
  const auto r = run_facecert({"manual", dir.string(), "SH-6.1.1-01", "--verdict", "fail", "--note",
                               "USB 口未封闭", "--inspector", "李四", "--attach", photo.string()});
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto run = harness::read_journal(dir / "journal.sqlite");
  const auto& c = run.cases[1];
  EXPECT_EQ(c.verdict, harness::Verdict::Fail);
  ASSERT_TRUE(c.inspector.has_value());
  EXPECT_EQ(c.inspector->inspector, "李四");
  EXPECT_FALSE(c.inspector->recorded.empty());
  ASSERT_EQ(c.inspector->attachments.size(), 1u);
  const auto copied = dir / c.inspector->attachments[0].path;
  EXPECT_EQ(copied.parent_path().filename(), "SH-6.1.1-01");
  EXPECT_EQ(read_text(copied), "photo of the locked cabinet");
  const std::string text = read_text(copied);
  EXPECT_EQ(c.inspector->attachments[0].sha256,
            probes::sha256_hex(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size())));

  const auto rep = run_facecert({"report", dir.string(), "--format", "html,json,junit", "--keys", test_keys_dir()});
  EXPECT_EQ(rep.exit_code, 1) << rep.output;  // 7.0 failed, and now 6.1.1 too
  const auto html = read_text(dir / "report.html");
  EXPECT_NE(html.find("不符合（检验员判定）"), std::string::npos);
  EXPECT_NE(html.find("USB 口未封闭"), std::string::npos);
  EXPECT_NE(html.find(c.inspector->attachments[0].sha256), std::string::npos);
  const auto json = nlohmann::json::parse(read_text(dir / "result.json"));
  EXPECT_EQ(json["cases"][1]["inspector"]["verdict"], "fail");
  EXPECT_EQ(json["summary"]["counts"]["manual"], 1);
  std::filesystem::remove(photo);
}

}  // namespace
}  // namespace facecert::reports
