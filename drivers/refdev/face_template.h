// The face feature template the reference device exports for an enrolled person (driver
// capability export_template): the LBPH histogram of the normalised face (8x8 cells x 256 bins),
// reduced to 512 numbers by a random projection seeded per device and L2-normalised. What a
// terminal's "feature sync" sends to a server; 7.0 judges how it travels.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace facecert::refdev {

inline constexpr int kTemplateDims = 512;
inline constexpr const char* kTemplateAlgorithm = "lbph-rp512";

// `face` is a normalised face (FaceEngine::normalised_face, or the stored template image).
// The same face and seed give the same vector.
std::vector<float> face_template(const cv::Mat& face, std::uint64_t seed);

// The projection seed of a device: derived from its serial, so two devices make different
// templates from the same face.
std::uint64_t template_seed(const std::string& serial);

}  // namespace facecert::refdev
