// `facecert dataset validate|stats|import` through the real binary: exit codes, one-line errors,
// the JSON results.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "facecert/probes/media_io.h"
#include "spoof-datasets/dataset_test_support.h"

using facecert::test::datasets::run_bin;
using facecert::test::datasets::ScratchDir;

namespace {

TEST(DatasetCli, ValidateExitCodesAndJson) {
  ScratchDir d;
  facecert::media::imwrite((d.path / "a.png").string(), cv::Mat(8, 8, CV_8UC3, cv::Scalar(9, 9, 9)));
  const auto good = d.file("good.csv", "file,kind,subject\na.png,bona_fide,s\n");
  auto r = run_bin("dataset validate " + good.string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("1 item(s): 0 error(s), 0 warning(s)"), std::string::npos) << r.output;
  const auto bad = d.file("bad.csv", "file,kind,subject\na.png,bona_fide,s\nb.png,print,s\n");
  const auto json = (d.path / "v.json").string();
  r = run_bin("dataset validate " + bad.string() + " --no-decode --json " + json);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("bad.csv:3: error: b.png: no such file"), std::string::npos) << r.output;
  const auto j = nlohmann::json::parse(std::ifstream(json));
  EXPECT_EQ(j["errors"], 1);
  EXPECT_EQ(j["problems"][0]["line"], 3);
  const auto malformed = d.file("m.csv", "file,kind\na.png,print\n");
  r = run_bin("dataset validate " + malformed.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("m.csv:1: missing required column 'subject'"), std::string::npos) << r.output;
  EXPECT_EQ(run_bin("dataset validate " + (d.path / "none.csv").string()).exit_code, 2);
}

TEST(DatasetCli, Stats) {
  ScratchDir d;
  const auto csv = d.file("m.csv", "file,kind,subject,split\na.png,bona_fide,s,enrol\nb.mov,print,s,test\n");
  const auto json = (d.path / "s.json").string();
  const auto r = run_bin("dataset stats " + csv.string() + " --json " + json);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("2 item(s), 1 subject(s), 1 bona fide, 1 attack(s)"), std::string::npos) << r.output;
  EXPECT_EQ(nlohmann::json::parse(std::ifstream(json))["per_kind"]["print"], 1);
}

TEST(DatasetCli, ImportWritesAManifestThatValidates) {
  ScratchDir d;
  d.file("casia/train_release/3/1.avi");
  d.file("casia/train_release/3/5.avi");
  const auto out = d.path / "out" / "casia.csv";
  std::filesystem::create_directories(out.parent_path());
  auto r = run_bin("dataset import --layout casia-fasd " + (d.path / "casia").string() + " --out " + out.string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("2 item(s) of casia-fasd"), std::string::npos) << r.output;
  r = run_bin("dataset validate --no-decode " + out.string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  r = run_bin("dataset import --layout siw " + (d.path / "casia").string() + " --out " + out.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("not a siw tree: expected Train/{live,spoof}"), std::string::npos) << r.output;
  r = run_bin("dataset import --layout casia-fasd " + (d.path / "casia").string() + " --out " + out.string() +
              " --option protocol=1");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("takes no option 'protocol'"), std::string::npos) << r.output;
}

}  // namespace
