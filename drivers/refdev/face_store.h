// The face store (6.1.5: kept apart from identity data): DATA/faces/<faceId>.<ext> holds the
// enrolment image as received and DATA/faces/<faceId>.template.png the normalised face the
// recogniser uses. Face ids are opaque random strings; nothing here names a person (unless the
// mixed-storage flaw passes a name key). Removal erases the files (secure_erase.h).
#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "secure_erase.h"

namespace facecert::refdev {

struct StoredFace {
  std::string face_id;
  cv::Mat face;  // normalised template (grey, fixed size)
  std::filesystem::file_time_type enrolled;
};

class FaceStore {
 public:
  FaceStore(std::filesystem::path dir, EraseMode erase);
  // Stores the image bytes (extension from `ext`, e.g. "jpg") and the template; returns the id:
  // random hex, or `name_key` (letters and digits kept) plus a random suffix when not empty.
  std::string add(const std::string& image_bytes, const std::string& ext, const cv::Mat& face,
                  const std::string& name_key = {});
  void remove(const std::string& face_id);  // erases the image and the template
  std::vector<StoredFace> load_all() const;
  std::optional<cv::Mat> load_template(const std::string& face_id) const;  // nullopt: none
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  EraseMode erase_;
  mutable std::mutex mu_;
};

}  // namespace facecert::refdev
