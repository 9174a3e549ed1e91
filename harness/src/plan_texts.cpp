// Issue 8: the report states each clause's requirement and each case's method in the report's
// language. The run directory keeps a copy of the plan (plan.xml); its texts are read back here
// without validating case types, so an old run's plan still gives its words.
#include <string_view>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "facecert/harness/journal.h"

namespace facecert::harness {
namespace {

std::string trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

LocalText texts(const pugi::xml_node& parent, const char* element) {
  LocalText t;
  for (pugi::xml_node n : parent.children(element))
    t.items.emplace_back(n.attribute("lang").as_string("zh"), trimmed(n.child_value()));
  return t;
}

}  // namespace

void attach_plan_texts(RunRecord& run, const std::filesystem::path& plan_xml) {
  if (!std::filesystem::exists(plan_xml)) return;
  pugi::xml_document doc;
  const pugi::xml_parse_result ok = doc.load_file(plan_xml.c_str());
  const pugi::xml_node root = doc.child("plan");
  if (!ok || !root) {
    run.read_warnings.push_back(fmt::format("{}: the run's plan copy is unreadable ({}); reports use "
                                            "the texts the journal kept", plan_xml.string(),
                                            ok ? "no <plan>" : ok.description()));
    return;
  }
  run.clauses.clear();
  for (pugi::xml_node c : root.children("clause"))
    run.clauses.push_back({c.attribute("id").as_string(), texts(c, "title"), texts(c, "text")});
  for (pugi::xml_node n : root.children("case")) {
    const std::string id = n.attribute("id").as_string();
    for (auto& c : run.cases) {
      if (c.id != id) continue;
      c.title_text = texts(n, "title");
      c.method_text = texts(n, "method");
      for (const auto& cl : run.clauses)
        if (cl.id == c.clause) c.requirement_text = cl.text;
    }
  }
}

}  // namespace facecert::harness
