// Checks of a spoof data set before it is presented (6.1.4): every item's media is there and
// decodes, no row is repeated, and the set can measure what it claims (bona fide presentations of
// the subjects its attacks imitate). And counts of what it holds.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/datasets/manifest.h"

namespace facecert::datasets {

struct ValidateOptions {
  bool decode = true;  // open every media file (first frame only); false: existence and extension only
};

struct DatasetProblem {
  enum class Severity { Error, Warning };
  Severity severity = Severity::Error;
  std::optional<std::size_t> item;  // index into Dataset::items; none for a problem of the whole set
  std::size_t line = 0;             // the item's manifest line (0: unknown or whole set)
  std::string file;                 // the item's file as written in the manifest
  std::string message;
  bool is_error() const { return severity == Severity::Error; }
};

// Errors: missing media file, undecodable media, unknown extension, the same file in two rows.
// Warnings: a species none of whose subjects has a bona fide item; a subject with only attacks;
// no bona fide item at all (then the two before are not repeated per species and subject); no item.
std::vector<DatasetProblem> validate(const Dataset& dataset, const ValidateOptions& options = {});

struct DatasetStats {
  std::size_t items = 0, subjects = 0, bona_fide = 0, attacks = 0;
  std::map<std::string, std::size_t> per_kind, per_subject, per_split, per_media;  // split "" -> "(none)"
};

DatasetStats stats(const Dataset& dataset);

nlohmann::json to_json(const std::vector<DatasetProblem>& problems);
nlohmann::json to_json(const DatasetStats& stats);
const char* media_kind_name(MediaKind kind);  // "image", "video", "unknown"

}  // namespace facecert::datasets
