// Reads a plan XML file into the Plan model and validates it against the case-type registry.
// Collects every problem (not only the first) so a plan author fixes them in one pass.
#include <algorithm>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "facecert/harness/case_type.h"
#include "facecert/probes/hashing.h"
#include "facecert/harness/duration.h"
#include "facecert/harness/plan.h"
#include "facecert/harness/xml_util.h"

namespace facecert::harness {
namespace {

class PlanReader {
 public:
  explicit PlanReader(const XmlFile& xml) : xml_(xml) {}

  Plan read() {
    Plan plan;
    plan.file = xml_.path();
    plan.sha256 = probes::sha256_hex(xml_.bytes());
    pugi::xml_node root = xml_.doc().child("plan");
    if (!root) {
      issue(xml_.doc().first_child(), "the root element must be <plan>",
            "a plan starts <plan id=\"...\" version=\"...\">");
      return plan;
    }
    plan.id = required(root, "id");
    plan.version = required(root, "version");
    plan.title = texts(root, "title");
    if (pugi::xml_node reg = root.child("regulation")) {
      plan.regulation = required(reg, "id");
      plan.regulation_title = texts(reg, "title");
    } else {
      issue(root, "missing <regulation id=\"...\">", "name the regulation the plan tests");
    }
    for (pugi::xml_node c : root.children("clause")) plan.clauses.push_back(read_clause(c));
    for (pugi::xml_node c : root.children("case")) plan.cases.push_back(read_case(c));
    for (pugi::xml_node n : root.children()) {
      const std::string name = n.name();
      if (n.type() == pugi::node_element && name != "title" && name != "regulation" &&
          name != "clause" && name != "case" && name != "description")
        issue(n, fmt::format("unknown element <{}> in <plan>", name),
              "allowed: title, description, regulation, clause, case");
    }
    check_references(plan);
    return plan;
  }

  std::vector<PlanIssue> issues;

 private:
  SourceLocation at(const pugi::xml_node& n) const {
    return {xml_.path().string(), xml_.line_of(n)};
  }
  void issue(const pugi::xml_node& n, std::string message, std::string hint = {}) {
    issues.push_back({at(n), std::move(message), std::move(hint)});
  }

  std::string required(const pugi::xml_node& n, const char* attr) {
    pugi::xml_attribute a = n.attribute(attr);
    if (!a || std::string(a.value()).empty()) {
      issue(n, fmt::format("<{}> is missing the attribute '{}'", n.name(), attr),
            fmt::format("add {}=\"...\"", attr));
      return {};
    }
    return a.value();
  }

  LocalText texts(const pugi::xml_node& parent, const char* element) {
    LocalText t;
    for (pugi::xml_node n : parent.children(element)) {
      std::string lang = n.attribute("lang").as_string("zh");
      t.items.emplace_back(lang, trim(n.child_value()));
    }
    return t;
  }

  static std::string trim(std::string s) {
    // Collapse the indentation of multi-line text into single spaces.
    std::string out;
    bool space = false;
    for (char ch : s) {
      if (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ') {
        space = !out.empty();
      } else {
        if (space) out.push_back(' ');
        space = false;
        out.push_back(ch);
      }
    }
    return out;
  }

  Clause read_clause(const pugi::xml_node& n) {
    Clause c;
    c.where = at(n);
    c.id = required(n, "id");
    c.title = texts(n, "title");
    c.text = texts(n, "text");
    if (c.text.empty())
      issue(n, fmt::format("clause '{}' has no <text>", c.id),
            "quote the requirement, e.g. <text lang=\"zh\">...</text>");
    return c;
  }

  PlanCase read_case(const pugi::xml_node& n) {
    PlanCase pc;
    pc.where = at(n);
    pc.id = required(n, "id");
    pc.clause = required(n, "clause");
    pc.type = required(n, "type");
    pc.title = texts(n, "title");
    pc.method = texts(n, "method");
    pc.instructions = texts(n, "instructions");
    if (pc.title.empty()) issue(n, fmt::format("case '{}' has no <title>", pc.id));
    if (auto a = n.attribute("timeout")) pc.timeout = parse_duration(n, a.value());
    if (auto a = n.attribute("applies-to")) {
      std::istringstream ss(a.value());
      for (std::string kind; ss >> kind;) {
        if (!known_product_profiles().count(kind))
          issue(n, fmt::format("case '{}': unknown product profile '{}' in applies-to", pc.id, kind),
                fmt::format("use {}", fmt::join(known_product_profiles(), ", ")));
        pc.applies_to.insert(kind);
      }
    }
    for (pugi::xml_node p : n.children("param")) {
      const std::string name = required(p, "name");
      if (!p.attribute("value")) {
        issue(p, fmt::format("<param name=\"{}\"> is missing the attribute 'value'", name));
        continue;
      }
      if (!pc.params.emplace(name, p.attribute("value").value()).second)
        issue(p, fmt::format("case '{}': parameter '{}' given twice", pc.id, name));
    }
    check_type(n, pc);
    return pc;
  }

