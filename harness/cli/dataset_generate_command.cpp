// `facecert dataset generate --out DIR [--seed N] [--subjects K] [--per-species M] [--frames F]
// [--fps R] [--species LIST] [--json OUT]`: the deterministic demo spoof set (synthetic identities
// from the sample photographs, bona fide clips and the four attack species; docs/demo-generator.md).
#include <chrono>
#include <fstream>
#include <map>
#include <memory>
#include <utility>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dataset_command.h"
#include "facecert/datasets/generator.h"
#include "facecert/harness/cli_command.h"

namespace facecert::cli {
namespace {

namespace ds = facecert::datasets;

struct GenerateArgs {
  ds::GeneratorOptions options;
  std::string out, json_out;
  std::vector<std::string> species;
};

int run_generate(GenerateArgs& a) {
  a.options.out_dir = a.out;
  if (!a.species.empty()) a.options.species = a.species;
  const auto t0 = std::chrono::steady_clock::now();
  ds::Dataset set;
  try {
    set = ds::generate_demo_set(a.options);
  } catch (const ds::DatasetError& e) {
    fmt::print(stderr, "facecert dataset generate: {}\n", e.what());
    return kBadInput;
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "facecert dataset generate: {}\n", e.what());
    return kBadInput;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::map<std::string, int> per_kind;
  for (const auto& item : set.items) ++per_kind[item.kind];
  fmt::print("generated {} items in {:.1f} s (seed {}): ", set.items.size(), seconds, a.options.seed);
  bool first = true;
  for (const auto& [kind, n] : per_kind) fmt::print("{}{} {}", std::exchange(first, false) ? "" : ", ", n, kind);
  fmt::print("\nmanifest: {}\n", (a.options.out_dir / "manifest.csv").string());
  if (!a.json_out.empty()) {
    std::ofstream f(a.json_out);
    f << nlohmann::json{{"manifest", (a.options.out_dir / "manifest.csv").string()},
                        {"seed", a.options.seed},
                        {"items", set.items.size()},
                        {"per_kind", per_kind},
                        {"seconds", seconds}}
             .dump(2)
      << '\n';
    if (!f) {
      fmt::print(stderr, "facecert dataset generate: {}: cannot write the JSON\n", a.json_out);
      return kBadInput;
    }
  }
  return kOk;
}

const CommandRegistration kRegistration{
    "dataset-generate", 71, [](CLI::App& app, int& exit_code) {
      auto args = std::make_shared<GenerateArgs>();
      auto* cmd = dataset_app(app).add_subcommand(
          "generate", "Make the demo spoof set: synthetic identities, bona fide clips, print / paper mask / replay / "
                      "animation attacks (deterministic by seed)");
      cmd->add_option("--out", args->out, "folder to write (manifest.csv and the media)")->required();
      cmd->add_option("--seed", args->options.seed, "seed (same seed, same files)")->capture_default_str();
      cmd->add_option("--subjects", args->options.subjects, "synthetic identities")->capture_default_str();
      cmd->add_option("--per-species", args->options.per_species, "presentations per kind and subject (bona fide too)")
          ->capture_default_str();
      cmd->add_option("--frames", args->options.frames, "frames per clip")->capture_default_str();
      cmd->add_option("--fps", args->options.fps, "clip rate")->capture_default_str();
      cmd->add_option("--species", args->species, "attack species to make (default: all the generator knows)");
      cmd->add_option("--json", args->json_out, "write what was made as JSON");
      cmd->footer("Exit: 0 written; 2 bad options or an unwritable folder.");
      cmd->callback([args, &exit_code] { exit_code = run_generate(*args); });
    }};

}  // namespace
}  // namespace facecert::cli
