#include "facecert/drivers/multipart.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <fmt/format.h>

#include "facecert/drivers/digest_auth.h"

#include "text_util.h"

namespace facecert::drivers::multipart {
namespace {

using text::lower;
using text::trim;

// Value of `key=` inside a header value like `form-data; name="x"; filename="y"`.
std::string header_param(std::string_view value, std::string_view key) {
  std::size_t pos = 0;
  while (pos < value.size()) {
    std::size_t semi = value.find(';', pos);
    if (semi == std::string_view::npos) semi = value.size();
    std::string_view item = trim(value.substr(pos, semi - pos));
    const std::size_t eq = item.find('=');
    if (eq != std::string_view::npos && lower(trim(item.substr(0, eq))) == key) {
      std::string_view v = trim(item.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
    pos = semi + 1;
  }
  return {};
}

Part parse_part(std::string_view raw) {
  const std::size_t end = raw.find("\r\n\r\n");
  if (end == std::string_view::npos) throw std::invalid_argument("multipart: part without headers");
  Part part;
  std::string_view headers = raw.substr(0, end);
  part.body = std::string(raw.substr(end + 4));
  std::size_t pos = 0;
  while (pos <= headers.size()) {
    std::size_t eol = headers.find("\r\n", pos);
    if (eol == std::string_view::npos) eol = headers.size();
    std::string_view line = headers.substr(pos, eol - pos);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      const std::string name = lower(trim(line.substr(0, colon)));
      const std::string_view value = trim(line.substr(colon + 1));
      if (name == "content-disposition") {
        part.name = header_param(value, "name");
        part.filename = header_param(value, "filename");
      } else if (name == "content-type") {
        part.content_type = std::string(value);
      }
    }
    pos = eol + 2;
  }
  if (part.name.empty()) throw std::invalid_argument("multipart: part without a form name");
  return part;
}

}  // namespace

Encoded encode(const std::vector<Part>& parts) {
  std::string boundary;
  bool clash = true;
  while (clash) {
    boundary = "facecert-" + digest::random_hex(16);
    clash = std::any_of(parts.begin(), parts.end(), [&](const Part& p) {
      return p.body.find(boundary) != std::string::npos;
    });
  }
  std::string body;
  for (const auto& p : parts) {
    body += fmt::format("--{}\r\nContent-Disposition: form-data; name=\"{}\"", boundary, p.name);
    if (!p.filename.empty()) body += fmt::format("; filename=\"{}\"", p.filename);
    body += "\r\n";
    if (!p.content_type.empty()) body += fmt::format("Content-Type: {}\r\n", p.content_type);
    body += "\r\n";
    body += p.body;
    body += "\r\n";
  }
  body += fmt::format("--{}--\r\n", boundary);
  return {"multipart/form-data; boundary=" + boundary, std::move(body)};
}

std::optional<std::string> boundary_of(std::string_view content_type) {
  const std::size_t semi = content_type.find(';');
  if (lower(trim(content_type.substr(0, semi))) != "multipart/form-data") return std::nullopt;
  if (semi == std::string_view::npos) return std::nullopt;
  std::string b = header_param(content_type.substr(semi + 1), "boundary");
  if (b.empty() || b.size() > 200) return std::nullopt;
  return b;
}

std::vector<Part> decode(std::string_view body, std::string_view boundary) {
  const std::string delim = "--" + std::string(boundary);
  std::size_t pos = body.find(delim);
  if (pos == std::string_view::npos) throw std::invalid_argument("multipart: boundary not found");
  std::vector<Part> parts;
  while (true) {
    pos += delim.size();
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    if (body.substr(pos, 2) != "\r\n") throw std::invalid_argument("multipart: malformed delimiter");
    pos += 2;
    const std::size_t next = body.find("\r\n" + delim, pos);
    if (next == std::string_view::npos)
      throw std::invalid_argument("multipart: unterminated part (no closing boundary)");
    parts.push_back(parse_part(body.substr(pos, next - pos)));
    pos = next + 2;
  }
}

const Part* find(const std::vector<Part>& parts, std::string_view name) {
  for (const auto& p : parts)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace facecert::drivers::multipart