  void check_type(const pugi::xml_node& n, const PlanCase& pc) {
    if (pc.type.empty()) return;
    const CaseTypeInfo* info = CaseTypeRegistry::instance().find(pc.type);
    if (!info) {
      std::vector<std::string> names;
      for (const auto* t : CaseTypeRegistry::instance().all()) names.push_back(t->name);
      issue(n, fmt::format("case '{}': unknown case type '{}'", pc.id, pc.type),
            fmt::format("known types: {} (see `facecert plan types`)", fmt::join(names, ", ")));
      return;
    }
    for (const auto& [name, value] : pc.params) {
      auto it = std::find_if(info->params.begin(), info->params.end(),
                             [&](const ParamSpec& s) { return s.name == name; });
      if (it == info->params.end()) {
        std::vector<std::string> known;
        for (const auto& s : info->params) known.push_back(s.name);
        issue(n, fmt::format("case '{}': type '{}' has no parameter '{}'", pc.id, pc.type, name),
              known.empty() ? std::string("this type takes no parameters")
                            : fmt::format("its parameters: {}", fmt::join(known, ", ")));
      }
    }
    for (const auto& spec : info->params)
      if (spec.required && !pc.params.count(spec.name))
        issue(n, fmt::format("case '{}': type '{}' needs parameter '{}'", pc.id, pc.type, spec.name),
              spec.help);
    if (pc.type == "manual" && pc.instructions.empty())
      issue(n, fmt::format("manual case '{}' has no <instructions>", pc.id),
            "tell the inspector what to check and how");
  }

  std::chrono::seconds parse_duration(const pugi::xml_node& n, const std::string& text) {
    const auto d = harness::parse_duration(text);
    if (!d || *d < std::chrono::seconds(1)) {
      issue(n, fmt::format("bad timeout '{}'", text), "a positive number with s, m or h, e.g. 90s");
      return std::chrono::seconds(120);
    }
    return std::chrono::duration_cast<std::chrono::seconds>(*d);
  }

  void check_references(const Plan& plan) {
    std::set<std::string> clause_ids, case_ids, tested;
    for (const auto& c : plan.clauses)
      if (!c.id.empty() && !clause_ids.insert(c.id).second)
        issues.push_back({c.where, fmt::format("clause '{}' defined twice", c.id), {}});
    for (const auto& pc : plan.cases) {
      if (!pc.id.empty() && !case_ids.insert(pc.id).second)
        issues.push_back({pc.where, fmt::format("case id '{}' used twice", pc.id),
                          "case ids must be unique within a plan"});
      if (!pc.clause.empty() && !clause_ids.count(pc.clause))
        issues.push_back({pc.where,
                          fmt::format("case '{}' names clause '{}', which the plan does not define",
                                      pc.id, pc.clause),
                          "add a <clause id=\"...\"> with its text, or fix the id"});
      tested.insert(pc.clause);
    }
    for (const auto& c : plan.clauses)
      if (!c.id.empty() && !tested.count(c.id))
        issues.push_back({c.where, fmt::format("clause '{}' has no case", c.id),
                          "every clause needs at least one case (manual if not automatable)"});
    if (plan.cases.empty() && issues.empty())
      issues.push_back({{xml_.path().string(), 1}, "the plan has no <case>", {}});
  }

  const XmlFile& xml_;
};

}  // namespace

std::string LocalText::get(const std::string& lang) const {
  for (const auto& [l, t] : items)
    if (l == lang) return t;
  return items.empty() ? std::string() : items.front().second;
}

const Clause* Plan::clause(const std::string& wanted) const {
  for (const auto& c : clauses)
    if (c.id == wanted) return &c;
  return nullptr;
}

std::string PlanIssue::text() const {
  // An issue without a location already carries "file:line:" in its message (I/O, XML syntax).
  std::string s = where.file.empty() ? message
                                     : fmt::format("{}:{}: {}", where.file, where.line, message);
  if (!hint.empty()) s += fmt::format(" (hint: {})", hint);
  return s;
}

PlanError::PlanError(std::vector<PlanIssue> issues)
    : std::runtime_error(issues.empty() ? std::string("invalid plan") : issues.front().text()),
      issues_(std::move(issues)) {}

Plan load_plan(const std::filesystem::path& file) {
  std::optional<XmlFile> xml;
  try {
    xml.emplace(file);
  } catch (const std::exception& e) {
    // "file: cannot open" or "file:line: XML error: ..." : keep the text, split off the location.
    throw PlanError(std::vector<PlanIssue>{PlanIssue{{}, e.what(), {}}});
  }
  PlanReader reader(*xml);
  Plan plan = reader.read();
  if (!reader.issues.empty()) throw PlanError(std::move(reader.issues));
  return plan;
}

}  // namespace facecert::harness
