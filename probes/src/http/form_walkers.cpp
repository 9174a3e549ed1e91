// multipart/form-data parts (RFC 7578) and application/x-www-form-urlencoded values.
#include "body_walkers.h"
#include "http_message.h"

namespace facecert::probes::http {
namespace {

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim_ws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

void walk_urlencoded(std::string_view text, const std::string& prefix, const ValueSink& sink, int depth) {
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto end = text.find('&', pos);
    if (end == std::string_view::npos) end = text.size();
    const auto pair = text.substr(pos, end - pos);
    const auto eq = pair.find('=');
    const std::string name = percent_decode(pair.substr(0, eq));
    const std::string value = eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
    if (!value.empty()) {
      const std::string path = prefix + "form:" + name;
      sink({path, name, value, 0});
      walk_body({}, {}, value, sink, path + "/", depth + 1);  // JSON or XML packed into a form field
    }
    pos = end + 1;
  }
}

void walk_multipart(std::string_view body, std::string_view boundary, const std::string& prefix,
                    const ValueSink& sink, int depth) {
  if (boundary.empty() || boundary.size() > 200) return;
  const std::string delim = "--" + std::string(boundary);
  auto pos = body.find(delim);
  int index = 0;
  while (pos != std::string_view::npos) {
    pos += delim.size();
    if (body.substr(pos, 2) == "--") return;  // closing delimiter
    const auto head_end = body.find("\r\n\r\n", pos);
    if (head_end == std::string_view::npos) return;
    const auto next = body.find("\r\n" + delim, head_end + 4);
    const auto content = body.substr(head_end + 4, (next == std::string_view::npos ? body.size() : next) - head_end - 4);
    std::string name, type;
    for (auto line = pos; line < head_end;) {
      auto eol = body.find("\r\n", line);
      if (eol == std::string_view::npos || eol > head_end) eol = head_end;
      const auto text = body.substr(line, eol - line);
      const auto colon = text.find(':');
      if (colon != std::string_view::npos) {
        const auto field = trim_ws(text.substr(0, colon));
        const auto value = trim_ws(text.substr(colon + 1));
        if (iequals(field, "Content-Disposition")) name = header_param(value, "name");
        if (iequals(field, "Content-Type")) type = lower(trim_ws(value.substr(0, value.find(';'))));
      }
      line = eol + 2;
    }
    if (name.empty()) name = "#" + std::to_string(index);
    const std::string path = prefix + "multipart:" + name;
    sink({path, name, content, 0});
    walk_body(type, {}, content, sink, path + "/", depth + 1);
    ++index;
    if (next == std::string_view::npos) return;
    pos = next + 2;
  }
}

bool walk_body(std::string_view media_type, std::string_view content_type_header, std::string_view body,
               const ValueSink& sink, const std::string& prefix, int depth) {
  if (depth > 2 || body.empty()) return false;
  if (media_type == "multipart/form-data" || media_type == "multipart/mixed" ||
      media_type == "multipart/related") {
    walk_multipart(body, header_param(content_type_header, "boundary"), prefix, sink, depth);
    return true;
  }
  if (media_type == "application/x-www-form-urlencoded") {
    walk_urlencoded(body, prefix, sink, depth);
    return true;
  }
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return false;
  const bool json_type = media_type.ends_with("json") || media_type.ends_with("+json");
  const bool xml_type = media_type.ends_with("xml") || media_type.ends_with("+xml");
  if (json_type || ((media_type.empty() || media_type.starts_with("text/") || depth > 0 ||
                     media_type == "application/octet-stream") &&
                    (body[first] == '{' || body[first] == '['))) {
    return walk_json(body, prefix, sink);
  } else if (xml_type || ((media_type.empty() || media_type.starts_with("text/") || depth > 0) && body[first] == '<')) {
    return walk_xml(body, prefix, sink);
  }
  return false;
}

}  // namespace facecert::probes::http
