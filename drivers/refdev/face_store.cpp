#include "face_store.h"

#include <cctype>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include "facecert/drivers/digest_auth.h"
#include "facecert/probes/media_io.h"

namespace facecert::refdev {
namespace fs = std::filesystem;
namespace {
constexpr const char* kTemplateSuffix = ".template.png";
}

FaceStore::FaceStore(fs::path dir, EraseMode erase) : dir_(std::move(dir)), erase_(erase) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) throw std::runtime_error(fmt::format("{}: cannot create the face store", dir_.string()));
}

std::string FaceStore::add(const std::string& image_bytes, const std::string& ext,
                           const cv::Mat& face, const std::string& name_key) {
  std::string key;  // only what is safe in a file name
  for (char c : name_key)
    if (std::isalnum(static_cast<unsigned char>(c))) key += c;
  const std::string id =
      key.empty() ? drivers::digest::random_hex(12) : key + "-" + drivers::digest::random_hex(3);
  std::lock_guard lock(mu_);
  const fs::path image = dir_ / (id + "." + ext);
  std::ofstream out(image, std::ios::binary);
  out.write(image_bytes.data(), static_cast<std::streamsize>(image_bytes.size()));
  if (!out) throw std::runtime_error(fmt::format("{}: cannot write", image.string()));
  const fs::path tpl = dir_ / (id + kTemplateSuffix);
  if (!facecert::media::imwrite(tpl.string(), face))
    throw std::runtime_error(fmt::format("{}: cannot write", tpl.string()));
  return id;
}

void FaceStore::remove(const std::string& face_id) {
  std::lock_guard lock(mu_);
  if (face_id.empty()) return;
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir_, ec))
    if (entry.path().filename().string().rfind(face_id + ".", 0) == 0) files.push_back(entry.path());
  for (const auto& file : files) erase_file(file, erase_);
}

std::vector<StoredFace> FaceStore::load_all() const {
  std::lock_guard lock(mu_);
  std::vector<StoredFace> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    const std::size_t pos = name.find(kTemplateSuffix);
    if (pos == std::string::npos || pos + std::string(kTemplateSuffix).size() != name.size())
      continue;
    cv::Mat face = facecert::media::imread(entry.path().string(), cv::IMREAD_GRAYSCALE);
    if (face.empty()) continue;
    out.push_back({name.substr(0, pos), face, entry.last_write_time(ec)});
  }
  return out;
}

std::optional<cv::Mat> FaceStore::load_template(const std::string& face_id) const {
  std::lock_guard lock(mu_);
  const fs::path tpl = dir_ / (face_id + kTemplateSuffix);
  std::error_code ec;
  if (face_id.empty() || !fs::exists(tpl, ec)) return std::nullopt;
  cv::Mat face = facecert::media::imread(tpl.string(), cv::IMREAD_GRAYSCALE);
  if (face.empty()) return std::nullopt;
  return face;
}

}  // namespace facecert::refdev
