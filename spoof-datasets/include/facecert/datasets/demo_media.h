// The demo media shipped in spoof-datasets/demo/ (real photographs, see demo/PROVENANCE.md) and
// deterministic variations of them, so that every image the harness presents is distinct bytes
// (6.1.2 looks for exactly these bytes on the device) while showing the same person.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace facecert::datasets {

// $FACECERT_DEMO_DIR, else the source tree's spoof-datasets/demo.
std::filesystem::path demo_dir();

// Loads demo/<name> (e.g. "astronaut.jpg"); throws std::runtime_error naming the file.
cv::Mat load_demo_image(const std::string& name);

// A natural variation of `image`, deterministic by seed: small shift and scale, brightness and
// contrast change, mild sensor noise. Keeps the face recognisable.
cv::Mat vary(const cv::Mat& image, std::uint32_t seed);

// JPEG bytes at the given quality; throws when encoding fails.
std::vector<std::uint8_t> encode_jpeg(const cv::Mat& image, int quality = 90);

}  // namespace facecert::datasets
