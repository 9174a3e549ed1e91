#include "media_catalog.h"

#include <chrono>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "capture_store.h"
#include "facecert/probes/hashing.h"

namespace facecert::refdev {
namespace fs = std::filesystem;
namespace {

std::string iso8601(fs::file_time_type t) {
  const auto sys = std::chrono::file_clock::to_sys(t);
  const std::time_t tt = std::chrono::system_clock::to_time_t(sys);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string category_of(const fs::path& rel) {
  const std::string top = rel.begin()->string();
  const std::string name = rel.filename().string();
  if (top == "faces")
    return name.find(".template.") != std::string::npos ? "template" : "enrolment";
  if (top == "captures" && std::distance(rel.begin(), rel.end()) >= 3)
    return std::next(rel.begin())->string();  // capture / id-document
  return "other";
}

}  // namespace

std::string sha256_hex(const std::string& bytes) { return probes::sha256_hex(std::string_view(bytes)); }

std::string sha256_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read", file.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  return sha256_hex(ss.str());
}

std::vector<MediaFile> list_media(const fs::path& data_dir) {
  std::vector<MediaFile> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(data_dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::string head(16, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    if (image_extension(head) == "bin") continue;  // not an image: database, log, keys
    const fs::path rel = fs::relative(it->path(), data_dir);
    try {
      out.push_back({rel.string(), category_of(rel), it->file_size(), sha256_file(it->path()),
                     iso8601(it->last_write_time())});
    } catch (const std::runtime_error&) {
      continue;  // deleted while listing (retention purge)
    }
  }
  return out;
}

}  // namespace facecert::refdev
