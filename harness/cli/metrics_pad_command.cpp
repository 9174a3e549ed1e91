// `facecert metrics pad --csv FILE [--json OUT] [--det-plot OUT.svg] [--species-plot OUT.svg]
// [--max-apcer X] [--max-bpcer Y]`: ISO/IEC 30107-3 metrics from a lab's PAD trial table (6.1.4).
// Added to the `metrics` subcommand that metrics_command.cpp creates (registered before this one).
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/datasets/manifest.h"
#include "facecert/datasets/pad_metrics.h"
#include "facecert/harness/cli_command.h"

namespace facecert::cli {
namespace {

namespace ds = facecert::datasets;

struct PadArgs {
  std::string csv, json_out, det_plot, species_plot, title = "Presentation attack detection";
  std::optional<double> max_apcer, max_bpcer;
};

constexpr const char* kPadHelp =
    "CSV with a header row: species (bona_fide or a PAI species), decision (accept|reject|empty = no response), "
    "optional score (higher = more bona fide), id, matched (yes|no: the attack matched the imitated person, "
    "for IAPMR). Other columns are ignored.\n"
    "Exit: 0 computed (and within --max-apcer/--max-bpcer when given); 1 APCER_AP or BPCER over a given limit; "
    "2 bad usage or input.";

void write_text(const std::string& out, const std::string& text) {
  std::ofstream f(out);
  f << text;
  if (!f) throw ds::DatasetError(fmt::format("{}: cannot write", out));
}

std::string rate_text(const ds::Rate& r) {
  if (r.total == 0) return "n/a (no trial)";
  return fmt::format("{:6.2f}% [{:.2f}%, {:.2f}%]{}", 100 * r.value, 100 * r.lower, 100 * r.upper,
                     r.method == "rule-of-three" ? " (rule of three)" : "");
}

int run_pad(const PadArgs& a) {
  try {
    const auto trials = ds::read_pad_csv(a.csv);
    if (trials.empty()) throw ds::DatasetError(fmt::format("{}: no trial rows", a.csv));
    const auto r = ds::compute_pad_metrics(trials);
    fmt::print("{:<20} {:>9} {:>9} {:>9}  {}\n", "species", "presented", "accepted", "no resp.", "APCER [95% CI]");
    for (const auto& s : r.species)
      fmt::print("{:<20} {:>9} {:>9} {:>9}  {}\n", s.species, s.presented, s.accepted, s.no_response,
                 rate_text(s.apcer));
    if (!r.worst_species.empty())
      fmt::print("worst species (APCER_AP): {}  {}\n", r.worst_species, rate_text(r.apcer_ap));
    else
      fmt::print("worst species (APCER_AP): n/a (no responded attack)\n");
    fmt::print("BPCER: {}  ({} bona fide, {} rejected, {} no response)\n", rate_text(r.bpcer), r.bona_fide_presented,
               r.bona_fide_rejected, r.bona_fide_no_response);
    if (r.bpcer_at_apcer_5)
      fmt::print("BPCER at APCER 5%: {:.2f}%   at APCER 1%: {}\n", 100 * *r.bpcer_at_apcer_5,
                 r.bpcer_at_apcer_1 ? fmt::format("{:.2f}%", 100 * *r.bpcer_at_apcer_1) : "n/a");
    bool over = false;
    if (a.max_apcer) {
      const bool o = r.apcer_ap.total > 0 && r.apcer_ap.value > *a.max_apcer;
      fmt::print("6.1.4 APCER_AP {:.4f} {} the limit {}\n", r.apcer_ap.value, o ? "exceeds" : "is within", *a.max_apcer);
      over = over || o;
    }
    if (a.max_bpcer) {
      const bool o = r.bpcer.total > 0 && r.bpcer.value > *a.max_bpcer;
      fmt::print("6.1.4 BPCER {:.4f} {} the limit {}\n", r.bpcer.value, o ? "exceeds" : "is within", *a.max_bpcer);
      over = over || o;
    }
    const int exit_code = over ? kFound : kOk;
    if (!a.json_out.empty()) {
      auto j = ds::to_json(r);
      j["csv"] = a.csv;
      j["trials"] = trials.size();
      if (a.max_apcer) j["max_apcer"] = *a.max_apcer;
      if (a.max_bpcer) j["max_bpcer"] = *a.max_bpcer;
      j["exit_code"] = exit_code;
      write_text(a.json_out, j.dump(2) + "\n");
    }
    if (!a.det_plot.empty()) write_text(a.det_plot, ds::det_curve_svg(r, a.title + ": DET"));
    if (!a.species_plot.empty()) write_text(a.species_plot, ds::species_bars_svg(r, a.title + ": APCER per species"));
    return exit_code;
  } catch (const ds::DatasetError& e) {
    fmt::print(stderr, "facecert metrics pad: {}\n", e.what());
    return kBadInput;
  }
}

CLI::App& metrics_app(CLI::App& root) {
  for (auto* sub : root.get_subcommands([](CLI::App* a) { return a->get_name() == "metrics"; })) return *sub;
  auto* app = root.add_subcommand("metrics", "Measures on score and trial files");
  app->require_subcommand(1);
  return *app;
}

// Order 65: after `metrics` (64), so that the subcommand is there to add to.
const CommandRegistration kRegistration{
    "metrics-pad", 65, [](CLI::App& app, int& exit_code) {
      auto args = std::make_shared<PadArgs>();
      auto* cmd = metrics_app(app).add_subcommand(
          "pad", "ISO/IEC 30107-3 PAD metrics (6.1.4): APCER per species, APCER_AP, BPCER, APNRR, BPNRR, IAPMR, DET");
      cmd->footer(kPadHelp);
      cmd->add_option("--csv", args->csv, "trial table CSV")->required();
      cmd->add_option("--json", args->json_out, "write the result as JSON");
      cmd->add_option("--det-plot", args->det_plot, "write the DET curve as SVG");
      cmd->add_option("--species-plot", args->species_plot, "write APCER per species as SVG");
      cmd->add_option("--title", args->title, "figure title")->capture_default_str();
      cmd->add_option("--max-apcer", args->max_apcer, "judge: exit 1 when APCER_AP is above this (0-1)");
      cmd->add_option("--max-bpcer", args->max_bpcer, "judge: exit 1 when BPCER is above this (0-1)");
      cmd->callback([args, &exit_code] { exit_code = run_pad(*args); });
    }};

}  // namespace
}  // namespace facecert::cli
