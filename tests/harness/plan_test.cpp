#include <gtest/gtest.h>

#include <set>

#include <algorithm>

#include "facecert/harness/plan.h"

namespace fh = facecert::harness;

namespace {
std::string plan_path(const std::string& name) { return std::string(FACECERT_TEST_DATA) + "/plans/" + name; }

std::vector<fh::PlanIssue> issues_of(const std::string& name) {
  try {
    fh::load_plan(plan_path(name));
  } catch (const fh::PlanError& e) {
    return e.issues();
  }
  return {};
}

bool has_issue(const std::vector<fh::PlanIssue>& issues, int line, const std::string& part) {
  return std::any_of(issues.begin(), issues.end(), [&](const fh::PlanIssue& i) {
    return i.where.line == line && i.message.find(part) != std::string::npos;
  });
}
}  // namespace

TEST(Plan, LoadsAValidPlan) {
  const fh::Plan p = fh::load_plan(plan_path("valid.xml"));
  EXPECT_EQ(p.id, "mini");
  EXPECT_EQ(p.version, "0.1");
  EXPECT_EQ(p.regulation, "沪公技防〔2021〕5号");
  ASSERT_EQ(p.clauses.size(), 2u);
  ASSERT_EQ(p.cases.size(), 2u);
  EXPECT_EQ(p.cases[0].applies_to, (std::set<std::string>{"verification", "identification"}));
  EXPECT_EQ(p.cases[0].instructions.get("zh"), "检查告知内容");
  EXPECT_EQ(p.cases[1].timeout.count(), 300);
  EXPECT_EQ(p.cases[1].params.at("reason"), "planned");
  EXPECT_EQ(p.cases[1].where.line, 12);
  EXPECT_EQ(p.clause("6.1.1")->text.get("en"), "explicit consent");
  EXPECT_EQ(p.clause("6.1.1")->text.get("fr"), "明示同意");  // falls back to the first language
  EXPECT_EQ(p.sha256.size(), 64u);
}

TEST(Plan, UnknownCaseTypeNamesFileLineAndKnownTypes) {
  const auto issues = issues_of("unknown_type.xml");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].where.line, 9);
  const std::string text = issues[0].text();
  EXPECT_NE(text.find("unknown_type.xml:9: case 'C-2': unknown case type 'no-such-type'"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("manual"), std::string::npos) << "hint lists known types: " << text;
}

TEST(Plan, MissingAttributeIsReportedWithLine) {
  const auto issues = issues_of("missing_attr.xml");
  ASSERT_FALSE(issues.empty());
  EXPECT_TRUE(has_issue(issues, 5, "missing the attribute 'clause'")) << issues[0].text();
}

TEST(Plan, BrokenXmlGivesFileAndLine) {
  const auto issues = issues_of("broken.xml");
  ASSERT_EQ(issues.size(), 1u);
  const std::string text = issues[0].text();
  EXPECT_NE(text.find("broken.xml:"), std::string::npos) << text;
  EXPECT_NE(text.find("XML error"), std::string::npos) << text;
}

TEST(Plan, CollectsEveryProblemInOnePass) {
  const auto issues = issues_of("bad_params.xml");
  EXPECT_TRUE(has_issue(issues, 6, "unknown product profile 'vending'"));
  EXPECT_TRUE(has_issue(issues, 6, "has no parameter 'grace'"));
  EXPECT_TRUE(has_issue(issues, 10, "bad timeout 'soon'"));
  EXPECT_TRUE(has_issue(issues, 10, "needs parameter 'reason'"));
  EXPECT_TRUE(has_issue(issues, 10, "case id 'C-1' used twice"));
  EXPECT_TRUE(has_issue(issues, 10, "clause '6.1.7', which the plan does not define"));
  EXPECT_TRUE(has_issue(issues, 5, "clause '6.1.9' has no case"));
  EXPECT_EQ(issues.size(), 7u);
}

TEST(Plan, MissingFileIsAPlanError) {
  const auto issues = issues_of("does-not-exist.xml");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_NE(issues[0].text().find("does-not-exist.xml: cannot open"), std::string::npos);
}

TEST(Plan, ShippedShanghaiPlanIsValidAndCoversEveryClause) {
  const fh::Plan p = fh::load_plan(std::string(FACECERT_SOURCE_DIR) + "/test-plans/shanghai-2021.xml");
  for (const char* id : {"5.3.auth.complexity", "5.3.auth.lockout", "5.3.access-control", "5.3.audit",
                         "6.1.1", "6.1.2", "6.1.3", "6.1.4", "6.1.5", "6.2.1", "6.2.2", "6.2.3",
                         "6.2.4", "7.0.encryption", "7.1", "7.2", "7.5"})
    EXPECT_NE(p.clause(id), nullptr) << id;
  // The capture analyses see the whole run only when they are the last cases.
  ASSERT_GE(p.cases.size(), 3u);
  const std::set<std::string> last = {p.cases[p.cases.size() - 3].type, p.cases[p.cases.size() - 2].type,
                                      p.cases.back().type};
  EXPECT_EQ(last, (std::set<std::string>{"transport.face-data-encrypted", "network.dedicated-network",
                                         "network.no-internet-link"}));
}
