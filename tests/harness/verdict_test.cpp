#include <gtest/gtest.h>

#include "facecert/harness/runner.h"
#include "facecert/harness/verdict.h"

namespace fh = facecert::harness;

TEST(Verdict, WordsRoundTrip) {
  for (auto v : {fh::Verdict::Pass, fh::Verdict::Fail, fh::Verdict::Inconclusive,
                 fh::Verdict::NotApplicable, fh::Verdict::Manual, fh::Verdict::NotRun})
    EXPECT_EQ(fh::verdict_from_string(fh::to_string(v)), v);
  EXPECT_EQ(fh::to_string(fh::Verdict::NotApplicable), "not_applicable");
  EXPECT_EQ(fh::to_chinese(fh::Verdict::Pass), "符合");
  EXPECT_EQ(fh::to_chinese(fh::Verdict::Fail), "不符合");
  EXPECT_EQ(fh::to_chinese(fh::Verdict::NotApplicable), "不适用");
  EXPECT_FALSE(fh::verdict_from_string("passed").has_value());
}

TEST(Verdict, ExitCodes) {
  fh::RunRecord r;
  EXPECT_EQ(fh::exit_code_for(r), 0);
  r.cases.push_back({});
  r.cases.back().verdict = fh::Verdict::Manual;
  EXPECT_EQ(fh::exit_code_for(r), 0);
  r.cases.push_back({});
  r.cases.back().verdict = fh::Verdict::Inconclusive;
  EXPECT_EQ(fh::exit_code_for(r), 3);
  r.cases.push_back({});
  r.cases.back().verdict = fh::Verdict::Fail;
  EXPECT_EQ(fh::exit_code_for(r), 1);
}
