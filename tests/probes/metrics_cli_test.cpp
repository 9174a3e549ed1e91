// `facecert metrics unlinkability`: computes from score files, writes JSON and plots, judges only
// with --max-dsys, and gives bad input a one-line error and exit 2.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "probes/cli_run_support.h"
#include "probes/frame_builder_support.h"

namespace facecert::test {
namespace {

struct Scores {
  TempDir dir;
  std::string file(const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
};

// The hand-worked case of template_metrics_test.cpp: D_sys 0.375 with 4 bins.
TEST(MetricsCli, ComputesWritesJsonAndPlots) {
  Scores s;
  const auto m = s.file("m.txt", "0.5\n0.75\n0.9\n1.0\n"), n = s.file("n.txt", "# non-mated\n0.0\n0.1\n0.3\n0.6\n");
  const auto json = (s.dir / "u.json").string(), svg = (s.dir / "u.svg").string(), png = (s.dir / "u.png").string();
  const auto r = run_facecert("metrics unlinkability --mated " + m + " --nonmated " + n + " --bins 4 --json " + json +
                              " --plot " + svg + " --plot " + png);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("D_sys = 0.375000"), std::string::npos) << r.output;
  const auto j = nlohmann::json::parse(std::ifstream(json));
  EXPECT_DOUBLE_EQ(j["d_sys"].get<double>(), 0.375);
  EXPECT_EQ(j["local_d"].size(), 4u);
  EXPECT_TRUE(std::filesystem::file_size(svg) > 1000);
  EXPECT_TRUE(std::filesystem::file_size(png) > 1000);
}

TEST(MetricsCli, MaxDsysJudges) {
  Scores s;
  const auto m = s.file("m.txt", "0.5\n0.75\n0.9\n1.0\n"), n = s.file("n.txt", "0.0\n0.1\n0.3\n0.6\n");
  const std::string base = "metrics unlinkability --mated " + m + " --nonmated " + n + " --bins 4 --max-dsys ";
  EXPECT_EQ(run_facecert(base + "0.5").exit_code, 0);
  const auto over = run_facecert(base + "0.3");
  EXPECT_EQ(over.exit_code, 1) << over.output;
  EXPECT_NE(over.output.find("exceeds"), std::string::npos);
}

TEST(MetricsCli, BadInputIsExitTwoWithOneLine) {
  Scores s;
  const auto ok = s.file("ok.txt", "0.1\n0.2\n");
  const auto bad = s.file("bad.txt", "0.1\nzero\n");
  auto r = run_facecert("metrics unlinkability --mated " + bad + " --nonmated " + ok + " --bins 4");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("bad.txt:2: 'zero' is not a number"), std::string::npos) << r.output;
  r = run_facecert("metrics unlinkability --mated " + s.file("nan.txt", "nan\n") + " --nonmated " + ok);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("nan.txt:1: score is NaN"), std::string::npos) << r.output;
  const auto same = s.file("same.txt", "0.5\n0.5\n");
  r = run_facecert("metrics unlinkability --mated " + same + " --nonmated " + same + " --bins 4");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("no range to bin"), std::string::npos) << r.output;
  r = run_facecert("metrics unlinkability --mated " + s.file("empty.txt", "") + " --nonmated " + ok);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("empty.txt: empty file"), std::string::npos) << r.output;
  EXPECT_EQ(run_facecert("metrics unlinkability --mated " + ok).exit_code, 2);
  EXPECT_EQ(run_facecert("metrics unlinkability --mated " + ok + " --nonmated " + ok + " --bins 0").exit_code, 2);
}

TEST(MetricsCli, TrialAndKeyFiles) {
  Scores s;
  const auto sc = s.file("scores", "a x 1.0\na y 0.0\nb y 0.9\nb x 0.1\n");
  const auto key = s.file("key", "a x target\na y nontarget\nb y target\nb x nontarget\n");
  const auto r = run_facecert("metrics unlinkability --scores " + sc + " --key " + key + " --bins 2");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("2 mated, 2 non-mated"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace facecert::test
