// The report as people see it (issue 8 "Forms"): report.html in headless Chromium and report.pdf
// from WeasyPrint, checked with poppler's pdftotext and pdftoppm. These run real renderers (a few
// seconds each); the screenshots and pages are left in the temp folder for a look.
#include <gtest/gtest.h>

#include <cstdlib>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "facecert/probes/media_io.h"
#include "reports/cli_process_support.h"
#include "reports/report_run_dir.h"
#include "reports/sample_run.h"

namespace facecert::reports {
namespace {

using namespace facecert::reports::testing;

bool have(const char* program) {
  return std::system(("command -v " + std::string(program) + " >/dev/null 2>&1").c_str()) == 0;
}

int sh(const std::string& cmd) { return std::system(cmd.c_str()); }

// Not blank: enough pixels far from the page colour, and more than one colour.
void expect_not_blank(const cv::Mat& img) {
  ASSERT_FALSE(img.empty());
  cv::Mat grey;
  cv::cvtColor(img, grey, cv::COLOR_BGR2GRAY);
  const double dark = cv::countNonZero(grey < 128) / static_cast<double>(grey.total());
  EXPECT_GT(dark, 0.002);
  double lo = 0, hi = 0;
  cv::minMaxLoc(grey, &lo, &hi);
  EXPECT_LT(lo, 60);
  EXPECT_GT(hi, 200);
}

TEST(Render, HtmlInHeadlessChromium) {
  if (!have("chromium")) GTEST_SKIP() << "chromium not installed (scripts/install-deps.sh)";
  const auto dir = make_report_run_dir("chromium");
  ASSERT_EQ(run_facecert({"report", dir.string(), "--format", "html", "--keys", test_keys_dir()}).exit_code, 1);
  const auto png = dir / "screenshot.png";
  // --no-sandbox: tests may run as root; the page makes no request, and no network is needed.
  const int rc = sh("timeout 60 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "
                    "--screenshot=" + png.string() + " --window-size=1200,3000 file://" +
                    (dir / "report.html").string() + " >/dev/null 2>&1");
  EXPECT_EQ(rc, 0);
  ASSERT_TRUE(std::filesystem::exists(png));
  const cv::Mat img = facecert::media::imread(png.string());
  EXPECT_EQ(img.cols, 1200);
  expect_not_blank(img);
  // The verdict colours of the clause table are on screen (red of the 7.0 fail).
  cv::Mat red;
  cv::inRange(img, cv::Scalar(30, 30, 180), cv::Scalar(60, 60, 220), red);
  EXPECT_GT(cv::countNonZero(red), 200);
}

TEST(Render, PdfHasPagesChineseClauseTextAndFooter) {
  if (!have("weasyprint") || !have("pdftotext") || !have("pdftoppm")) GTEST_SKIP() << "weasyprint / poppler-utils missing";
  const auto dir = make_report_run_dir("pdf");
  const auto r = run_facecert({"report", dir.string(), "--format", "pdf", "--keys", test_keys_dir()});
  ASSERT_EQ(r.exit_code, 1) << r.output;  // 1: a clause failed; the PDF is written
  ASSERT_TRUE(std::filesystem::exists(dir / "report.pdf"));
  EXPECT_FALSE(std::filesystem::exists(dir / "report.pdf.print.html"));
  ASSERT_EQ(sh("pdftotext -layout " + (dir / "report.pdf").string() + " " + (dir / "report.txt").string()), 0);
  const auto text = read_text(dir / "report.txt");
  EXPECT_NE(text.find("人脸特征可更新"), std::string::npos);
  EXPECT_NE(text.find("人脸识别应用产品检测报告"), std::string::npos);
  EXPECT_NE(text.find("第 1 页 / 共"), std::string::npos);
  EXPECT_NE(text.find("不符合"), std::string::npos);
  // The CJK font is embedded.
  ASSERT_EQ(sh("pdffonts " + (dir / "report.pdf").string() + " > " + (dir / "fonts.txt").string()), 0);
  const auto fonts = read_text(dir / "fonts.txt");
  EXPECT_NE(fonts.find("Noto-Sans-CJK-SC"), std::string::npos) << fonts;
  ASSERT_EQ(sh("pdftoppm -r 50 -png -f 1 -l 3 " + (dir / "report.pdf").string() + " " + (dir / "page").string()), 0);
  int pages = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().filename().string().rfind("page-", 0) == 0) {
      ++pages;
      expect_not_blank(facecert::media::imread(e.path().string()));
    }
  EXPECT_GE(pages, 2);
}

TEST(Render, PdfWithoutWeasyPrintIsExitTwoAndSaysWhatToInstall) {
  const auto dir = make_report_run_dir("no-weasy");
  ::setenv("FACECERT_WEASYPRINT", "/nonexistent/weasyprint", 1);
  const auto r = run_facecert({"report", dir.string(), "--format", "pdf,json", "--keys", test_keys_dir()});
  ::unsetenv("FACECERT_WEASYPRINT");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("not found (install the Debian package weasyprint"), std::string::npos) << r.output;
  EXPECT_TRUE(std::filesystem::exists(dir / "result.json"));  // the other forms are still written
  EXPECT_FALSE(std::filesystem::exists(dir / "report.pdf"));
}

}  // namespace
}  // namespace facecert::reports
