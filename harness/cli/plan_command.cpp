// facecert plan validate|show|types: check plans without touching a device.
#include <fstream>
#include <map>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "facecert/harness/case_type.h"
#include "facecert/harness/cli_command.h"
#include "facecert/harness/plan.h"

namespace facecert::cli {
namespace {

int validate(const std::vector<std::string>& files) {
  int rc = kOk;
  for (const auto& f : files) {
    try {
      const harness::Plan p = harness::load_plan(f);
      fmt::print("{}: ok: plan {} {}, {} clauses, {} cases\n", f, p.id, p.version, p.clauses.size(),
                 p.cases.size());
    } catch (const harness::PlanError& e) {
      for (const auto& i : e.issues()) fmt::print(stderr, "{}\n", i.text());
      rc = kBadInput;
    }
  }
  return rc;
}

int show(const std::string& file, const std::string& lang, const std::string& json_out) {
  harness::Plan p;
  try {
    p = harness::load_plan(file);
  } catch (const harness::PlanError& e) {
    for (const auto& i : e.issues()) fmt::print(stderr, "{}\n", i.text());
    return kBadInput;
  }
  fmt::print("{} {} — {}\n{} {}\n\n", p.id, p.version, p.title.get(lang), p.regulation,
             p.regulation_title.get(lang));
  nlohmann::json cases = nlohmann::json::array();
  std::map<std::string, int> per_type;
  for (const auto& c : p.cases) {
    fmt::print("{:<16} {:<22} {:<32} {}\n", c.id, c.clause, c.type, c.title.get(lang));
    per_type[c.type]++;
    cases.push_back({{"id", c.id}, {"clause", c.clause}, {"type", c.type},
                     {"title", c.title.get(lang)}, {"params", c.params},
                     {"applies_to", c.applies_to}, {"timeout_s", c.timeout.count()}});
  }
  fmt::print("\n{} clauses, {} cases:", p.clauses.size(), p.cases.size());
  for (const auto& [t, n] : per_type) fmt::print(" {} {}", n, t);
  fmt::print("\n");
  if (!json_out.empty()) {
    std::ofstream out(json_out);
    out << nlohmann::json{{"id", p.id}, {"version", p.version}, {"regulation", p.regulation},
                          {"sha256", p.sha256}, {"cases", cases}}
               .dump(2)
        << "\n";
    if (!out) {
      fmt::print(stderr, "{}: cannot write\n", json_out);
      return kBadInput;
    }
  }
  return kOk;
}

int types() {
  for (const auto* t : harness::CaseTypeRegistry::instance().all()) {
    fmt::print("{}\n    {}\n", t->name, t->summary);
    std::vector<std::string> caps;
    for (auto c : t->requires_caps) caps.emplace_back(drivers::to_string(c));
    if (!caps.empty()) fmt::print("    needs driver capabilities: {}\n", fmt::join(caps, ", "));
    if (t->needs_capture) fmt::print("    needs the network capture\n");
    for (const auto& p : t->params)
      fmt::print("    param {}{} (default '{}'): {}\n", p.name, p.required ? " (required)" : "",
                 p.default_value, p.help);
  }
  return kOk;
}

}  // namespace

const CommandRegistration kPlan{"plan", 20, [](CLI::App& app, int& exit_code) {
  CLI::App* plan = app.add_subcommand("plan", "validate and show test plans");
  plan->require_subcommand(1);
  auto files = std::make_shared<std::vector<std::string>>();
  CLI::App* v = plan->add_subcommand("validate", "check plans: exit 0 valid, 2 invalid");
  v->add_option("files", *files, "plan XML files")->required();
  v->callback([files, &exit_code] { exit_code = validate(*files); });

  auto file = std::make_shared<std::string>();
  auto lang = std::make_shared<std::string>("zh");
  auto json_out = std::make_shared<std::string>();
  CLI::App* s = plan->add_subcommand("show", "list a plan's cases");
  s->add_option("file", *file, "plan XML file")->required();
  s->add_option("--lang", *lang, "zh or en")->check(CLI::IsMember({"zh", "en"}));
  s->add_option("--json", *json_out, "write the plan as JSON here");
  s->callback([file, lang, json_out, &exit_code] { exit_code = show(*file, *lang, *json_out); });

  CLI::App* t = plan->add_subcommand("types", "list the case types a plan can use");
  t->callback([&exit_code] { exit_code = types(); });
}};

}  // namespace facecert::cli
