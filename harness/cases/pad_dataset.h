// 6.1.4: what the presentation-attack case presents: a lab's own data set (a manifest), or the demo
// set generated for the run (synthetic identities and attack species, spoof-datasets/), and which
// of its items go in front of the device, in which order.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "facecert/datasets/manifest.h"
#include "facecert/harness/case_type.h"

namespace facecert::harness::cases {

struct PadDataset {
  datasets::Dataset set;
  std::string origin;                  // "generated demo set, seed 1" or the manifest's path
  std::filesystem::path generated_in;  // non-empty: a temporary folder to remove afterwards
  PadDataset() = default;
  PadDataset(PadDataset&&) = default;
  PadDataset& operator=(PadDataset&&) = default;
  ~PadDataset();
};

// The `dataset` parameter: empty = generate the demo set (params seed, subjects, per_species, frames,
// fps, species) in a temporary folder, shared by the run's cases that ask for the same set and
// removed when the run ends; else a manifest path. Throws datasets::DatasetError.
std::shared_ptr<const PadDataset> obtain_pad_dataset(const CaseContext& ctx, const std::vector<std::string>& species);

struct PadPlan {
  std::map<std::string, const datasets::DatasetItem*> enrolment;  // subject -> the gallery image item
  std::vector<const datasets::DatasetItem*> presentations;        // in presenting order
  std::vector<std::string> missing_species;                       // asked for, absent from the set
};

// Per subject (at most `subjects`, 0 = all, in name order) and kind (bona fide + `species`), at most
// `per_kind` items; interleaved round by round so that a run cut short still covers every kind.
PadPlan plan_presentations(const datasets::Dataset& set, const std::vector<std::string>& species, int subjects,
                           int per_kind);

}  // namespace facecert::harness::cases
