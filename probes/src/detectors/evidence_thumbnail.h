// The pixelated thumbnail kept as evidence of an image found in clear (traffic analyser, storage
// carver): the harness obeys the rules it checks, so a face it found is kept only as coarse blocks.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

namespace facecert::probes::detectors {

// Writes `dir`/image-<first 16 hex of sha256>.png (96 px side, 8 px blocks) unless it is already
// there; returns the file name, "" when the bytes do not decode or the file cannot be written.
std::string write_pixelated_thumbnail(const std::filesystem::path& dir, const std::string& sha256,
                                      std::span<const std::uint8_t> bytes);

}  // namespace facecert::probes::detectors
