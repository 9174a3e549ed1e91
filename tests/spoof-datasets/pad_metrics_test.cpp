// ISO/IEC 30107-3 metrics: Clopper-Pearson against known values, the rule of three, APCER per
// species and the worst one, non-responses out of the error denominators, IAPMR, the DET and
// BPCER at fixed APCER, the trial table reader and the figures.
#include <gtest/gtest.h>

#include "facecert/datasets/manifest.h"
#include "facecert/datasets/pad_metrics.h"
#include "spoof-datasets/dataset_test_support.h"

namespace fd = facecert::datasets;
using facecert::test::datasets::ScratchDir;
using D = fd::PadTrial::Decision;

namespace {

fd::PadTrial trial(const std::string& species, D d, std::optional<double> score = {}, std::optional<bool> matched = {}) {
  fd::PadTrial t;
  t.species = species;
  t.decision = d;
  t.score = score;
  t.matched = matched;
  return t;
}

TEST(PadMetrics, ClopperPearsonKnownValues) {
  const auto r3 = fd::make_rate(3, 30);
  EXPECT_EQ(r3.method, "clopper-pearson");
  EXPECT_NEAR(r3.value, 0.1, 1e-12);
  EXPECT_NEAR(r3.lower, 0.0211, 1e-4);
  EXPECT_NEAR(r3.upper, 0.2653, 1e-4);
  const auto r1 = fd::make_rate(1, 3);
  EXPECT_NEAR(r1.lower, 0.0084, 1e-4);
  EXPECT_NEAR(r1.upper, 0.9057, 1e-4);
  const auto all = fd::make_rate(10, 10);
  EXPECT_NEAR(all.lower, std::pow(0.025, 0.1), 1e-9);  // (alpha/2)^(1/n)
  EXPECT_EQ(all.upper, 1.0);
  EXPECT_NEAR(fd::incomplete_beta(2, 3, 0.4), 0.5248, 1e-4);
  // Large counts: 50/1000 and the exact 0/n bound 1 - (alpha/2)^(1/n).
  const auto big = fd::make_rate(50, 1000);
  EXPECT_NEAR(big.lower, 0.0373, 1e-4);
  EXPECT_NEAR(big.upper, 0.0654, 1e-4);
  EXPECT_NEAR(*fd::make_rate(0, 3000).clopper_pearson_upper, 1 - std::pow(0.025, 1.0 / 3000), 1e-9);
  EXPECT_NEAR(fd::inverse_incomplete_beta(2, 3, fd::incomplete_beta(2, 3, 0.37)), 0.37, 1e-9);
}

TEST(PadMetrics, NoErrorGivesRuleOfThreeAndTheExactBound) {
  const auto r = fd::make_rate(0, 30);
  EXPECT_EQ(r.method, "rule-of-three");
  EXPECT_EQ(r.lower, 0.0);
  EXPECT_NEAR(r.upper, 0.1, 1e-12);
  ASSERT_TRUE(r.clopper_pearson_upper);
  EXPECT_NEAR(*r.clopper_pearson_upper, 0.1157, 1e-4);
  const auto none = fd::make_rate(0, 0);
  EXPECT_EQ(none.method, "none");
  EXPECT_EQ(none.upper, 1.0);
}

TEST(PadMetrics, SpeciesWorstBpcerAndNonResponses) {
  std::vector<fd::PadTrial> t;
  for (int i = 0; i < 10; ++i) t.push_back(trial("print", i < 2 ? D::Accept : D::Reject, {}, i < 1));
  t.push_back(trial("print", D::NoResponse));
  for (int i = 0; i < 5; ++i) t.push_back(trial("replay", i < 1 ? D::Accept : D::Reject));
  for (int i = 0; i < 20; ++i) t.push_back(trial(fd::kBonaFide, i < 3 ? D::Reject : D::Accept));
  t.push_back(trial(fd::kBonaFide, D::NoResponse));
  t.push_back(trial(fd::kBonaFide, D::NoResponse));
  const auto r = fd::compute_pad_metrics(t);
  ASSERT_EQ(r.species.size(), 2u);
  EXPECT_EQ(r.species[0].species, "print");
  EXPECT_EQ(r.species[0].presented, 11u);
  EXPECT_EQ(r.species[0].apcer.count, 2u);
  EXPECT_EQ(r.species[0].apcer.total, 10u);  // the no-response is out of the denominator
  EXPECT_NEAR(r.species[0].apnrr.value, 1.0 / 11, 1e-12);
  ASSERT_TRUE(r.species[0].iapmr);
  EXPECT_EQ(r.species[0].iapmr->count, 1u);
  EXPECT_EQ(r.species[0].iapmr->total, 10u);
  EXPECT_FALSE(r.species[1].iapmr);
  EXPECT_EQ(r.worst_species, "print");  // 0.2 each; print has more presentations
  EXPECT_NEAR(r.apcer_ap.value, 0.2, 1e-12);
  EXPECT_EQ(r.bpcer.count, 3u);
  EXPECT_EQ(r.bpcer.total, 20u);
  EXPECT_EQ(r.bpnrr.count, 2u);
  EXPECT_EQ(r.bpnrr.total, 22u);
  EXPECT_TRUE(r.det.empty()) << "no scores, no DET";
  const auto j = fd::to_json(r);
  EXPECT_EQ(j["worst_species"], "print");
  EXPECT_EQ(j["species"][0]["apcer"]["count"], 2);
  EXPECT_TRUE(j["bpcer_at_apcer_5"].is_null());
}

TEST(PadMetrics, DetAndBpcerAtFixedApcer) {
  std::vector<fd::PadTrial> t;
  // 100 print attacks scoring 0.00..0.99; bona fide 100 scoring 0.50..1.49.
  for (int i = 0; i < 100; ++i) t.push_back(trial("print", D::Reject, i / 100.0));
  for (int i = 0; i < 100; ++i) t.push_back(trial(fd::kBonaFide, D::Accept, 0.5 + i / 100.0));
  const auto r = fd::compute_pad_metrics(t);
  ASSERT_FALSE(r.det.empty());
  EXPECT_EQ(r.det.front().apcer, 1.0);
  EXPECT_EQ(r.det.back().apcer, 0.0);
  EXPECT_EQ(r.det.back().bpcer, 1.0);
  // APCER <= 5% from threshold 0.95 on: bona fide below 0.95 are 0.50..0.94 = 45.
  ASSERT_TRUE(r.bpcer_at_apcer_5);
  EXPECT_NEAR(*r.bpcer_at_apcer_5, 0.45, 1e-12);
  ASSERT_TRUE(r.bpcer_at_apcer_1);
  EXPECT_NEAR(*r.bpcer_at_apcer_1, 0.49, 1e-12);
  const auto j = fd::to_json(r);
  EXPECT_LE(j["det"].size(), 200u);
  EXPECT_EQ(j["det_points_total"], r.det.size());
  const auto svg = fd::det_curve_svg(r, "DET <A&B>");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("DET &lt;A&amp;B&gt;"), std::string::npos);
  EXPECT_NE(svg.find("<polyline"), std::string::npos);
  const auto bars = fd::species_bars_svg(r, "bars");
  EXPECT_NE(bars.find(">print</text>"), std::string::npos);
}

