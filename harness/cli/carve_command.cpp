// `facecert carve IMAGE|DIR... [--json OUT] [--evidence DIR] [--no-faces] [--thorough-faces]
// [--known DIR_OR_FILE...]`: scan a device's storage dump, copied data directory or tar of it for
// images still there (6.1.2: the face image must be deleted after identification; 6.1.5/6.2.4:
// face data deleted at the end of the use period). One line per image, a summary, the clause line.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "facecert/harness/cli_command.h"
#include "facecert/probes/storage_carver.h"

namespace facecert::cli {
namespace {

struct CarveArgs {
  std::vector<std::string> inputs, known;
  std::string json_out, evidence;
  bool no_faces = false, thorough = false, quiet = false;
};

constexpr const char* kExitHelp =
    "Exit: 0 nothing that may be a face image was found; 1 an image with a face, a known sample (exact or "
    "near-duplicate), or with --no-faces any image (faces not ruled out) is on the storage; images without "
    "a face are listed but do not by themselves give 1; 2 bad usage or an input that cannot be read.";

std::string thousands(std::uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

std::string faces_text(const probes::CarvedItem& i, bool checked) {
  if (!checked) return "faces not checked";
  if (!i.decoded) return "does not decode";
  return i.faces == 1 ? "1 face" : fmt::format("{} faces", i.faces);
}

// Whether this item is evidence that a face image may remain (the exit-1 rule in kExitHelp).
bool counts(const probes::CarvedItem& i, bool faces_checked) {
  return i.known || i.faces > 0 || !faces_checked;
}

void print_item(const probes::CarvedItem& i, bool faces_checked) {
  std::string line = fmt::format("  {} @ {} (0x{:x})  {} {}x{}{}  {} bytes  {}  {}", i.source, i.offset, i.offset,
                                 i.format, i.width, i.height, i.partial ? " PARTIAL" : "", thousands(i.length),
                                 i.container, faces_text(i, faces_checked));
  if (i.known)
    line += i.known->exact ? fmt::format("  KNOWN {} (same bytes)", i.known->path)
                           : fmt::format("  KNOWN {} (near-duplicate, distance {})", i.known->path, i.known->distance);
  if (!i.evidence.empty()) line += "  evidence " + i.evidence;
  fmt::print("{}\n", line);
}

void print_clause(const probes::CarveReport& r) {
  const auto& t = r.totals;
  if (!r.known.empty()) {
    std::size_t found = 0;
    for (bool f : r.known_found) found += f ? 1 : 0;
    fmt::print("6.1.2: {} of {} presented image(s) are still on the storage{}\n", found, r.known.size(),
               found ? ": they were not deleted (fail)" : "");
    for (std::size_t k = 0; k < r.known.size(); ++k)
      if (r.known_found[k]) fmt::print("  still there: {}\n", r.known[k].path.string());
  }
  if (t.images == 0) fmt::print("6.1.2: no image remains on the scanned storage\n");
  else if (!r.faces_checked) fmt::print("6.1.2: {} image(s) remain on the storage; faces not checked (--no-faces)\n", t.images);
  else if (t.with_faces > 0)
    fmt::print("6.1.2: {} image(s) with a face remain on the storage: face images were not deleted\n", t.with_faces);
  else fmt::print("6.1.2: {} image(s) remain on the storage, none with a detectable face\n", t.images);
}

int run_carve(const CarveArgs& args) {
  probes::CarveOptions o;
  o.faces = !args.no_faces;
  o.thorough_faces = args.thorough;
  o.evidence_dir = args.evidence;
  std::vector<std::filesystem::path> inputs(args.inputs.begin(), args.inputs.end());
  const bool show_progress = !args.quiet && ::isatty(STDERR_FILENO);
  if (show_progress)
    o.progress = [](const probes::CarveProgress& p) {
      fmt::print(stderr, "\r{:.0f} / {:.0f} MB  {} images   ", static_cast<double>(p.bytes_done) / 1e6,
                 static_cast<double>(p.bytes_total) / 1e6, p.images);
    };
  probes::CarveReport report;
  try {
    for (const auto& k : args.known) {
      auto samples = probes::known_samples_from(k);
      o.known.insert(o.known.end(), samples.begin(), samples.end());
    }
    report = probes::carve_storage(inputs, o);
  } catch (const std::exception& e) {  // CarveInputError, or a read error naming file and offset
    if (show_progress) fmt::print(stderr, "\n");
    fmt::print(stderr, "facecert carve: {}\n", e.what());
    return kBadInput;
  }
  if (show_progress) fmt::print(stderr, "\n");
  const auto& t = report.totals;
  fmt::print("facecert carve: {} file(s), {} bytes scanned in {:.2f} s ({:.0f} MB/s)\n", report.sources.size(),
             thousands(t.bytes_scanned), t.seconds, t.seconds > 0 ? static_cast<double>(t.bytes_scanned) / 1e6 / t.seconds : 0.0);
  bool found = false;
  for (const auto& i : report.items) {
    print_item(i, report.faces_checked);
    found = found || counts(i, report.faces_checked);
  }
  for (const auto& w : report.warnings) fmt::print("warning: {}\n", w);
  fmt::print("summary: {} image(s) ({} partial), {} with a face{}, {} matching a known sample\n", t.images, t.partial,
             t.with_faces, report.faces_checked ? "" : " (not checked)", t.known_found);
  print_clause(report);
  if (!args.json_out.empty()) {
    std::ofstream out(args.json_out);
    auto j = probes::to_json(report);
    j["exit_code"] = found ? kFound : kOk;
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    if (!out) {
      fmt::print(stderr, "facecert carve: {}: cannot write the JSON report\n", args.json_out);
      return kBadInput;
    }
  }
  return found ? kFound : kOk;
}

const CommandRegistration kRegistration{
    "carve", 63, [](CLI::App& app, int& exit_code) {
      auto args = std::make_shared<CarveArgs>();
      auto* cmd = app.add_subcommand(
          "carve", "Carve a storage dump, data directory or tar for images still there: faces, known samples (6.1.2)");
      cmd->footer(kExitHelp);
      cmd->add_option("inputs", args->inputs, "dump files (disk, partition, flash), directories, tars, SQLite files")
          ->required();
      cmd->add_option("--json", args->json_out, "write the report as JSON to this file");
      cmd->add_option("--evidence", args->evidence, "write a pixelated thumbnail of each image to this folder");
      cmd->add_flag("--no-faces", args->no_faces, "locate and validate images only (fast triage)");
      cmd->add_flag("--thorough-faces", args->thorough, "search small faces in scenes too (slower)");
      cmd->add_option("--known", args->known, "images the harness presented (files or folders): report which remain");
      cmd->add_flag("--quiet", args->quiet, "no progress line");
      cmd->callback([args, &exit_code] { exit_code = run_carve(*args); });
    }};

}  // namespace
}  // namespace facecert::cli
