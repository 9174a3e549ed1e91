#include "facecert/harness/xml_util.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

namespace facecert::harness {

std::string read_file_bytes(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec))
    throw std::runtime_error(fmt::format("{}: is a directory, expected a file", file.string()));
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot open for reading", file.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw std::runtime_error(fmt::format("{}: read error", file.string()));
  return ss.str();
}

XmlFile::XmlFile(const std::filesystem::path& file) : path_(file), bytes_(read_file_bytes(file)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < bytes_.size(); ++i)
    if (bytes_[i] == '\n') line_starts_.push_back(i + 1);
  pugi::xml_parse_result r = doc_.load_buffer(bytes_.data(), bytes_.size(),
                                              pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!r)
    throw std::runtime_error(
        fmt::format("{}:{}: XML error: {}", path_.string(), line_at(r.offset), r.description()));
}

int XmlFile::line_at(std::ptrdiff_t offset) const {
  if (offset < 0) return 0;
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(),
                             static_cast<std::size_t>(offset));
  return static_cast<int>(it - line_starts_.begin());
}

int XmlFile::line_of(const pugi::xml_node& node) const { return line_at(node.offset_debug()); }

}  // namespace facecert::harness
