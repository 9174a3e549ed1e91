// multipart/form-data (RFC 7578) building (drivers) and parsing (reference device).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace facecert::drivers::multipart {

struct Part {
  std::string name;          // form field name from Content-Disposition
  std::string filename;      // empty when none
  std::string content_type;  // empty when none
  std::string body;
};

struct Encoded {
  std::string content_type;  // multipart/form-data; boundary=...
  std::string body;
};
// A random boundary that does not occur in any part.
Encoded encode(const std::vector<Part>& parts);

// Boundary parameter of a multipart Content-Type, nullopt when absent or not multipart/form-data.
std::optional<std::string> boundary_of(std::string_view content_type);

// Throws std::invalid_argument naming what is wrong (missing boundary, unterminated part...).
std::vector<Part> decode(std::string_view body, std::string_view boundary);

const Part* find(const std::vector<Part>& parts, std::string_view name);

}  // namespace facecert::drivers::multipart
