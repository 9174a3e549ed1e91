#include "capture_store.h"

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "facecert/drivers/digest_auth.h"

namespace facecert::refdev {

std::string image_extension(const std::string& b) {
  if (b.size() >= 3 && b.compare(0, 3, "\xFF\xD8\xFF") == 0) return "jpg";
  if (b.size() >= 8 && b.compare(0, 8, "\x89PNG\r\n\x1A\n") == 0) return "png";
  if (b.size() >= 2 && b.compare(0, 2, "BM") == 0) return "bmp";
  if (b.size() >= 12 && b.compare(0, 4, "RIFF") == 0 && b.compare(8, 4, "WEBP") == 0) return "webp";
  return "bin";
}

std::filesystem::path CaptureStore::keep(const std::string& category, const std::string& bytes) {
  const auto folder = dir_ / category;
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  const auto file = folder / fmt::format("{}-{}.{}", ms, drivers::digest::random_hex(4),
                                         image_extension(bytes));
  std::ofstream out(file, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error(fmt::format("{}: cannot write", file.string()));
  return file;
}

int CaptureStore::erase_older_than(std::filesystem::file_time_type cutoff, EraseMode mode) {
  std::vector<std::filesystem::path> old;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir_, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code ec2;
    if (it->is_regular_file(ec2) && it->last_write_time(ec2) < cutoff) old.push_back(it->path());
  }
  for (const auto& file : old) erase_file(file, mode);
  return static_cast<int>(old.size());
}

}  // namespace facecert::refdev
