// MultipartStreamReader and multipart_boundary (isapi_alert_stream.h).
#include <cstdlib>

#include "facecert/drivers/isapi_alert_stream.h"
#include "text_util.h"

namespace facecert::drivers {
namespace {

// Header block "Name: value\r\n..." -> content type and content length (-1 when none).
void read_headers(std::string_view block, std::string& content_type, long long& length) {
  length = -1;
  while (!block.empty()) {
    auto eol = block.find('\n');
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 1);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string name = text::lower(text::trim(line.substr(0, colon)));
    const std::string value(text::trim(line.substr(colon + 1)));
    if (name == "content-type") content_type = value;
    if (name == "content-length") {
      char* end = nullptr;
      const long long n = std::strtoll(value.c_str(), &end, 10);
      if (end && *end == '\0' && n >= 0) length = n;
    }
  }
}

}  // namespace

std::string multipart_boundary(std::string_view content_type) {
  const std::string low = text::lower(content_type);
  const auto at = low.find("boundary=");
  if (at == std::string::npos) return "";
  std::string_view v = content_type.substr(at + 9);
  if (!v.empty() && v.front() == '"') {
    v.remove_prefix(1);
    return std::string(v.substr(0, v.find('"')));
  }
  return std::string(text::trim(v.substr(0, v.find(';'))));
}

MultipartStreamReader::MultipartStreamReader(std::string boundary)
    : delimiter_("--" + std::move(boundary)) {}

std::vector<MultipartStreamReader::Part> MultipartStreamReader::feed(std::string_view bytes) {
  buffer_.append(bytes);
  std::vector<Part> out;
  while (!closed_) {
    const auto start = buffer_.find(delimiter_);
    if (start == std::string::npos) {  // keep a tail that may be the start of a delimiter
      if (buffer_.size() > delimiter_.size()) buffer_.erase(0, buffer_.size() - delimiter_.size());
      break;
    }
    const std::size_t after = start + delimiter_.size();
    if (buffer_.size() < after + 2) break;
    if (buffer_.compare(after, 2, "--") == 0) {
      closed_ = true;
      break;
    }
    // Headers end at an empty line (CRLF or LF).
    std::size_t head_end = buffer_.find("\r\n\r\n", after);
    std::size_t body_at = head_end == std::string::npos ? head_end : head_end + 4;
    const std::size_t lf = buffer_.find("\n\n", after);
    if (lf != std::string::npos && (head_end == std::string::npos || lf < head_end)) {
      head_end = lf;
      body_at = lf + 2;
    }
    if (head_end == std::string::npos) break;
    Part part;
    long long length = -1;
    read_headers(std::string_view(buffer_).substr(after, head_end - after), part.content_type,
                 length);
    std::size_t next = 0;
    if (length >= 0) {
      if (buffer_.size() < body_at + static_cast<std::size_t>(length)) break;
      part.body = buffer_.substr(body_at, static_cast<std::size_t>(length));
      next = body_at + static_cast<std::size_t>(length);
    } else {
      const auto end = buffer_.find(delimiter_, body_at);
      if (end == std::string::npos) break;
      std::size_t body_end = end;  // the line break before the delimiter belongs to it
      if (body_end > body_at && buffer_[body_end - 1] == '\n') --body_end;
      if (body_end > body_at && buffer_[body_end - 1] == '\r') --body_end;
      part.body = buffer_.substr(body_at, body_end - body_at);
      next = end;
    }
    buffer_.erase(0, next);
    out.push_back(std::move(part));
  }
  return out;
}

}  // namespace facecert::drivers
