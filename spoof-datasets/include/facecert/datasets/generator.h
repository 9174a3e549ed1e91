// The deterministic demo spoof set (6.1.4): synthetic identities derived from the two real photos
// in spoof-datasets/demo/, their bona fide clips, and presentation attacks that imitate the physics
// of each instrument (halftone print, cut-out paper mask with eye holes, screen replay, animated
// still on a display) with seeded variation of strength. Method: docs/demo-generator.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "facecert/datasets/manifest.h"

namespace facecert::datasets {

// How many synthetic identities the generator can make (S01..S12).
inline constexpr int kMaxIdentities = 12;

struct GeneratorOptions {
  std::filesystem::path out_dir;  // created when missing; manifest.csv and subjects/, media/ inside
  std::uint32_t seed = 1;
  int subjects = 5;               // synthetic identities S01.. (at most kMaxIdentities)
  int per_species = 4;            // presentations per kind per subject (bona fide included)
  int frames = 8;                 // per clip
  double fps = 15;
  cv::Size frame_size{640, 480};
  std::vector<std::string> species{"print", "paper_mask", "replay", "animation"};
};

// Writes the media and out_dir/manifest.csv and returns the data set (root = out_dir). Same options
// -> identical files. Throws DatasetError naming the file on an I/O failure, std::invalid_argument
// on bad options (unknown species, sizes out of range).
Dataset generate_demo_set(const GeneratorOptions& options);

// Synthetic identity `index` (0 .. kMaxIdentities - 1: S01..)'s enrolment still: frontal, even light, plain
// background, as generate_demo_set writes subjects/Snn/enrol.jpg with the same seed and frame size.
cv::Mat identity_still(int index, std::uint32_t seed = 1, cv::Size frame_size = {640, 480});

// The species the generator knows, in its order.
const std::vector<std::string>& generator_species();

}  // namespace facecert::datasets