TEST(PadMetrics, ReadsTrialTable) {
  ScratchDir d;
  const auto csv = d.file("t.csv", "id,species,extra,decision,score,matched\n"
                                   "1,bona_fide,x,accept,0.9,\n2,print,y,REJECT,,no\n3,\"paper_mask\",z,,,yes\n");
  const auto t = fd::read_pad_csv(csv);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0].decision, D::Accept);
  EXPECT_EQ(*t[0].score, 0.9);
  EXPECT_FALSE(t[0].matched);
  EXPECT_EQ(t[1].decision, D::Reject);
  EXPECT_FALSE(t[1].score);
  EXPECT_EQ(*t[1].matched, false);
  EXPECT_EQ(t[2].species, "paper_mask");
  EXPECT_EQ(t[2].decision, D::NoResponse);
  EXPECT_EQ(t[2].id, "3");
}

TEST(PadMetrics, BadTrialTableNamesFileAndLine) {
  ScratchDir d;
  auto error_of = [&](const std::string& name, const std::string& text) -> std::string {
    try {
      fd::read_pad_csv(d.file(name, text));
    } catch (const fd::DatasetError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(error_of("a.csv", "species,decision\nprint,maybe\n").find("a.csv:2: decision 'maybe'"), std::string::npos);
  EXPECT_NE(error_of("b.csv", "species,decision,score\nprint,accept,0.1\nprint,accept,high\n")
                .find("b.csv:3: score 'high' is not a finite number"),
            std::string::npos);
  EXPECT_NE(error_of("c.csv", "species,score\nprint,1\n").find("c.csv:1: missing column 'decision'"), std::string::npos);
  EXPECT_NE(error_of("e.csv", "species,decision,score\nprint,accept,nan\n").find("e.csv:2: score"), std::string::npos);
  EXPECT_NE(error_of("m.csv", "species,decision,matched\nprint,accept,perhaps\n").find("m.csv:2: matched"),
            std::string::npos);
}

}  // namespace
