// The files a carve covers: top-level inputs as given (a problem with one is an error), directories
// walked recursively in name order (a problem with an entry is a warning: a copied data directory
// has sockets, FIFOs and dangling links, and the rest of it is still evidence).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace facecert::probes::carve {

struct CarveTarget {
  std::filesystem::path path;
  bool in_directory = false;
  std::uint64_t size = 0;  // as listed (for progress)
};

// Throws CarveInputError naming an input that does not exist or is neither a file nor a directory.
std::vector<CarveTarget> list_carve_targets(const std::vector<std::filesystem::path>& inputs,
                                            std::vector<std::string>& warnings);

}  // namespace facecert::probes::carve
