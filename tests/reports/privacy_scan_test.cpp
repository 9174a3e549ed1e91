// No unmasked resident ID number and no recognisable face in any report file (issue 8 "What must
// hold"), checked with the project's own detectors: the GB 11643 number finder of the traffic
// analyser, and the face detector on every image the HTML embeds (enlarged x4 first, so that a
// small thumbnail is not missed for its size).
#include <gtest/gtest.h>

#include <cstdlib>

#include <opencv2/imgproc.hpp>

#include "facecert/probes/face_detector.h"
#include "facecert/probes/identity_numbers.h"
#include "reports/cli_process_support.h"
#include "reports/report_run_dir.h"
#include "reports/sample_run.h"

namespace facecert::reports {
namespace {

using namespace facecert::reports::testing;

std::size_t resident_ids(const std::string& text) {
  std::size_t n = 0;
  for (const auto& m : probes::detectors::find_identity_numbers(text)) n += m.type == "resident-id";
  return n;
}

int faces_enlarged(const probes::FaceDetector& d, const cv::Mat& img) {
  cv::Mat big;
  cv::resize(img, big, cv::Size(), 4, 4, cv::INTER_CUBIC);
  return static_cast<int>(d.detect(big).size());
}

TEST(PrivacyScan, TheDetectorsSeeWhatTheyMustNotFindInReports) {
  // The checks below can fail: the raw number and the unpixelated photo are found.
  EXPECT_EQ(resident_ids(std::string("id ") + kRunIdNumber), 1u);
  const probes::FaceDetector d;
  EXPECT_GT(faces_enlarged(d, demo_face(false)), 0);
}

TEST(PrivacyScan, NoIdNumberAndNoFaceInAnyReportFile) {
  const auto dir = make_report_run_dir("privacy");
  const bool pdf = std::system("command -v weasyprint >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1") == 0;
  const auto r = run_facecert({"report", dir.string(), "--format", pdf ? "html,json,junit,pdf" : "html,json,junit",
                               "--keys", test_keys_dir()});
  ASSERT_EQ(r.exit_code, 1) << r.output;
  std::vector<std::filesystem::path> files{dir / "report.html", dir / "result.json", dir / "junit.xml"};
  if (pdf) {
    ASSERT_EQ(std::system(("pdftotext " + (dir / "report.pdf").string() + " " + (dir / "report.pdf.txt").string()).c_str()), 0);
    files.push_back(dir / "report.pdf.txt");
  }
  for (const auto& f : files) {
    const auto text = read_text(f);
    EXPECT_EQ(resident_ids(text), 0u) << f;
    EXPECT_NE(text.find("1101**********4477"), std::string::npos) << f;  // masked, still said
  }
  const auto images = embedded_raster_images(read_text(dir / "report.html"));
  ASSERT_FALSE(images.empty());  // the 7.0 thumbnail is shown
  const probes::FaceDetector d;
  for (const auto& img : images) {
    ASSERT_FALSE(img.empty());
    EXPECT_EQ(faces_enlarged(d, img), 0);
  }
}

}  // namespace
}  // namespace facecert::reports
