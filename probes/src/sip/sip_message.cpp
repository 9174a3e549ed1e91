#include "sip_message.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace facecert::probes::sip {
namespace {

constexpr std::size_t kMaxHead = 64 * 1024;
constexpr std::size_t kMaxBody = 4 * 1024 * 1024;

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool start_line(std::string_view line, SipMessage& m) {
  if (line.starts_with("SIP/2.0 ")) {
    if (line.size() < 11) return false;
    int status = 0;
    const auto r = std::from_chars(line.data() + 8, line.data() + 11, status);
    if (r.ec != std::errc{} || r.ptr != line.data() + 11 || status < 100 || status > 699) return false;
    m.status = status;
    m.reason = std::string(trim(line.substr(11)));
    return true;
  }
  const auto sp1 = line.find(' '), sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 <= sp1 + 1 || line.substr(sp2 + 1) != "SIP/2.0") return false;
  const auto method = line.substr(0, sp1);
  if (method.empty() || method.size() > 20 ||
      !std::all_of(method.begin(), method.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '_' || c == '-'; }))
    return false;
  m.request = true;
  m.method = std::string(method);
  m.uri = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  return true;
}

// Parses the head (start line + headers) ending at `head_end` (index of the blank line's CRLF).
bool parse_head(std::string_view head, SipMessage& m) {
  std::size_t pos = 0;
  auto next_line = [&](std::string_view& line) {
    if (pos >= head.size()) return false;
    auto eol = head.find('\n', pos);
    if (eol == std::string_view::npos) eol = head.size();
    line = head.substr(pos, eol - pos);
    if (line.ends_with('\r')) line.remove_suffix(1);
    pos = eol + 1;
    return true;
  };
  std::string_view line;
  if (!next_line(line) || !start_line(line, m)) return false;
  while (next_line(line)) {
    if (line.empty()) break;
    if ((line.front() == ' ' || line.front() == '\t') && !m.headers.empty()) {  // folded line
      m.headers.back().second += ' ';
      m.headers.back().second += std::string(trim(line));
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    const auto name = trim(line.substr(0, colon));
    m.headers.emplace_back(std::string(sip_long_header_name(name)), std::string(trim(line.substr(colon + 1))));
  }
  return true;
}

std::optional<std::size_t> content_length(const SipMessage& m) {
  const auto v = m.header("Content-Length");
  if (!v) return std::nullopt;
  std::size_t n = 0;
  const auto r = std::from_chars(v->data(), v->data() + v->size(), n);
  if (r.ec != std::errc{} || r.ptr != v->data() + v->size()) return std::nullopt;
  return n;
}

std::string_view as_text(std::span<const std::uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace

std::string_view sip_long_header_name(std::string_view name) {
  // RFC 3261 7.3.3 and later RFCs' compact forms.
  static constexpr std::array<std::pair<char, std::string_view>, 20> kCompact = {{
      {'a', "Accept-Contact"}, {'b', "Referred-By"}, {'c', "Content-Type"}, {'d', "Request-Disposition"},
      {'e', "Content-Encoding"}, {'f', "From"}, {'i', "Call-ID"}, {'j', "Reject-Contact"},
      {'k', "Supported"}, {'l', "Content-Length"}, {'m', "Contact"}, {'n', "Identity-Info"},
      {'o', "Event"}, {'r', "Refer-To"}, {'s', "Subject"}, {'t', "To"}, {'u', "Allow-Events"},
      {'v', "Via"}, {'x', "Session-Expires"}, {'y', "Identity"}}};
  if (name.size() != 1) return name;
  const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
  for (const auto& [k, v] : kCompact)
    if (k == c) return v;
  return name;
}

std::optional<std::string> SipMessage::header(std::string_view name) const {
  const auto want = sip_long_header_name(name);
  for (const auto& [k, v] : headers)
    if (iequal(k, want)) return v;
  return std::nullopt;
}

std::vector<std::string> SipMessage::headers_named(std::string_view name) const {
  const auto want = sip_long_header_name(name);
  std::vector<std::string> out;
  for (const auto& [k, v] : headers)
    if (iequal(k, want)) out.push_back(v);
  return out;
}

std::string SipMessage::cseq_method() const {
  if (request) return method;
  const auto cseq = header("CSeq");
  if (!cseq) return "";
  const auto sp = cseq->rfind(' ');
  return sp == std::string::npos ? "" : std::string(trim(std::string_view(*cseq).substr(sp + 1)));
}

SipParse parse_sip_stream(std::span<const std::uint8_t> bytes) {
  SipParse out;
  const std::string_view text = as_text(bytes);
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == '\r' || text[pos] == '\n') {  // keep-alive CRLFs
      ++pos;
      continue;
    }
    const auto blank = text.find("\r\n\r\n", pos);
    if (blank == std::string_view::npos || blank - pos > kMaxHead) {
      out.stopped = blank == std::string_view::npos ? "message head cut off by the end of the bytes"
                                                    : "message head longer than 64 KiB";
      break;
    }
    SipMessage m;
    if (!parse_head(text.substr(pos, blank + 2 - pos), m)) {
      out.stopped = "not a SIP message";
      break;
    }
    const std::size_t body_at = blank + 4;
    const std::size_t len = content_length(m).value_or(0);
    if (len > kMaxBody || body_at + len > text.size()) {
      out.stopped = "message body cut off by the end of the bytes";
      break;
    }
    m.body = std::string(text.substr(body_at, len));
    m.offset = pos;
    m.length = body_at + len - pos;
    out.messages.push_back(std::move(m));
    pos = body_at + len;
  }
  out.consumed = out.stopped.empty() ? text.size() : pos;
  return out;
}

std::optional<SipMessage> parse_sip_datagram(std::span<const std::uint8_t> bytes) {
  const std::string_view text = as_text(bytes);
  const auto blank = text.find("\r\n\r\n");
  SipMessage m;
  if (!parse_head(text.substr(0, blank == std::string_view::npos ? text.size() : blank + 2), m))
    return std::nullopt;
  if (blank != std::string_view::npos) {
    const std::string_view rest = text.substr(blank + 4);
    const auto len = content_length(m);
    m.body = std::string(len && *len <= rest.size() ? rest.substr(0, *len) : rest);
  }
  m.length = text.size();
  return m;
}

}  // namespace facecert::probes::sip
