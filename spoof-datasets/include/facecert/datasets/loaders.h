// Loaders of public spoof data set layouts (docs/spoof-datasets.md, "Loaders"): each reads a set's
// folder tree as it is distributed and gives the manifest of it, mapping the set's attack types to
// PAI species. Each loader is one file under src/loaders/ and registers itself by name.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "facecert/datasets/manifest.h"

namespace facecert::datasets {

using LoaderOptions = std::map<std::string, std::string>;  // `--option key=value` of `dataset import`

struct Imported {
  Dataset dataset;                    // root = the set's folder; files relative to it
  std::vector<std::string> warnings;  // things skipped or guessed, one line each
};

struct Loader {
  std::string name;         // e.g. "replay-attack"
  std::string description;  // one line for --help
  std::string expected;     // the layout in a few words, for the "not that layout" error
  std::vector<std::string> options;  // accepted option keys with a short help, e.g. "protocol=N: ..."
  std::function<bool(const std::filesystem::path& root)> detect;
  std::function<Imported(const std::filesystem::path& root, const LoaderOptions& options)> load;
};

std::map<std::string, Loader>& loader_table();
const Loader* find_loader(const std::string& name);  // nullptr when unknown

struct LoaderRegistration {
  explicit LoaderRegistration(Loader loader);
};

// Checks the name, the root (detect) and the option keys, then loads. Throws DatasetError:
// "unknown layout 'x' (known: ...)", "ROOT: not a NAME tree: expected ...", "ROOT: no NAME item
// found: expected ...", "layout 'x' takes no option 'k' ...".
Imported import_layout(const std::string& name, const std::filesystem::path& root, const LoaderOptions& options = {});

// The same items with file paths relative to `new_root` (absolute when no relative path exists),
// e.g. to write the manifest beside another folder than the set's. `new_root` should exist (a
// path through it with ".." resolves only then).
Dataset rebased(const Dataset& dataset, const std::filesystem::path& new_root);

// Files directly in `folder` (sorted by name) whose extension is one of `extensions` (lower case,
// with the dot); none when the folder is missing. For the loaders.
std::vector<std::filesystem::path> files_in(const std::filesystem::path& folder, const std::vector<std::string>& extensions);

}  // namespace facecert::datasets
