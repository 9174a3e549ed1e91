#include "app_classifier.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace facecert::probes::traffic {
namespace {

constexpr std::uint16_t kTlcpVersion = 0x0101;  // GM/T 0024 record version
constexpr std::size_t kMaxRecord = 16384 + 2048;  // TLSCiphertext limit
constexpr int kRecordsToCheck = 8;
constexpr std::size_t kMaxStartLine = 2048;
constexpr std::size_t kClearTextSample = 32;  // bytes of an application-data record judged at least

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }

bool tls_version(std::uint16_t v) { return (v >= 0x0300 && v <= 0x0304) || v == kTlcpVersion; }

// What a device that fakes a TLS handshake and then sends its data in application-data records
// shows: clear bytes where ciphertext belongs. Ciphertext looks like random bytes (about 37% of
// them printable; >= 90% of 32 or more is below 1e-9); a text protocol, JSON or XML is almost all
// printable, and a JFIF/Exif JPEG or a PNG starts with a long magic. So does a NULL cipher suite's
// record: not encrypted either.
bool reads_as_clear(std::span<const std::uint8_t> p) {
  auto starts = [&](std::string_view magic, std::size_t at = 0) {
    return p.size() >= at + magic.size() &&
           std::equal(magic.begin(), magic.end(), p.begin() + static_cast<std::ptrdiff_t>(at),
                      [](char a, std::uint8_t b) { return static_cast<std::uint8_t>(a) == b; });
  };
  if (starts("\x89PNG\r\n\x1a\n") || (starts("\xFF\xD8\xFF\xE0") && starts("JFIF", 6)) ||
      (starts("\xFF\xD8\xFF\xE1") && starts("Exif", 6)))
    return true;
  const std::size_t n = std::min<std::size_t>(p.size(), 512);
  if (n < kClearTextSample) return false;
  std::size_t printable = 0;
  for (std::size_t i = 0; i < n; ++i) printable += (p[i] >= 0x20 && p[i] < 0x7F) || p[i] == '\r' || p[i] == '\n' || p[i] == '\t';
  return printable * 10 >= n * 9;
}

// A stream that starts with a handshake record and keeps chaining valid record headers is TLS.
// A fake first header followed by anything else is not: that is what an evasive device would send.
// A capture that starts mid-connection sees application-data records first (0x17): accepted as
// TLS when at least two records chain validly.
AppGuess classify_tls(std::span<const std::uint8_t> s) {
  if (s.size() < 5 || (s[0] != 0x16 && s[0] != 0x17)) return {};
  const std::uint16_t version = be16(&s[1]);
  if (!(version >= 0x0301 && version <= 0x0304) && version != kTlcpVersion) return {};
  std::size_t pos = 0;
  int records = 0;
  for (int i = 0; i < kRecordsToCheck && pos + 5 <= s.size(); ++i, ++records) {
    const std::uint8_t type = s[pos];
    const std::uint16_t v = be16(&s[pos + 1]);
    const std::size_t len = be16(&s[pos + 3]);
    if (type < 0x14 || type > 0x18 || !tls_version(v) || len == 0 || len > kMaxRecord)
      return {"tls", "unknown"};
    if (type == 0x17 && reads_as_clear(s.subspan(pos + 5, std::min(len, s.size() - pos - 5))))
      return {version == kTlcpVersion ? "tlcp" : "tls", "false"};
    pos += 5 + len;
  }
  if (s[0] == 0x17 && records < 2 && pos != s.size()) return {"tls", "unknown"};
  if (version == kTlcpVersion) return {"tlcp", "true"};
  return {"tls", "true"};
}

}  // namespace

bool tls_handshake_over(std::span<const std::uint8_t> s) {
  if (s.size() < 5 || s[0] != 0x16) return false;
  for (std::size_t pos = 0; pos + 5 <= s.size();) {
    const std::uint8_t type = s[pos];
    const std::size_t len = be16(&s[pos + 3]);
    if (type < 0x14 || type > 0x18 || !tls_version(be16(&s[pos + 1])) || len == 0 || len > kMaxRecord) return false;
    // Enough of an application-data record to tell ciphertext from clear bytes: short ones (a TLS
    // 1.3 EncryptedExtensions can be 23 bytes) are passed over for the next.
    if (type == 0x17 && len >= kClearTextSample) return s.size() >= pos + 5 + kClearTextSample;
    pos += 5 + len;
  }
  return false;
}

