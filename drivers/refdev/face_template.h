// The recogniser's face features as templates leave the device:
// - lbph_histogram(): the LBPH histogram of a normalised face (8x8 cells x 256 bins), the
//   recogniser's own setup (face_engine.cpp);
// - face_template(): the unprotected feature vector (flaw raw-templates, and what the device
//   exported before 6.1.3 protection): the histogram reduced to 512 numbers by a random
//   projection seeded per device, L2-normalised;
// - protection_features(): the input of the keyed protection (biohash.h): the histogram
//   square-rooted (Hellinger, so that the few dominant LBP codes do not swamp the rest) and
//   centred per bin over the 64 cells of the same face (the LBP code frequencies every face
//   shares cancel, what is left is where on this face each code occurs), L2-normalised.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace facecert::refdev {

inline constexpr int kTemplateDims = 512;
inline constexpr const char* kTemplateAlgorithm = "lbph-rp512";
inline constexpr int kLbphCells = 64, kLbphBins = 256;

// `face` is a normalised face (FaceEngine::normalised_face, or the stored template image).
std::vector<float> lbph_histogram(const cv::Mat& face);  // kLbphCells * kLbphBins numbers

// The same face and seed give the same vector.
std::vector<float> face_template(const cv::Mat& face, std::uint64_t seed);

std::vector<float> protection_features(const cv::Mat& face);  // kLbphCells * kLbphBins numbers

// The projection seed of a device: derived from its serial, so two devices make different
// templates from the same face.
std::uint64_t template_seed(const std::string& serial);

}  // namespace facecert::refdev
