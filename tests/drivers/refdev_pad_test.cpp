// The reference device's presentation attack detection (pad.h, 6.1.4) on a generated demo set
// (generator.h): it must catch every attack species most of the time and seldom flag a live face.
// The rates are printed: they are the device's real, imperfect performance.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "facecert/datasets/clip.h"
#include "facecert/datasets/generator.h"
#include "pad.h"

namespace fs = std::filesystem;
using facecert::refdev::PadFrame;
using facecert::refdev::PresentationAttackDetector;

namespace {

struct Tally {
  int total = 0, flagged = 0;
};

std::map<std::string, Tally> judge_set(const facecert::datasets::Dataset& set, const PresentationAttackDetector& pad, bool verbose) {
  std::map<std::string, Tally> tally;
  double seconds = 0;
  int clips = 0;
  for (const auto& item : set.items) {
    if (item.split == "enrol") continue;
    const auto clip = facecert::datasets::load_clip(facecert::datasets::resolve(set, item));
    std::vector<PadFrame> frames;
    for (std::size_t i = 0; i < clip.frames.size(); ++i) frames.push_back({clip.frames[i], static_cast<double>(i) / clip.fps});
    const auto start = std::chrono::steady_clock::now();
    const auto verdict = pad.judge(frames);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ++clips;
    auto& t = tally[item.kind];
    ++t.total;
    if (verdict.attack) ++t.flagged;
    if (verbose) {
      std::string cues;
      for (const auto& [k, v] : verdict.cues) cues += fmt::format(" {}={:.2f}", k, v);
      std::printf("%-32s %-10s %s score %.2f%s\n", item.file.c_str(), item.kind.c_str(), verdict.attack ? "ATTACK" : "bona  ",
                  verdict.attack_score, cues.c_str());
    }
  }
  for (const auto& [kind, t] : tally)
    std::printf("%-12s %s %d/%d = %.3f\n", kind.c_str(), kind == "bona_fide" ? "BPCER (flagged)" : "detected (1-APCER)", t.flagged, t.total,
                static_cast<double>(t.flagged) / t.total);
  std::printf("judge(): %.1f ms per clip on average\n", 1000 * seconds / std::max(1, clips));
  return tally;
}

fs::path temp_dir(const std::string& name) {
  return fs::temp_directory_path() / fmt::format("facecert-pad-{}-{}", name, std::random_device{}());
}

}  // namespace

TEST(RefdevPad, CatchesEverySpeciesAndSeldomFlagsLiveFaces) {
  facecert::datasets::GeneratorOptions o;
  o.out_dir = temp_dir("small");
  o.seed = 11;
  o.subjects = 3;
  o.per_species = 3;
  const auto set = facecert::datasets::generate_demo_set(o);
  const PresentationAttackDetector pad;
  const auto tally = judge_set(set, pad, std::getenv("FACECERT_PAD_VERBOSE") != nullptr);
  ASSERT_EQ(tally.size(), 5u);
  for (const auto& [kind, t] : tally) {
    if (kind == "bona_fide")
      EXPECT_LE(t.flagged, t.total * 15 / 100) << "live faces flagged as attacks";
    else
      EXPECT_GE(t.flagged * 10, t.total * 7) << kind << " detected too seldom";
  }
  fs::remove_all(o.out_dir);
}

TEST(RefdevPad, StillsAreJudgedOnTheirPixels) {
  facecert::datasets::GeneratorOptions o;
  o.out_dir = temp_dir("stills");
  o.subjects = 3;
  o.per_species = 1;
  o.species = {"print", "replay"};
  const auto set = facecert::datasets::generate_demo_set(o);
  const PresentationAttackDetector pad;
  int live_flagged = 0, live = 0;
  for (const auto& item : set.items) {
    if (item.split != "enrol") continue;
    const auto clip = facecert::datasets::load_clip(facecert::datasets::resolve(set, item));
    const PadFrame frame{clip.frames[0], 0};
    const auto verdict = pad.judge(std::span<const PadFrame>(&frame, 1));
    ++live;
    if (verdict.attack) ++live_flagged;
    EXPECT_EQ(verdict.cues.count("planar_residual_px"), 0u) << "a still has no motion to judge";
  }
  EXPECT_EQ(live_flagged, 0) << "enrolment stills flagged as attacks";
  fs::remove_all(o.out_dir);
}

TEST(RefdevPad, NoFramesOrNoFaceDoesNotCrash) {
  const PresentationAttackDetector pad;
  EXPECT_FALSE(pad.judge({}).attack);
  std::vector<PadFrame> grey(4, PadFrame{cv::Mat(480, 640, CV_8UC3, cv::Scalar(128, 128, 128)), 0});
  const auto verdict = pad.judge(grey);
  EXPECT_EQ(verdict.cues.at("face_found"), 0);
  EXPECT_FALSE(verdict.attack);
}

// The figures for the report: the default demo set (5 subjects x 4 per kind, seed 1), verbose.
// Run with --gtest_also_run_disabled_tests --gtest_filter='*FullDemoSet*'.
TEST(RefdevPad, DISABLED_FullDemoSetFigures) {
  facecert::datasets::GeneratorOptions o;
  o.out_dir = temp_dir("full");
  const auto start = std::chrono::steady_clock::now();
  const auto set = facecert::datasets::generate_demo_set(o);
  std::printf("generated %zu items in %.1f s\n", set.items.size(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  const PresentationAttackDetector pad;
  judge_set(set, pad, true);
  fs::remove_all(o.out_dir);
}
