// Helpers for reading XML files with pugixml and pointing at file:line.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <pugixml.hpp>

namespace facecert::harness {

// A loaded XML document that can turn node offsets into line numbers.
class XmlFile {
 public:
  // Throws std::runtime_error "file: cannot read" / "file:line: XML error: ..." .
  explicit XmlFile(const std::filesystem::path& file);
  const pugi::xml_document& doc() const { return doc_; }
  int line_of(const pugi::xml_node& node) const;
  int line_at(std::ptrdiff_t offset) const;
  const std::filesystem::path& path() const { return path_; }
  const std::string& bytes() const { return bytes_; }

 private:
  std::filesystem::path path_;
  std::string bytes_;
  std::vector<std::size_t> line_starts_;
  pugi::xml_document doc_;
};

std::string read_file_bytes(const std::filesystem::path& file);  // throws naming the file

}  // namespace facecert::harness