namespace {

std::string_view first_line(std::string_view s) {
  const auto eol = s.find("\r\n");
  if (eol == std::string_view::npos) return s.size() <= kMaxStartLine ? s : std::string_view{};
  return eol <= kMaxStartLine ? s.substr(0, eol) : std::string_view{};
}

bool http_request_line(std::string_view s) {
  static constexpr std::array<std::string_view, 9> kMethods = {
      "GET ", "POST ", "PUT ", "DELETE ", "HEAD ", "OPTIONS ", "PATCH ", "CONNECT ", "TRACE "};
  for (auto m : kMethods) {
    if (!s.starts_with(m)) continue;
    const auto eol = s.find("\r\n");
    const auto line = s.substr(0, eol == std::string_view::npos ? std::min<std::size_t>(s.size(), 8192) : eol);
    const auto sp = line.rfind(' ');
    return sp != std::string_view::npos && sp > m.size() &&
           (line.substr(sp + 1) == "HTTP/1.1" || line.substr(sp + 1) == "HTTP/1.0");
  }
  return false;
}

// "<PROTO> NNN reason" (HTTP/1.x, RTSP/1.0, SIP/2.0).
bool status_line(std::string_view s, std::string_view proto) {
  if (!s.starts_with(proto) || s.size() < proto.size() + 4 || s[proto.size()] != ' ') return false;
  const std::size_t d = proto.size() + 1;
  for (std::size_t i = d; i < d + 3; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return s.size() == d + 3 || s[d + 3] == ' ' || s[d + 3] == '\r';
}

bool http_status_line(std::string_view s) {
  return (status_line(s, "HTTP/1.1") || status_line(s, "HTTP/1.0")) && s.size() >= 13;
}

// "METHOD uri VERSION" with an upper-case token method, the URI starting with one of `schemes`.
template <std::size_t N>
bool request_line(std::string_view s, const std::array<std::string_view, N>& schemes,
                  std::string_view version) {
  const std::string_view line = first_line(s);
  const auto sp1 = line.find(' ');
  if (sp1 == std::string_view::npos || sp1 < 3 || sp1 > 20) return false;
  for (std::size_t i = 0; i < sp1; ++i)
    if (!((line[i] >= 'A' && line[i] <= 'Z') || line[i] == '_' || line[i] == '-')) return false;
  const auto sp2 = line.rfind(' ');
  if (sp2 <= sp1 + 1 || line.substr(sp2 + 1) != version) return false;
  const std::string_view uri = line.substr(sp1 + 1, sp2 - sp1 - 1);
  if (uri.find(' ') != std::string_view::npos) return false;
  for (auto scheme : schemes)
    if (uri.starts_with(scheme)) return true;
  return false;
}

bool rtsp_start(std::string_view s) {
  static constexpr std::array<std::string_view, 4> kSchemes = {"rtsp://", "rtsps://", "rtspu://", "*"};
  return request_line(s, kSchemes, "RTSP/1.0") || request_line(s, kSchemes, "RTSP/2.0") ||
         status_line(first_line(s), "RTSP/1.0") || status_line(first_line(s), "RTSP/2.0");
}

bool printable_line(std::string_view line) {
  for (char c : line)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) return false;
  return true;
}

// RFC 4253 4.2: "SSH-protoversion-softwareversion", at most 255 bytes with CR LF; a server may send
// a few other text lines first. The banner must sit at the start of a line near the start.
bool ssh_banner(std::string_view s) {
  std::size_t pos = 0;
  for (int line = 0; line < 5 && pos < s.size(); ++line) {
    const auto eol = s.find('\n', pos);
    if (eol == std::string_view::npos || eol - pos > 255) return false;
    std::string_view l = s.substr(pos, eol - pos);
    if (l.ends_with('\r')) l.remove_suffix(1);
    if (!printable_line(l)) return false;
    if (l.starts_with("SSH-2.0-") || l.starts_with("SSH-1.99-")) return l.size() > 9;
    if (l.starts_with("SSH-")) return false;  // SSH-1.5 and other versions: not SSH-2
    pos = eol + 1;
  }
  return false;
}

// MQTT CONNECT (3.1 "MQIsdp" level 3, 3.1.1 / 5.0 "MQTT" level 4 / 5): fixed header 0x10, the
// variable-length remaining length, then the protocol name and level.
bool mqtt_connect(std::span<const std::uint8_t> s) {
  if (s.size() < 12 || s[0] != 0x10) return false;
  std::size_t pos = 1;
  std::uint32_t remaining = 0;
  for (int shift = 0;; shift += 7, ++pos) {
    if (pos >= s.size() || shift > 21) return false;
    remaining |= static_cast<std::uint32_t>(s[pos] & 0x7F) << shift;
    if (!(s[pos] & 0x80)) break;
  }
  ++pos;
  if (remaining < 10 || pos + 2 > s.size()) return false;
  const std::size_t name_len = be16(&s[pos]);
  if (pos + 2 + name_len + 2 > s.size()) return false;
  const std::string_view name(reinterpret_cast<const char*>(&s[pos + 2]), name_len);
  const std::uint8_t level = s[pos + 2 + name_len];
  const std::uint8_t flags = s[pos + 3 + name_len];
  if (flags & 0x01) return false;  // reserved bit
  return (name == "MQTT" && (level == 4 || level == 5)) || (name == "MQIsdp" && level == 3);
}

// RTP over TCP: RFC 4571 length framing, or RTSP interleaved frames '$' channel length (RFC 2326
// 10.12; odd channels carry RTCP and are skipped).
AppGuess classify_rtp_tcp(std::span<const std::uint8_t> s) {
  std::vector<std::span<const std::uint8_t>> packets;
  const bool interleaved = !s.empty() && s[0] == '$';
  std::size_t pos = 0;
  while (packets.size() < 32) {
    const std::size_t head = interleaved ? 4 : 2;
    if (pos + head > s.size()) break;
    if (interleaved && s[pos] != '$') return {};
    const std::size_t len = be16(&s[pos + head - 2]);
    if (len < 12) return {};
    if (pos + head + len > s.size()) break;  // the chunk ends inside a frame
    if (!interleaved || s[pos + 1] % 2 == 0) packets.push_back(s.subspan(pos + head, len));
    pos += head + len;
  }
  return judge_rtp_packets(packets);
}

}  // namespace

