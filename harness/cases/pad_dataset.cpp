#include "pad_dataset.h"

#include <algorithm>
#include <random>
#include <set>

#include <fmt/format.h>

#include "facecert/datasets/generator.h"
#include "facecert/harness/run_state.h"

namespace facecert::harness::cases {
namespace fs = std::filesystem;

PadDataset::~PadDataset() {
  if (generated_in.empty()) return;
  std::error_code ec;  // best effort: a temporary folder of synthetic media
  fs::remove_all(generated_in, ec);
}

std::shared_ptr<const PadDataset> obtain_pad_dataset(const CaseContext& ctx, const std::vector<std::string>& species) {
  const std::string manifest = ctx.param("dataset");
  if (!manifest.empty()) {
    auto out = std::make_shared<PadDataset>();
    out->set = datasets::read_manifest(manifest);
    out->origin = manifest;
    return out;
  }
  datasets::GeneratorOptions g;
  g.seed = static_cast<std::uint32_t>(ctx.param_int("seed"));
  g.subjects = ctx.param_int("subjects");
  g.per_species = ctx.param_int("per_species");
  g.frames = ctx.param_int("frames");
  g.fps = ctx.param_double("fps");
  g.species = species;
  const std::string key = fmt::format("pad-demo-set seed={} subjects={} per_species={} frames={} fps={} species={}",
                                      g.seed, g.subjects, g.per_species, g.frames, g.fps, fmt::join(species, ","));
  return ctx.state.shared<PadDataset>(key, [&]() -> std::shared_ptr<const PadDataset> {
    ctx.progress("generating the demo spoof set");
    auto out = std::make_shared<PadDataset>();
    std::random_device rd;
    g.out_dir = fs::temp_directory_path() / fmt::format("facecert-pad-{:08x}", rd());
    out->generated_in = g.out_dir;
    out->set = datasets::generate_demo_set(g);
    out->origin = fmt::format("demo set generated for this run (seed {}, {} subjects, {} per kind, {} frames at {} fps)",
                              g.seed, g.subjects, g.per_species, g.frames, g.fps);
    return out;
  });
}

PadPlan plan_presentations(const datasets::Dataset& set, const std::vector<std::string>& species, int subjects,
                           int per_kind) {
  PadPlan plan;
  std::set<std::string> present_kinds, names;
  for (const auto& item : set.items) {
    present_kinds.insert(item.kind);
    if (!item.subject.empty()) names.insert(item.subject);
  }
  for (const auto& s : species)
    if (!present_kinds.count(s)) plan.missing_species.push_back(s);
  std::vector<std::string> chosen(names.begin(), names.end());
  if (subjects > 0 && chosen.size() > static_cast<std::size_t>(subjects)) chosen.resize(static_cast<std::size_t>(subjects));

  std::vector<std::string> kinds{datasets::kBonaFide};
  kinds.insert(kinds.end(), species.begin(), species.end());
  // subject -> kind -> items, in manifest order
  std::map<std::string, std::map<std::string, std::vector<const datasets::DatasetItem*>>> pool;
  for (const auto& item : set.items) {
    if (std::find(chosen.begin(), chosen.end(), item.subject) == chosen.end()) continue;
    if (item.split == "enrol" && item.is_bona_fide()) {
      plan.enrolment.emplace(item.subject, &item);
      continue;
    }
    pool[item.subject][item.kind].push_back(&item);
  }
  // A subject without an enrolment item is enrolled with its first bona fide sample (not presented).
  for (const auto& subject : chosen) {
    auto& bona = pool[subject][datasets::kBonaFide];
    if (!plan.enrolment.count(subject) && !bona.empty()) {
      plan.enrolment.emplace(subject, bona.front());
      bona.erase(bona.begin());
    }
  }
  for (int round = 0; round < per_kind; ++round)
    for (const auto& subject : chosen) {
      if (!plan.enrolment.count(subject)) continue;  // nobody to imitate
      for (const auto& kind : kinds) {
        const auto& items = pool[subject][kind];
        if (static_cast<std::size_t>(round) < items.size()) plan.presentations.push_back(items[static_cast<std::size_t>(round)]);
      }
    }
  return plan;
}

}  // namespace facecert::harness::cases
