// HTTP/1.x framing (RFC 9112): start line, header fields, then a body by Transfer-Encoding chunked,
// Content-Length, or (responses only) the end of the connection. Every length is checked against
// what was captured: hostile or truncated input ends a message early, never reads past the buffer.
#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "content_coding.h"
#include "http_message.h"

namespace facecert::probes::http {
namespace {

bool is_token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.' || c == '!' || c == '#' || c == '$' || c == '%' || c == '&' ||
         c == '\'' || c == '*' || c == '+' || c == '^' || c == '`' || c == '|' || c == '~';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Parses "METHOD SP target SP HTTP/1.x" or "HTTP/1.x SP 200 ..." into `m`.
bool parse_start_line(std::string_view line, HttpMessage& m) {
  if (line.starts_with("HTTP/1.")) {
    if (line.size() < 12 || line[8] != ' ') return false;
    int code = 0;
    const auto [p, ec] = std::from_chars(line.data() + 9, line.data() + 12, code);
    if (ec != std::errc() || p != line.data() + 12 || code < 100 || code > 999) return false;
    m.request = false;
    m.version = std::string(line.substr(0, 8));
    m.status = code;
    return true;
  }
  const auto sp1 = line.find(' ');
  if (sp1 == 0 || sp1 == std::string_view::npos || sp1 > 32) return false;
  if (!std::all_of(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(sp1), is_token_char))
    return false;
  const auto sp2 = line.rfind(' ');
  if (sp2 <= sp1 + 1) return false;
  const auto version = line.substr(sp2 + 1);
  if (!(version == "HTTP/1.1" || version == "HTTP/1.0")) return false;
  m.request = true;
  m.method = std::string(line.substr(0, sp1));
  m.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  m.version = std::string(version);
  return true;
}

std::size_t find_crlf(std::string_view s, std::size_t from) { return s.find("\r\n", from); }

// Wire bytes quoted in a problem or description: one line of printable ASCII, the rest as \xNN, so
// the report JSON stays valid UTF-8 (found by fuzz/fuzz_capture_reader).
std::string printable(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c >= 0x20 && c < 0x7f)
      out += c;
    else
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
  }
  return out;
}

struct Body {
  std::string raw;  // de-chunked, still content-encoded
  std::size_t end = 0;  // position after the body in the buffer
  std::string problem;
};

// Chunked body starting at `pos`; trailers are skipped.
Body read_chunked(std::string_view s, std::size_t pos, std::size_t cap) {
  Body b;
  while (true) {
    const auto eol = find_crlf(s, pos);
    if (eol == std::string_view::npos || eol - pos > 1024) {
      b.problem = "chunked body truncated in a chunk-size line";
      b.end = s.size();
      return b;
    }
    auto size_text = s.substr(pos, eol - pos);
    size_text = trim(size_text.substr(0, size_text.find(';')));
    std::uint64_t size = 0;
    const auto [p, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (size_text.empty() || ec != std::errc() || p != size_text.data() + size_text.size()) {
      b.problem = fmt::format("bad chunk size line '{}'", printable(size_text.substr(0, 20)));
      b.end = s.size();
      return b;
    }
    pos = eol + 2;
    if (size == 0) {  // trailer fields, then an empty line
      while (true) {
        const auto t = find_crlf(s, pos);
        if (t == std::string_view::npos) {
          b.end = s.size();
          return b;
        }
        const bool empty = t == pos;
        pos = t + 2;
        if (empty) break;
      }
      b.end = pos;
      return b;
    }
    const std::uint64_t avail = s.size() - pos;
    const std::uint64_t take = std::min<std::uint64_t>(size, avail);
    const std::uint64_t room = cap - std::min<std::uint64_t>(cap, b.raw.size());
    b.raw.append(s.substr(pos, static_cast<std::size_t>(std::min(take, room))));
    if (take < size) {
      b.problem = fmt::format("chunked body truncated: chunk of {} bytes has {}", size, take);
      b.end = s.size();
      return b;
    }
    pos += static_cast<std::size_t>(size);
    if (s.substr(pos, 2) != "\r\n") {
      b.problem = "chunk data not followed by CRLF";
      b.end = std::min(s.size(), pos);
      return b;
    }
    pos += 2;
  }
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20) || x == y;
         });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