bool sip_start_line(std::string_view s) {
  static constexpr std::array<std::string_view, 3> kSchemes = {"sip:", "sips:", "tel:"};
  return request_line(s, kSchemes, "SIP/2.0") || status_line(first_line(s), "SIP/2.0");
}

namespace {

bool clear_text_app(const std::string& app) {
  return app == "http" || app == "rtsp" || app == "sip" || app == "mqtt";
}

}  // namespace

AppGuess classify_direction(std::span<const std::uint8_t> start) {
  if (auto tls = classify_tls(start); tls.app != "unknown") return tls;
  const std::string_view text(reinterpret_cast<const char*>(start.data()),
                              std::min<std::size_t>(start.size(), 8192));
  if (http_request_line(text) || http_status_line(text)) return {"http", "false"};
  if (ssh_banner(text)) return {"ssh", "true"};
  if (rtsp_start(text)) return {"rtsp", "false"};
  if (sip_start_line(text)) return {"sip", "false"};
  if (mqtt_connect(start)) return {"mqtt", "false"};
  return classify_rtp_tcp(start);
}

AppGuess classify_flow(const AppGuess& c2s, bool c2s_empty, const AppGuess& s2c, bool s2c_empty) {
  for (const AppGuess* g : {&c2s, &s2c})  // http first: it was the only clear protocol before
    if (g->app == "http") return {"http", "false"};
  for (const AppGuess* g : {&c2s, &s2c})
    if (clear_text_app(g->app)) return {g->app, "false"};
  for (const AppGuess* g : {&c2s, &s2c})  // clear bytes in TLS records (reads_as_clear)
    if ((g->app == "tls" || g->app == "tlcp") && g->encrypted == "false") return {g->app, "false"};
  for (const AppGuess* g : {&c2s, &s2c})
    if (g->app == "rtp" && g->encrypted == "false") return *g;
  if (c2s.app == "ssh" || s2c.app == "ssh") {  // the banners are clear; what follows is not
    const bool both = c2s.app == "ssh" && s2c.app == "ssh";
    return {"ssh", both ? "true" : "unknown"};
  }
  const bool c2s_enc = c2s_empty || c2s.encrypted == "true";
  const bool s2c_enc = s2c_empty || s2c.encrypted == "true";
  const AppGuess& named = c2s_empty ? s2c : c2s;
  if (!(c2s_empty && s2c_empty) && c2s_enc && s2c_enc) return {named.app, "true"};
  // One side recognised, the other not (or a broken record chain): name it, do not trust it.
  if (c2s.app != "unknown") return {c2s.app, "unknown", c2s.payload};
  if (s2c.app != "unknown") return {s2c.app, "unknown", s2c.payload};
  return {};
}

AppGuess classify_udp_flow(const AppGuess& c2s, bool c2s_empty, const AppGuess& s2c, bool s2c_empty) {
  return classify_flow(c2s, c2s_empty, s2c, s2c_empty);
}

AppGuess guess_flow_app(const Flow& flow) {
  if (flow.summary.transport == "udp") {
    return classify_udp_flow(classify_datagrams(flow.c2s_datagrams), flow.c2s_datagrams.empty(),
                             classify_datagrams(flow.s2c_datagrams), flow.s2c_datagrams.empty());
  }
  auto side = [](const TcpStream& s) {
    return s.chunks().empty() ? AppGuess{} : classify_direction(s.chunks().front().bytes);
  };
  return classify_flow(side(flow.c2s), flow.c2s.chunks().empty(), side(flow.s2c),
                       flow.s2c.chunks().empty());
}

}  // namespace facecert::probes::traffic
