#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "facecert/probes/hashing.h"
#include "facecert/reports/writer.h"
#include "reports/sample_run.h"

namespace facecert::reports {
namespace {

using namespace facecert::reports::testing;

std::string write_html(const std::string& lang) {
  const auto* writer = ReportRegistry::instance().find("html");
  if (!writer) throw std::runtime_error("html writer not registered");
  WriteOptions options;
  options.lang = lang;
  const auto path = fresh_dir("html-" + lang) / writer->file_name();
  writer->write(sample_run(), path, options);
  return read_text(path);
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(HtmlWriter, ChineseReportHasRowPerCaseAndConformityWords) {
  const auto html = write_html("zh");
  EXPECT_NE(html.find("<html lang=\"zh-CN\">"), std::string::npos);
  // Without the plan copy: one summary row per clause the cases name (six clauses here).
  EXPECT_EQ(count(html, "<tr class=\"clause-row\">"), 6u);
  EXPECT_EQ(count(html, "<section class=\"case\""), 6u);
  EXPECT_NE(html.find("<td class=\"v v-pass\">符合</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"v v-fail\">不符合</td>"), std::string::npos);
  EXPECT_NE(html.find("不适用"), std::string::npos);
  EXPECT_NE(html.find("总体结论"), std::string::npos);
  EXPECT_NE(html.find("SH-7.0-01"), std::string::npos);
  EXPECT_NE(html.find("evidence/capture.pcapng"), std::string::npos);
  EXPECT_NE(html.find(std::string(64, 'b')), std::string::npos);
  EXPECT_NE(html.find("cleartext_flows"), std::string::npos);
}

TEST(HtmlWriter, TableIsOrderedByClause) {
  const auto html = write_html("zh");
  const auto a = html.find(">5.3.auth.lockout<"), b = html.find(">6.1.2<"),
             c = html.find(">6.1.10<"), d = html.find(">7.0.encryption<");
  ASSERT_NE(d, std::string::npos);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
  EXPECT_LT(c, d);
}

TEST(HtmlWriter, EnglishReportUsesEnglishWording) {
  const auto html = write_html("en");
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"v v-pass\">Pass</td>"), std::string::npos);
  EXPECT_NE(html.find("<td class=\"v v-fail\">Fail</td>"), std::string::npos);
  EXPECT_NE(html.find("Overall conclusion"), std::string::npos);
  EXPECT_EQ(html.find("不符合"), std::string::npos);
}

TEST(HtmlWriter, EscapesTextAndMasksIdentity) {
  const auto html = write_html("zh");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find(" &amp; phone "), std::string::npos);
  EXPECT_EQ(html.find(kIdNumber), std::string::npos);
  EXPECT_EQ(html.find(kIdNumberX), std::string::npos);
  EXPECT_EQ(html.find(kMobile), std::string::npos);
  EXPECT_NE(html.find(kIdMasked), std::string::npos);
}

TEST(HtmlWriter, IsSelfContained) {
  for (const std::string lang : {"zh", "en"}) {
    const auto html = write_html(lang);
    EXPECT_EQ(html.find("<link"), std::string::npos);
    EXPECT_EQ(html.find("<img"), std::string::npos);
    EXPECT_EQ(html.find("@import"), std::string::npos);
    EXPECT_EQ(html.find("url("), std::string::npos);
    const std::regex external(R"((src|href)\s*=\s*["']?\s*(https?:)?//)", std::regex::icase);
    EXPECT_FALSE(std::regex_search(html, external));
    EXPECT_NE(html.find("<style>"), std::string::npos);
  }
}

TEST(HtmlWriter, UnknownLanguageIsAnError) {
  EXPECT_THROW(write_html("fr"), std::runtime_error);
}

}  // namespace
}  // namespace facecert::reports

namespace facecert::reports {
namespace {

// A plot a case left as SVG evidence is shown in the page (a data URI, nothing external), and only
// while its bytes still have the hash its evidence reference names.
TEST(HtmlWriter, ShowsSvgEvidenceWhoseHashStillMatches) {
  using namespace facecert::reports::testing;
  const auto* writer = ReportRegistry::instance().find("html");
  ASSERT_NE(writer, nullptr);
  const auto dir = fresh_dir("html-figure");
  std::filesystem::create_directories(dir / "evidence");
  const std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>";
  std::ofstream(dir / "evidence" / "plot.svg") << svg;
  std::ofstream(dir / "evidence" / "tampered.svg") << svg;
  harness::RunRecord run = sample_run();
  run.cases.front().evidence.push_back(
      {"evidence/plot.svg", probes::sha256_hex(std::string_view(svg)), "image/svg+xml", "D(s) plot"});
  run.cases.front().evidence.push_back({"evidence/tampered.svg", std::string(64, '0'), "image/svg+xml", "changed"});
  writer->write(run, dir / writer->file_name(), {});
  const std::string html = read_text(dir / writer->file_name());
  EXPECT_EQ(count(html, "src=\"data:image/svg+xml;base64,"), 1u);
  EXPECT_NE(html.find("<figcaption>D(s) plot</figcaption>"), std::string::npos);
  EXPECT_EQ(html.find("<figcaption>changed</figcaption>"), std::string::npos);
}

}  // namespace
}  // namespace facecert::reports
