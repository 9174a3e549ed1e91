#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "facecert/reports/writer.h"
#include "reports/sample_run.h"

namespace facecert::reports {
namespace {

using namespace facecert::reports::testing;

class JunitWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* writer = ReportRegistry::instance().find("junit");
    ASSERT_NE(writer, nullptr);
    EXPECT_EQ(writer->file_name(), "junit.xml");
    path_ = fresh_dir("junit") / writer->file_name();
    writer->write(sample_run(), path_, {});
    const auto parsed = doc_.load_file(path_.c_str());
    ASSERT_TRUE(parsed) << parsed.description();
  }
  std::filesystem::path path_;
  pugi::xml_document doc_;
};

TEST_F(JunitWriterTest, OneSuiteWithCountsPerVerdict) {
  const auto suites = doc_.child("testsuites");
  ASSERT_TRUE(suites);
  EXPECT_EQ(std::distance(suites.children("testsuite").begin(), suites.children("testsuite").end()), 1);
  const auto suite = suites.child("testsuite");
  EXPECT_STREQ(suite.attribute("name").value(), "SH-2021-5");
  EXPECT_EQ(suite.attribute("tests").as_int(), 6);
  EXPECT_EQ(suite.attribute("failures").as_int(), 1);
  EXPECT_EQ(suite.attribute("errors").as_int(), 1);
  EXPECT_EQ(suite.attribute("skipped").as_int(), 3);
  EXPECT_DOUBLE_EQ(suite.attribute("time").as_double(), 7.5);
  EXPECT_EQ(suites.attribute("tests").as_int(), 6);
}

TEST_F(JunitWriterTest, CasesMapToTestcasesExactly) {
  const auto run = sample_run();
  const auto suite = doc_.child("testsuites").child("testsuite");
  std::size_t i = 0;
  int failures = 0, errors = 0, skipped = 0;
  for (const auto tc : suite.children("testcase")) {
    ASSERT_LT(i, run.cases.size());
    const auto& c = run.cases[i++];
    EXPECT_EQ(tc.attribute("classname").value(), c.clause);
    EXPECT_EQ(tc.attribute("name").value(), c.id + " " + c.title);
    EXPECT_DOUBLE_EQ(tc.attribute("time").as_double(), 1.25);
    failures += tc.child("failure") ? 1 : 0;
    errors += tc.child("error") ? 1 : 0;
    skipped += tc.child("skipped") ? 1 : 0;
    EXPECT_TRUE(tc.child("system-out"));
  }
  EXPECT_EQ(i, run.cases.size());
  EXPECT_EQ(failures, 1);
  EXPECT_EQ(errors, 1);
  EXPECT_EQ(skipped, 3);
}

TEST_F(JunitWriterTest, MessagesCarryReasonsEscapedAndMasked) {
  const auto suite = doc_.child("testsuites").child("testsuite");
  const auto fail = suite.find_child_by_attribute("testcase", "classname", "7.0.encryption");
  const std::string message = fail.child("failure").attribute("message").value();
  EXPECT_NE(message.find("<script>alert(1)</script>"), std::string::npos);  // round-trips
  EXPECT_NE(message.find(kIdMasked), std::string::npos);
  EXPECT_NE(message.find(kMobileMasked), std::string::npos);
  const std::string out = fail.child("system-out").text().get();
  EXPECT_NE(out.find("\"cleartext_flows\":2"), std::string::npos);
  EXPECT_NE(out.find("evidence/capture.pcapng"), std::string::npos);
  EXPECT_NE(out.find("evidence/flows.json"), std::string::npos);

  const auto error = suite.find_child_by_attribute("testcase", "classname", "6.1.2");
  EXPECT_STREQ(error.child("error").attribute("message").value(),
               "device unreachable: timeout after 10 s");
  const auto na = suite.find_child_by_attribute("testcase", "classname", "6.2.2");
  EXPECT_EQ(std::string(na.child("skipped").attribute("message").value()).rfind("not_applicable: ", 0), 0u);
  const auto manual = suite.find_child_by_attribute("testcase", "classname", "7.2");
  EXPECT_EQ(std::string(manual.child("skipped").attribute("message").value()).rfind("manual: ", 0), 0u);

  const auto raw = read_text(path_);
  EXPECT_EQ(raw.find("<script>"), std::string::npos);
  EXPECT_EQ(raw.find(kIdNumber), std::string::npos);
}

}  // namespace
}  // namespace facecert::reports
