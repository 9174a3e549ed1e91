#include "compliant_verdicts_support.h"

#include <gtest/gtest.h>

namespace facecert::testing {

const std::map<std::string, std::string>& compliant_verdicts() {
  static const std::map<std::string, std::string> table = {
      {"SH-4-01", "manual"},
      {"SH-5.3-01", "not_run"},
      {"SH-5.3-02", "not_run"},
      {"SH-5.3-03", "not_run"},
      {"SH-5.3-04", "not_run"},
      {"SH-6.1.1-01", "manual"},
      {"SH-6.1.2-01", "pass"},
      {"SH-6.1.2-02", "manual"},
      {"SH-6.1.2-03", "pass"},
      {"SH-6.1.3-01", "pass"},
      {"SH-6.1.3-02", "pass"},
      {"SH-6.1.3-03", "pass"},
      {"SH-6.1.4-01", "pass"},
      {"SH-6.1.4-02", "pass"},
      {"SH-6.1.5-01", "pass"},
      {"SH-6.1.5-02", "pass"},
      {"SH-6.2.1-01", "not_applicable"},
      {"SH-6.2.2-01", "not_applicable"},
      {"SH-6.2.2-02", "not_applicable"},  // a view-library receiver for analysis products
      {"SH-6.2.3-01", "not_applicable"},
      {"SH-6.2.4-01", "not_applicable"},
      {"SH-6.2.4-02", "not_applicable"},
      {"SH-7.2-01", "manual"},
      {"SH-7.3-7.4-01", "not_applicable"},
      {"SH-7.5-01", "not_run"},
      {"SH-7.0-01", "pass"},
      {"SH-7.1-01", "inconclusive"},  // loopback frames carry no VLAN tag
      {"SH-7.2-02", "pass"},
  };
  return table;
}

void expect_compliant_verdicts(const nlohmann::json& result) {
  const auto& table = compliant_verdicts();
  std::size_t seen = 0;
  for (const auto& c : result.at("cases")) {
    const std::string id = c.at("id");
    const auto it = table.find(id);
    if (it == table.end()) {
      ADD_FAILURE() << "case " << id << " is not in the verdict table (tests/e2e/compliant_verdicts_support.cpp)";
      continue;
    }
    ++seen;
    EXPECT_EQ(c.at("verdict"), it->second) << id << ": " << c.at("reason");
  }
  EXPECT_EQ(seen, table.size()) << "cases of the table missing from the result";
}

}  // namespace facecert::testing
