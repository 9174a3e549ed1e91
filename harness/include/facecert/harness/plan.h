// The test-plan model: a plan lists the regulation's clauses (their text, so a new regulation needs
// no code) and the cases that test them. Plans are XML (docs/plan-format.md); load_plan() reads and
// validates one, and every problem names file:line with a hint.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace facecert::harness {

// Text in several languages; get() falls back to the first language present.
struct LocalText {
  std::vector<std::pair<std::string, std::string>> items;  // (lang, text) in document order
  std::string get(const std::string& lang) const;
  bool empty() const { return items.empty(); }
};

struct SourceLocation {
  std::string file;
  int line = 0;
};

struct Clause {
  std::string id;
  LocalText title;
  LocalText text;
  SourceLocation where;
};

// The product profiles a case applies to (clauses 1-4: verification 1:1, identification 1:N,
// analysis; remote = GB/T 38671 client/server systems).
inline const std::set<std::string>& known_product_profiles() {
  static const std::set<std::string> kinds{"verification", "identification", "analysis", "remote"};
  return kinds;
}

struct PlanCase {
  std::string id;
  std::string clause;
  std::string type;
  LocalText title;
  LocalText method;        // how the case tests the clause
  LocalText instructions;  // for manual cases: what the inspector does
  std::map<std::string, std::string> params;  // as written; defaults applied by the case type
  std::set<std::string> applies_to;           // empty: every profile
  std::chrono::seconds timeout{120};
  SourceLocation where;
};

struct Plan {
  std::string id, version;
  LocalText title;
  std::string regulation;  // e.g. 沪公技防〔2021〕5号
  LocalText regulation_title;
  std::vector<Clause> clauses;
  std::vector<PlanCase> cases;
  std::filesystem::path file;
  std::string sha256;

  const Clause* clause(const std::string& id) const;
};

struct PlanIssue {
  SourceLocation where;
  std::string message;
  std::string hint;
  std::string text() const;  // "file:line: message (hint: ...)"
};

class PlanError : public std::runtime_error {
 public:
  explicit PlanError(std::vector<PlanIssue> issues);
  const std::vector<PlanIssue>& issues() const { return issues_; }

 private:
  std::vector<PlanIssue> issues_;
};

// Reads and validates; throws PlanError listing every problem found (unreadable file, broken XML,
// missing attribute, unknown case type or parameter, duplicate id, case naming an unknown clause).
Plan load_plan(const std::filesystem::path& file);

}  // namespace facecert::harness