std::string header_param(std::string_view value, std::string_view name) {
  std::size_t pos = 0;
  while ((pos = value.find(';', pos)) != std::string_view::npos) {
    ++pos;
    auto part = trim(value.substr(pos, value.find(';', pos) - pos));
    const auto eq = part.find('=');
    if (eq == std::string_view::npos || !iequals(trim(part.substr(0, eq)), name)) continue;
    auto v = trim(part.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    return std::string(v);
  }
  return {};
}

const HttpHeader* HttpMessage::header(std::string_view name) const {
  for (const auto& h : headers)
    if (iequals(h.name, name)) return &h;
  return nullptr;
}

std::string HttpMessage::content_type() const {
  const HttpHeader* h = header("Content-Type");
  if (!h) return {};
  return lower(trim(std::string_view(h->value).substr(0, h->value.find(';'))));
}

std::string HttpMessage::describe() const {
  if (!request) return fmt::format("HTTP {} response", status);
  const std::string_view path = std::string_view(target).substr(0, target.find('?'));
  return fmt::format("{} {} request", method, printable(path.substr(0, 120)));
}

namespace {

// One message at `pos` (a start line was recognised). Returns the position after it.
std::size_t read_message(std::string_view s, std::size_t pos, std::uint64_t base, HttpMessage& m,
                         const HttpLimits& limits) {
  const auto head_end = s.substr(0, std::min(s.size(), pos + limits.max_header_bytes)).find("\r\n\r\n", pos);
  if (head_end == std::string_view::npos) {
    m.problems.push_back("header section truncated or over the size limit");
    return s.size();
  }
  std::size_t line = find_crlf(s, pos) + 2;  // past the start line
  while (line < head_end + 2) {
    const auto eol = find_crlf(s, line);
    const auto text = s.substr(line, eol - line);
    const auto colon = text.find(':');
    if (colon != std::string_view::npos && colon > 0)
      m.headers.push_back({std::string(trim(text.substr(0, colon))), std::string(trim(text.substr(colon + 1))),
                           base + line, eol - line});
    line = eol + 2;
  }
  std::size_t body = head_end + 4;
  m.body_offset = base + body;
  const bool no_body = (!m.request && (m.status < 200 || m.status == 204 || m.status == 304));
  const HttpHeader* te = m.header("Transfer-Encoding");
  const HttpHeader* cl = m.header("Content-Length");
  std::string raw;
  std::size_t end = body;
  if (no_body) {
    // 1xx, 204 and 304 responses end at their header section.
  } else if (te && lower(te->value).find("chunked") != std::string::npos) {
    m.chunked = true;
    Body b = read_chunked(s, body, limits.max_body_bytes);
    raw = std::move(b.raw);
    end = b.end;
    if (!b.problem.empty()) m.problems.push_back(std::move(b.problem));
  } else if (cl) {
    std::uint64_t n = 0;
    const auto v = std::string_view(cl->value);
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || p != v.data() + v.size()) {
      m.problems.push_back(fmt::format("bad Content-Length '{}'", printable(v.substr(0, 20))));
      return s.size();
    }
    const std::uint64_t avail = s.size() - body;
    if (n > avail)
      m.problems.push_back(fmt::format("body truncated: Content-Length {} but {} bytes captured", n, avail));
    const auto take = static_cast<std::size_t>(std::min(n, avail));
    raw = std::string(s.substr(body, std::min(take, limits.max_body_bytes)));
    end = body + take;
  } else if (!m.request) {  // until the connection closes
    raw = std::string(s.substr(body, std::min(s.size() - body, limits.max_body_bytes)));
    end = s.size();
  }
  m.body_length = end - body;
  if (const HttpHeader* ce = m.header("Content-Encoding"); ce && !raw.empty()) {
    const std::string coding = lower(trim(ce->value));
    if (known_coding(coding)) {
      DecodeResult d = decode_content(coding, raw, limits.max_body_bytes, limits.max_inflate_ratio);
      m.coding = coding;
      if (!d.problem.empty()) m.problems.push_back(coding + ": " + d.problem);
      raw = std::move(d.bytes);
    } else if (coding != "identity") {
      m.problems.push_back(
          fmt::format("unknown Content-Encoding '{}'", printable(std::string_view(coding).substr(0, 20))));
    }
  }
  m.body = std::move(raw);
  return end;
}

bool line_starts_message(std::string_view s, std::size_t pos) {
  const auto eol = find_crlf(s, pos);
  if (eol == std::string_view::npos || eol - pos > 8192) return false;
  HttpMessage probe;
  return parse_start_line(s.substr(pos, eol - pos), probe);
}

}  // namespace

std::vector<HttpMessage> parse_http_messages(std::span<const std::uint8_t> bytes, std::uint64_t base,
                                             const HttpLimits& limits) {
  const std::string_view s(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  std::vector<HttpMessage> out;
  std::size_t pos = 0;
  while (pos < s.size() && out.size() < limits.max_messages) {
    if (!line_starts_message(s, pos)) {  // resynchronise at the next line
      const auto next = find_crlf(s, pos);
      if (next == std::string_view::npos) break;
      pos = next + 2;
      continue;
    }
    HttpMessage m;
    parse_start_line(s.substr(pos, find_crlf(s, pos) - pos), m);
    m.offset = base + pos;
    const std::size_t end = read_message(s, pos, base, m, limits);
    out.push_back(std::move(m));
    pos = std::max(end, pos + 1);
  }
  return out;
}

}  // namespace facecert::probes::http
