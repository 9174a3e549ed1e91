// `facecert metrics unlinkability --mated F --nonmated F [--bins N] [--omega W] [--json OUT]
// [--plot OUT.svg|png]...`: the unlinkability measure of Gomez-Barrero et al. (IEEE TIFS 2018) on
// score files (6.1.3: features of one image in different applications must not be linkable).
// It computes; it judges only when given --max-dsys.
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/harness/cli_command.h"
#include "facecert/probes/template_metrics.h"

namespace facecert::cli {
namespace {

struct UnlinkabilityArgs {
  std::string mated, nonmated, scores, key, labelled, format = "auto", json_out, title = "Unlinkability analysis";
  std::vector<std::string> plots;
  int bins = 0;
  double omega = 1.0;
  std::optional<double> max_dsys;
};

constexpr const char* kExitHelp =
    "Score files: text, numbers separated by white space (one a line is usual; blank lines and # comments "
    "allowed), or raw little-endian float64 as the reference script reads them (numpy.fromfile); or trials "
    "as the reference's speech adaptations give them (--scores 'ENROL TEST SCORE' + --key 'ENROL TEST "
    "target|nontarget'), or --labelled 'SCORE 1|0' lines.\n"
    "Exit: 0 computed (and with --max-dsys, D_sys <= X); 1 only with --max-dsys: D_sys > X; 2 bad usage or "
    "input (missing, empty or non-numeric file, NaN/inf, all scores equal).";

probes::LabelledScores load(const UnlinkabilityArgs& a) {
  const int given = int(!a.mated.empty() || !a.nonmated.empty()) + int(!a.scores.empty() || !a.key.empty()) +
                    int(!a.labelled.empty());
  if (given != 1) throw probes::ProbeError("give --mated and --nonmated, or --scores and --key, or --labelled");
  if (!a.labelled.empty()) return probes::read_labelled_scores(a.labelled);
  if (!a.scores.empty() || !a.key.empty()) {
    if (a.scores.empty() || a.key.empty()) throw probes::ProbeError("--scores and --key go together");
    return probes::read_scored_trials(a.scores, a.key);
  }
  if (a.mated.empty() || a.nonmated.empty()) throw probes::ProbeError("--mated and --nonmated go together");
  const auto format = a.format == "text"      ? probes::ScoreFileFormat::text
                      : a.format == "float64" ? probes::ScoreFileFormat::float64
                                              : probes::ScoreFileFormat::automatic;
  return {probes::read_score_file(a.mated, format), probes::read_score_file(a.nonmated, format)};
}

void write_json(const std::string& out, const probes::UnlinkabilityResult& r, int exit_code) {
  std::ofstream f(out);
  auto j = probes::to_json(r);
  j["exit_code"] = exit_code;
  f << j.dump(2) << '\n';
  if (!f) throw probes::ProbeError(fmt::format("{}: cannot write the JSON", out));
}

int run_unlinkability(const UnlinkabilityArgs& a) {
  try {
    const auto scores = load(a);
    const auto r = probes::compute_unlinkability(scores.mated, scores.nonmated, {a.omega, a.bins});
    const bool over = a.max_dsys && r.d_sys > *a.max_dsys;
    const int exit_code = over ? kFound : kOk;
    fmt::print("D_sys = {:.6f}  (omega {}, {} bins, {} mated, {} non-mated scores)\n", r.d_sys, r.omega, r.bins,
               r.mated_count, r.nonmated_count);
    if (a.max_dsys)
      fmt::print("6.1.3 unlinkability: D_sys {:.4f} {} the limit {}\n", r.d_sys, over ? "exceeds" : "is within",
                 *a.max_dsys);
    if (!a.json_out.empty()) write_json(a.json_out, r, exit_code);
    for (const auto& p : a.plots) probes::write_unlinkability_plot(p, r, {a.title});
    return exit_code;
  } catch (const probes::ProbeError& e) {
    fmt::print(stderr, "facecert metrics unlinkability: {}\n", e.what());
    return kBadInput;
  }
}

const CommandRegistration kRegistration{
    "metrics", 64, [](CLI::App& app, int& exit_code) {
      auto* metrics = app.add_subcommand("metrics", "Template-protection measures on score files (6.1.3)");
      metrics->require_subcommand(1);
      auto args = std::make_shared<UnlinkabilityArgs>();
      auto* cmd = metrics->add_subcommand(
          "unlinkability", "Unlinkability D<->(s) and D_sys (Gomez-Barrero et al., IEEE TIFS 2018) from mated and "
                           "non-mated linkage scores");
      cmd->footer(kExitHelp);
      cmd->add_option("--mated", args->mated, "mated scores (same subject, different applications/keys)");
      cmd->add_option("--nonmated", args->nonmated, "non-mated scores (different subjects)");
      cmd->add_option("--scores", args->scores, "trial scores: ENROL TEST SCORE lines");
      cmd->add_option("--key", args->key, "trial key: ENROL TEST target|nontarget lines");
      cmd->add_option("--labelled", args->labelled, "one file of SCORE LABEL lines, 1 mated, 0 non-mated");
      cmd->add_option("--format", args->format, "--mated/--nonmated file format")
          ->check(CLI::IsMember({"auto", "text", "float64"}))
          ->capture_default_str();
      cmd->add_option("--bins", args->bins, "histogram bins (default: min(mated/10, 100), as the reference)")
          ->check(CLI::PositiveNumber);
      cmd->add_option("--omega", args->omega, "prior ratio P(mated)/P(non-mated)")->capture_default_str();
      cmd->add_option("--json", args->json_out, "write D_sys, the bins, densities and the D(s) curve as JSON");
      cmd->add_option("--plot", args->plots, "write the figure: OUT.svg or OUT.png (may repeat)");
      cmd->add_option("--title", args->title, "figure title")->capture_default_str();
      cmd->add_option("--max-dsys", args->max_dsys, "judge: exit 1 when D_sys is above this limit");
      cmd->callback([args, &exit_code] { exit_code = run_unlinkability(*args); });
    }};

}  // namespace
}  // namespace facecert::cli
