#include "input_listing.h"

#include <sys/stat.h>

#include <algorithm>

#include <fmt/format.h>

#include "facecert/probes/storage_carver.h"

namespace facecert::probes::carve {
namespace {

namespace fs = std::filesystem;

const char* type_name(fs::file_type t) {
  switch (t) {
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::character: return "a character device";
    case fs::file_type::block: return "a block device";
    default: return "not a regular file";
  }
}

std::uint64_t size_of(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

void list_directory(const fs::path& dir, std::vector<CarveTarget>& out, std::vector<std::string>& warnings) {
  std::vector<CarveTarget> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec);
  if (ec) throw CarveInputError(fmt::format("{}: cannot list the directory: {}", dir.string(), ec.message()));
  for (const fs::recursive_directory_iterator end; it != end;) {
    const fs::path p = it->path();
    const fs::file_status st = it->symlink_status(ec);
    if (ec) {
      warnings.push_back(fmt::format("{}: cannot stat: {}", p.string(), ec.message()));
    } else if (fs::is_symlink(st)) {
      // Links are not followed: an absolute link in a copied device tree points into this machine.
      const fs::path target = fs::read_symlink(p, ec);
      if (!fs::exists(fs::status(p, ec)))
        warnings.push_back(fmt::format("{}: dangling symlink to {}, skipped", p.string(), target.string()));
    } else if (fs::is_regular_file(st)) {
      found.push_back({p, true, size_of(p)});
    } else if (!fs::is_directory(st)) {
      warnings.push_back(fmt::format("{}: {}, skipped", p.string(), type_name(st.type())));
    }
    it.increment(ec);
    if (ec) {
      warnings.push_back(fmt::format("{}: cannot list: {}; the rest of the directory is skipped", p.string(),
                                     ec.message()));
      break;
    }
  }
  std::sort(found.begin(), found.end(), [](const CarveTarget& a, const CarveTarget& b) { return a.path < b.path; });
  out.insert(out.end(), found.begin(), found.end());
}

}  // namespace

std::vector<CarveTarget> list_carve_targets(const std::vector<fs::path>& inputs, std::vector<std::string>& warnings) {
  std::vector<CarveTarget> out;
  for (const auto& in : inputs) {
    std::error_code ec;
    const fs::file_status st = fs::status(in, ec);
    if (!fs::exists(st)) throw CarveInputError(fmt::format("{}: no such file or directory", in.string()));
    if (fs::is_directory(st)) list_directory(in, out, warnings);
    else if (fs::is_regular_file(st) || fs::is_block_file(st)) out.push_back({in, false, size_of(in)});
    else throw CarveInputError(fmt::format("{}: {}, not a dump file or directory", in.string(), type_name(st.type())));
  }
  return out;
}

}  // namespace facecert::probes::carve
