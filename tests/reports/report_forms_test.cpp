// Issue 8 report forms: clause verdicts, report info, manual answers and plan texts in the journal,
// and what the HTML and JSON show of them.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "facecert/harness/journal.h"
#include "facecert/harness/report_info.h"
#include "facecert/reports/result_json.h"
#include "facecert/reports/summary.h"
#include "facecert/reports/writer.h"
#include "reports/report_run_dir.h"
#include "reports/sample_run.h"

namespace facecert::reports {
namespace {

using namespace facecert::reports::testing;
using harness::Verdict;

const nlohmann::json kInfo = {
    {"report_number", "FC-2026-0042"},
    {"project", "某小区人脸门禁验收"},
    {"site", "上海市徐汇区"},
    {"client", "Demo 物业"},
    {"lab", {{"name", "示例检测实验室"}, {"accreditation", "CNAS L0000"}}},
    {"inspectors", {"张三", "李四"}},
    {"test_dates", {{"from", "2026-11-20"}, {"to", "2026-11-27"}}},
    {"environment", {{"temperature", "23 °C"}, {"humidity", "45 %RH"}, {"lighting", "室内 300 lx"}, {"network", "隔离局域网"}}},
    {"product", {{"model", "FR-9 <pro>"}, {"serial", "SN-0001"}}}};

std::string render(const std::filesystem::path& dir, const std::string& lang) {
  WriteOptions o;
  o.lang = lang;
  const auto out = dir / ("report-" + lang + ".html");
  ReportRegistry::instance().find("html")->write(harness::read_journal(dir / "journal.sqlite"), out, o);
  return read_text(out);
}

TEST(ClauseVerdict, OneRuleFailInconclusiveManualPassNotApplicableNotRun) {
  using V = std::vector<Verdict>;
  EXPECT_EQ(clause_verdict(V{Verdict::Pass, Verdict::Fail, Verdict::Inconclusive}), Verdict::Fail);
  EXPECT_EQ(clause_verdict(V{Verdict::Pass, Verdict::Manual, Verdict::Inconclusive}), Verdict::Inconclusive);
  EXPECT_EQ(clause_verdict(V{Verdict::Pass, Verdict::Manual}), Verdict::Manual);
  EXPECT_EQ(clause_verdict(V{Verdict::NotApplicable, Verdict::Pass, Verdict::NotRun}), Verdict::Pass);
  EXPECT_EQ(clause_verdict(V{Verdict::NotRun, Verdict::NotApplicable}), Verdict::NotApplicable);
  EXPECT_EQ(clause_verdict(V{}), Verdict::NotRun);
}

TEST(ClauseRows, EveryPlanClauseOnceInPlanOrder) {
  const auto run = harness::read_journal(make_report_run_dir("rows") / "journal.sqlite");
  const auto rows = clause_rows(run);
  ASSERT_EQ(rows.size(), run.clauses.size());
  ASSERT_GT(rows.size(), 10u);
  EXPECT_EQ(rows.front().id, "4.deployment");
  const auto find = [&](const std::string& id) {
    return std::find_if(rows.begin(), rows.end(), [&](const ClauseRow& r) { return r.id == id; });
  };
  EXPECT_EQ(find("7.0.encryption")->verdict, Verdict::Fail);
  EXPECT_EQ(find("6.1.3")->verdict, Verdict::Pass);
  EXPECT_EQ(find("6.1.4")->verdict, Verdict::NotRun);  // in the plan, not in this run
}

TEST(ReportInfo, LoadsTheDocumentedFieldsAndNamesTheFaultyKey) {
  const auto dir = fresh_dir("info");
  const auto good = dir / "info.json", bad = dir / "bad.json", broken = dir / "broken.json";
  std::ofstream(good) << kInfo.dump();
  std::ofstream(bad) << R"({"report_number": "1", "lab": {"nmae": "typo"}})";
  std::ofstream(broken) << "{ not json";
  EXPECT_EQ(harness::load_report_info(good), kInfo);
  try {
    harness::load_report_info(bad);
    FAIL() << "a misspelt key was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(bad.string()), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("lab.nmae"), std::string::npos);
  }
  EXPECT_THROW(harness::load_report_info(broken), std::runtime_error);
  EXPECT_THROW(harness::check_report_info({{"inspectors", "one"}}, "x"), std::runtime_error);
  // The inspector's product fields complete and override the driver's.
  const auto p = harness::product_fields({{"maker", "Demo"}, {"model", "FR-1"}}, kInfo);
  EXPECT_EQ(p["maker"], "Demo");
  EXPECT_EQ(p["model"], "FR-9 <pro>");
  EXPECT_EQ(p["serial"], "SN-0001");
}

TEST(ReportInfo, StoredInTheJournalAndShownOnTheCover) {
  const auto dir = make_report_run_dir("cover");
  EXPECT_TRUE(harness::read_journal(dir / "journal.sqlite").report_info.empty());  // old journals: none
  harness::set_report_info(dir / "journal.sqlite", kInfo);
  EXPECT_EQ(harness::read_journal(dir / "journal.sqlite").report_info, kInfo);
  const auto html = render(dir, "zh");
  for (const char* s : {"FC-2026-0042", "某小区人脸门禁验收", "CNAS L0000", "张三、李四", "2026-11-20 – 2026-11-27",
                        "45 %RH", "隔离局域网", "FR-9 &lt;pro&gt;", "OpenSSL 3.0.x", "libpcap", "SH-2021-5",
                        "沪公技防〔2021〕5号", "总体结论"})
    EXPECT_NE(html.find(s), std::string::npos) << s;
  // Running header of the printed pages: report number and product.
  EXPECT_NE(html.find("\"FC-2026-0042 · Demo FR-9 \\3C pro> SN-0001\""), std::string::npos);
  EXPECT_NE(html.find("counter(pages)"), std::string::npos);
}

TEST(HtmlReport, ClauseSectionsWithRequirementAndMethodInTheReportLanguage) {
  const auto dir = make_report_run_dir("lang");
  const auto zh = render(dir, "zh"), en = render(dir, "en");
  // One summary row per clause of the plan; a section per clause with cases.
  const auto rows = clause_rows(harness::read_journal(dir / "journal.sqlite")).size();
  std::size_t n = 0;
  for (auto at = zh.find("<tr class=\"clause-row\">"); at != std::string::npos; at = zh.find("<tr class=\"clause-row\">", at + 1)) ++n;
  EXPECT_EQ(n, rows);
  EXPECT_NE(zh.find("id=\"clause-6.1.3\""), std::string::npos);
  EXPECT_NE(zh.find("人脸特征可更新"), std::string::npos);     // case title from the plan
  EXPECT_NE(zh.find("通过驱动新建两个模板保护密钥"), std::string::npos);  // method, zh
  EXPECT_NE(zh.find("检验方法"), std::string::npos);
  EXPECT_NE(en.find("Face features are renewable"), std::string::npos);
  EXPECT_NE(en.find("Create two template protection keys"), std::string::npos);  // method, en
  EXPECT_EQ(en.find("通过驱动新建两个模板保护密钥"), std::string::npos);
  EXPECT_NE(en.find("<td class=\"v v-fail\">Fail</td>"), std::string::npos);  // 7.0 clause row
  // Measured records as a table; the 7.0 flows drawn as a timeline, colours by encryption.
  EXPECT_NE(zh.find("<table class=\"records\">"), std::string::npos);
  EXPECT_NE(zh.find("figure class=\"timeline\""), std::string::npos);
  EXPECT_NE(zh.find("fill=\"#c62828\"><title>明文</title>"), std::string::npos);
  EXPECT_NE(zh.find("fill=\"#2e7d32\"><title>加密</title>"), std::string::npos);
  EXPECT_NE(zh.find("unknown&lt;b&gt;"), std::string::npos);  // flow text escaped in the SVG
  EXPECT_EQ(zh.find("unknown<b>"), std::string::npos);
  // Verdict count bars.
  EXPECT_NE(zh.find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"plot\""), std::string::npos);
}

TEST(HtmlReport, TimelineOnlyFromAnUnchangedTrafficFile) {
  const auto dir = make_report_run_dir("tampered");
  std::ofstream(dir / "evidence/SH-7.0-01/traffic.json", std::ios::app) << " ";
  EXPECT_EQ(render(dir, "zh").find("figure class=\"timeline\""), std::string::npos);
}

TEST(HtmlReport, MakesNoExternalRequest) {
  const auto dir = make_report_run_dir("offline");
  harness::set_report_info(dir / "journal.sqlite", kInfo);
  for (const std::string lang : {"zh", "en"}) {
    const auto html = render(dir, lang);
    static const std::regex external(R"re((src|href)\s*=\s*["']?\s*(https?:)?//)re", std::regex::icase);
    EXPECT_FALSE(std::regex_search(html, external)) << lang;
    static const std::regex url_in_css(R"re(url\s*\(|@import)re", std::regex::icase);
    EXPECT_FALSE(std::regex_search(html, url_in_css)) << lang;
    EXPECT_EQ(html.find("<link"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
  }
}

TEST(InspectorAnswer, BecomesTheCaseVerdictMarkedAsTheInspectors) {
  const auto dir = make_report_run_dir("answer");
  harness::InspectorAnswer a;
  a.verdict = Verdict::Pass;
  a.note = "部署依据 DB31/T 294，手机 13812345678";
  a.inspector = "张三";
  a.recorded = "2026-11-27T09:00:00Z";
  harness::record_inspector_answer(dir / "journal.sqlite", "SH-4-01", a);
  const auto run = harness::read_journal(dir / "journal.sqlite");
  EXPECT_EQ(run.cases[0].verdict, Verdict::Pass);
  ASSERT_TRUE(run.cases[0].inspector.has_value());
  EXPECT_EQ(run.cases[1].verdict, Verdict::Manual);
  EXPECT_EQ(harness::recorded_verdict(dir / "journal.sqlite", "SH-4-01"), Verdict::Manual);
  const auto html = render(dir, "zh");
  EXPECT_NE(html.find("符合（检验员判定）"), std::string::npos);
  EXPECT_NE(html.find("部署依据 DB31/T 294"), std::string::npos);
  EXPECT_EQ(html.find("13812345678"), std::string::npos);  // the note is masked too
  EXPECT_NE(html.find("138****5678"), std::string::npos);
  WriteOptions o;
  const auto doc = result_json(run, o);
  EXPECT_EQ(doc["cases"][0]["verdict"], "pass");
  EXPECT_EQ(doc["cases"][0]["inspector"]["inspector"], "张三");
  EXPECT_TRUE(schema_violations(result_schema(), doc).empty());
}

TEST(ResultJson, CarriesReportInfoToolsAndMethodAndConforms) {
  const auto dir = make_report_run_dir("json");
  harness::set_report_info(dir / "journal.sqlite", kInfo);
  WriteOptions o;
  const auto doc = result_json(harness::read_journal(dir / "journal.sqlite"), o);
  EXPECT_EQ(doc["schema"], kResultSchemaId);
  EXPECT_EQ(doc["run"]["report_info"]["report_number"], "FC-2026-0042");
  EXPECT_EQ(doc["run"]["tools"]["opencv"], "4.6.0");
  EXPECT_NE(doc["cases"][2]["method"]["zh"].get<std::string>().find("模板保护密钥"), std::string::npos);
  const auto v = schema_violations(result_schema(), doc);
  EXPECT_TRUE(v.empty()) << (v.empty() ? "" : v.front());
}

}  // namespace
}  // namespace facecert::reports
