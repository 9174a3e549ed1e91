#include "storage_dump.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "tar_writer.h"

namespace facecert::refdev {
namespace fs = std::filesystem;
namespace {

std::int64_t unix_time(fs::file_time_type t) {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::file_clock::to_sys(t).time_since_epoch())
      .count();
}

// Secrets stay on the device: the TLS private key and the template protection keys (6.1.3: a key
// leaked with the templates would undo their protection).
bool left_out(const std::string& rel) {
  return rel == "tls/key.pem" || rel == "keys" || rel.rfind("keys/", 0) == 0;
}

}  // namespace

std::string dump_data_dir(const fs::path& data_dir) {
  std::vector<fs::directory_entry> entries;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(data_dir, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    entries.push_back(*it);
  if (ec) throw std::runtime_error(fmt::format("{}: cannot list: {}", data_dir.string(), ec.message()));
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path() < b.path(); });

  std::string archive;
  TarWriter tar(archive);
  for (const auto& entry : entries) {
    const std::string rel = fs::relative(entry.path(), data_dir).generic_string();
    std::error_code e2;
    const auto status = entry.symlink_status(e2);
    if (e2 || left_out(rel)) continue;  // gone meanwhile, or not dumped
    const auto mode = static_cast<unsigned>(status.permissions());
    const auto mtime = unix_time(entry.last_write_time(e2));
    if (fs::is_directory(status)) {
      tar.add_directory(rel, mode, mtime);
    } else if (fs::is_regular_file(status)) {
      std::ifstream in(entry.path(), std::ios::binary);
      if (!in) {
        if (!fs::exists(entry.path(), e2)) continue;  // erased while dumping (retention)
        throw std::runtime_error(fmt::format("{}: cannot read", entry.path().string()));
      }
      std::ostringstream content;
      content << in.rdbuf();
      tar.add_file(rel, content.view(), mode, mtime);
    }
    if (archive.size() > kMaxDumpBytes)
      throw std::runtime_error(fmt::format("{}: above the {} MiB a storage dump can hold",
                                           data_dir.string(), kMaxDumpBytes >> 20));
  }
  tar.finish();
  return archive;
}

}  // namespace facecert::refdev
