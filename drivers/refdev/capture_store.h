// Where the device would keep camera frames and ID document images. Compliant devices never use
// it (6.1.2); the keep-images flaw writes every received image here, byte for byte:
// DATA/captures/capture/<time>-<id>.<ext> and DATA/captures/id-document/<time>-<id>.<ext>.
#pragma once

#include <filesystem>
#include <string>

#include "secure_erase.h"

namespace facecert::refdev {

class CaptureStore {
 public:
  explicit CaptureStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
  // category: "capture" or "id-document". Returns the written path.
  std::filesystem::path keep(const std::string& category, const std::string& bytes);
  // Erases kept files last written before `cutoff` (retention); returns how many.
  int erase_older_than(std::filesystem::file_time_type cutoff, EraseMode mode);
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

// File extension for image bytes by magic number ("jpg", "png", "bmp", "webp", else "bin").
std::string image_extension(const std::string& bytes);

}  // namespace facecert::refdev
