// `facecert dataset validate|stats|import`: spoof data set manifests (6.1.4). validate checks
// that every item is there and decodes; stats counts; import writes the manifest of a public
// set's folder tree (loaders in spoof-datasets/src/loaders/). docs/spoof-datasets.md.
#include "dataset_command.h"

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/datasets/dataset_check.h"
#include "facecert/datasets/loaders.h"
#include "facecert/datasets/manifest.h"
#include "facecert/harness/cli_command.h"

namespace facecert::cli {

CLI::App& dataset_app(CLI::App& root) {
  for (auto* sub : root.get_subcommands([](CLI::App* a) { return a->get_name() == "dataset"; })) return *sub;
  auto* app = root.add_subcommand("dataset", "Spoof data sets for presentation attack tests (6.1.4): manifests, "
                                             "checks, public set layouts");
  app->require_subcommand(1);
  return *app;
}

namespace {

namespace ds = facecert::datasets;

struct Args {
  std::string manifest, json_out, layout, root, out;
  bool no_decode = false;
  std::vector<std::string> options;
};

void write_json(const std::string& out, const nlohmann::json& j) {
  if (out.empty()) return;
  std::ofstream f(out);
  f << j.dump(2) << '\n';
  if (!f) throw ds::DatasetError(fmt::format("{}: cannot write the JSON", out));
}

int run_validate(const Args& a) {
  const auto dataset = ds::read_manifest(a.manifest);
  const auto problems = ds::validate(dataset, {!a.no_decode});
  std::size_t errors = 0;
  for (const auto& p : problems) {
    errors += p.is_error();
    const std::string where = p.line ? fmt::format("{}:{}: ", a.manifest, p.line) : fmt::format("{}: ", a.manifest);
    fmt::print("{}{}: {}{}\n", where, p.is_error() ? "error" : "warning", p.file.empty() ? "" : p.file + ": ", p.message);
  }
  fmt::print("{} item(s): {} error(s), {} warning(s){}\n", dataset.items.size(), errors, problems.size() - errors,
             a.no_decode ? " (media not decoded)" : "");
  auto j = ds::to_json(problems);
  j["manifest"] = a.manifest;
  j["items"] = dataset.items.size();
  j["decoded"] = !a.no_decode;
  write_json(a.json_out, j);
  return errors ? kFound : kOk;
}

std::string counts(const std::map<std::string, std::size_t>& m) {
  std::string s;
  for (const auto& [k, n] : m) s += fmt::format("{}{} {}", s.empty() ? "" : ", ", k, n);
  return s.empty() ? "-" : s;
}

int run_stats(const Args& a) {
  const auto dataset = ds::read_manifest(a.manifest);
  const auto s = ds::stats(dataset);
  fmt::print("{}: {} item(s), {} subject(s), {} bona fide, {} attack(s)\n", a.manifest, s.items, s.subjects,
             s.bona_fide, s.attacks);
  fmt::print("  kinds:  {}\n  splits: {}\n  media:  {}\n", counts(s.per_kind), counts(s.per_split), counts(s.per_media));
  auto j = ds::to_json(s);
  j["manifest"] = a.manifest;
  write_json(a.json_out, j);
  return kOk;
}

int run_import(const Args& a) {
  ds::LoaderOptions options;
  for (const auto& o : a.options) {
    const auto eq = o.find('=');
    if (eq == std::string::npos || eq == 0) throw ds::DatasetError(fmt::format("--option '{}': expected KEY=VALUE", o));
    options[o.substr(0, eq)] = o.substr(eq + 1);
  }
  const auto imported = ds::import_layout(a.layout, a.root, options);
  const auto out_dir = std::filesystem::absolute(a.out).parent_path();
  const auto dataset = ds::rebased(imported.dataset, out_dir);
  ds::write_manifest(a.out, dataset);
  for (const auto& w : imported.warnings) fmt::print(stderr, "warning: {}\n", w);
  const auto s = ds::stats(dataset);
  fmt::print("{}: {} item(s) of {} ({} subject(s); {})\n", a.out, s.items, a.layout, s.subjects, counts(s.per_kind));
  auto j = ds::to_json(s);
  j["manifest"] = a.out;
  j["layout"] = a.layout;
  j["root"] = a.root;
  j["warnings"] = imported.warnings;
  write_json(a.json_out, j);
  return kOk;
}

int guarded(const char* name, int (*run)(const Args&), const Args& a) {
  try {
    return run(a);
  } catch (const ds::DatasetError& e) {
    fmt::print(stderr, "facecert dataset {}: {}\n", name, e.what());
    return kBadInput;
  }
}

std::string layouts_help() {
  std::string s = "Layouts:\n";
  for (const auto& [name, loader] : ds::loader_table()) {
    s += fmt::format("  {:<14}{}\n  {:<14}expects {}\n", name, loader.description, "", loader.expected);
    for (const auto& o : loader.options) s += fmt::format("  {:<14}--option {}\n", "", o);
  }
  return s + "Exit: 0 written; 2 bad usage, unknown layout, or ROOT not in that layout (the message says what was expected).";
}

const CommandRegistration kRegistration{
    "dataset", 70, [](CLI::App& app, int& exit_code) {
      auto& dataset = dataset_app(app);
      auto args = std::make_shared<Args>();

      auto* validate = dataset.add_subcommand("validate", "Check a manifest: media present and decodable, no duplicate "
                                                          "rows, bona fide items for the attacked subjects");
      validate->add_option("MANIFEST", args->manifest, "manifest CSV")->required();
      validate->add_flag("--no-decode", args->no_decode, "only check that files exist (do not decode them)");
      validate->add_option("--json", args->json_out, "write the problems as JSON");
      validate->footer("Exit: 0 no error (warnings allowed); 1 errors found; 2 unreadable or malformed manifest.");
      validate->callback([args, &exit_code] { exit_code = guarded("validate", run_validate, *args); });

      auto* stats = dataset.add_subcommand("stats", "Count items per kind, subject, split and media type");
      stats->add_option("MANIFEST", args->manifest, "manifest CSV")->required();
      stats->add_option("--json", args->json_out, "write the counts as JSON");
      stats->footer("Exit: 0 counted; 2 unreadable or malformed manifest.");
      stats->callback([args, &exit_code] { exit_code = guarded("stats", run_stats, *args); });

      auto* import = dataset.add_subcommand("import", "Write the manifest of a public spoof data set's folder tree");
      import->add_option("--layout", args->layout, "the set's layout (see below)")->required();
      import->add_option("ROOT", args->root, "the set's top folder")->required();
      import->add_option("--out", args->out, "manifest CSV to write (paths relative to its folder)")->required();
      import->add_option("--option", args->options, "layout option KEY=VALUE (may repeat)");
      import->add_option("--json", args->json_out, "write the counts and warnings as JSON");
      import->footer(layouts_help());
      import->callback([args, &exit_code] { exit_code = guarded("import", run_import, *args); });
    }};

}  // namespace
}  // namespace facecert::cli
