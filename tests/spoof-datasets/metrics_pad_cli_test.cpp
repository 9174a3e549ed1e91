// `facecert metrics pad` through the real binary: the table, JSON and figures; judging only with
// --max-apcer/--max-bpcer; bad input a one-line error and exit 2.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "spoof-datasets/dataset_test_support.h"

using facecert::test::datasets::run_bin;
using facecert::test::datasets::ScratchDir;

namespace {

const char* const kTrials =
    "id,species,decision,score\n"
    "1,bona_fide,accept,0.9\n2,bona_fide,accept,0.8\n3,bona_fide,reject,0.3\n4,bona_fide,,\n"
    "5,print,reject,0.1\n6,print,accept,0.7\n7,print,reject,0.2\n"
    "8,replay,reject,0.1\n9,replay,reject,0.15\n";

TEST(MetricsPadCli, TableJsonAndPlots) {
  ScratchDir d;
  const auto csv = d.file("t.csv", kTrials);
  const auto json = d.path / "p.json", det = d.path / "det.svg", bars = d.path / "bars.svg";
  const auto r = run_bin("metrics pad --csv " + csv.string() + " --json " + json.string() + " --det-plot " +
                         det.string() + " --species-plot " + bars.string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("worst species (APCER_AP): print   33.33% [0.84%, 90.57%]"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(rule of three)"), std::string::npos) << r.output;
  const auto j = nlohmann::json::parse(std::ifstream(json));
  EXPECT_EQ(j["worst_species"], "print");
  EXPECT_EQ(j["bpcer"]["total"], 3);  // the no-response is out
  EXPECT_EQ(j["bona_fide"]["no_response"], 1);
  EXPECT_FALSE(j["det"].empty());
  EXPECT_GT(std::filesystem::file_size(det), 1000u);
  EXPECT_GT(std::filesystem::file_size(bars), 1000u);
}

TEST(MetricsPadCli, LimitsJudge) {
  ScratchDir d;
  const std::string base = "metrics pad --csv " + d.file("t.csv", kTrials).string();
  EXPECT_EQ(run_bin(base + " --max-apcer 0.5 --max-bpcer 0.5").exit_code, 0);
  auto r = run_bin(base + " --max-apcer 0.1");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("APCER_AP 0.3333 exceeds the limit 0.1"), std::string::npos) << r.output;
  r = run_bin(base + " --max-bpcer 0.2");
  EXPECT_EQ(r.exit_code, 1) << r.output;
}

TEST(MetricsPadCli, BadInputIsExitTwo) {
  ScratchDir d;
  auto r = run_bin("metrics pad --csv " + d.file("b.csv", "species,decision\nprint,maybe\n").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("b.csv:2: decision 'maybe'"), std::string::npos) << r.output;
  r = run_bin("metrics pad --csv " + d.file("h.csv", "species,decision\n").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("h.csv: no trial rows"), std::string::npos) << r.output;
  EXPECT_EQ(run_bin("metrics pad --csv " + (d.path / "none.csv").string()).exit_code, 2);
  EXPECT_EQ(run_bin("metrics pad").exit_code, 2);
}

}  // namespace
