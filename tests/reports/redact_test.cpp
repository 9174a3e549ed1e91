#include <gtest/gtest.h>

#include "facecert/reports/redact.h"
#include "reports/sample_run.h"

namespace facecert::reports {
namespace {

using namespace facecert::reports::testing;

TEST(Redact, MasksResidentIdKeepingFirstAndLastFour) {
  EXPECT_EQ(redact_text(std::string("身份证号") + kIdNumber + "。"),
            std::string("身份证号") + kIdMasked + "。");
  EXPECT_EQ(redact_text(std::string("id=") + kIdNumberX), std::string("id=") + kIdMaskedX);
  EXPECT_EQ(redact_text("31010419880808106x"), "3101**********106x");
}

TEST(Redact, MasksMobileKeepingFirstThreeAndLastFour) {
  EXPECT_EQ(redact_text(std::string("tel:") + kMobile + ", again " + kMobile),
            std::string("tel:") + kMobileMasked + ", again " + kMobileMasked);
}

TEST(Redact, LeavesOtherNumbersAlone) {
  const std::string keep[] = {"12345678901",           // 11 digits but 12x: not a mobile prefix
                              "138123456789",          // 12 digits
                              "3101011990010112345",   // 19 digits
                              "1714567890123",         // millisecond timestamp
                              "port 8443, 600 s, 0.25", ""};
  for (const auto& s : keep) EXPECT_EQ(redact_text(s), s) << s;
}

TEST(Redact, WalksJsonStringsKeysAndIntegersButKeepsHashes) {
  const nlohmann::json in = {
      {"list", {std::string("a ") + kIdNumber, 3}},
      {kMobile, "key"},
      {"phone_number", 13812345678LL},
      {"sha256", "13812345678"},
      {"nested", {{"deep", kMobile}}},
  };
  const auto out = redact_json(in);
  EXPECT_EQ(out["list"][0], std::string("a ") + kIdMasked);
  EXPECT_EQ(out["list"][1], 3);
  EXPECT_TRUE(out.contains(kMobileMasked));
  EXPECT_EQ(out["phone_number"], kMobileMasked);
  EXPECT_EQ(out["sha256"], "13812345678");
  EXPECT_EQ(out["nested"]["deep"], kMobileMasked);
}

TEST(Redact, RunCopyMasksEveryTextAndLeavesOriginal) {
  const auto run = sample_run();
  const auto r = redact_run(run);
  EXPECT_EQ(r.device_info["serial"], kMobileMasked);
  EXPECT_EQ(r.cases[1].measurements["sample"], std::string("身份证 ") + kIdMaskedX);
  EXPECT_EQ(r.cases[1].measurements["nested"]["phones"][0], kMobileMasked);
  EXPECT_NE(r.cases[1].reason.find(kIdMasked), std::string::npos);
  EXPECT_EQ(r.cases[1].reason.find(kIdNumber), std::string::npos);
  EXPECT_EQ(r.cases[1].evidence[0].sha256, run.cases[1].evidence[0].sha256);
  EXPECT_NE(run.cases[1].reason.find(kIdNumber), std::string::npos);  // input untouched
}

}  // namespace
}  // namespace facecert::reports
