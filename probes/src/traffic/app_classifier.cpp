#include "app_classifier.h"

#include <array>
#include <string_view>

namespace facecert::probes::traffic {
namespace {

constexpr std::uint16_t kTlcpVersion = 0x0101;  // GM/T 0024 record version
constexpr std::size_t kMaxRecord = 16384 + 2048;  // TLSCiphertext limit
constexpr int kRecordsToCheck = 8;

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }

bool tls_version(std::uint16_t v) { return (v >= 0x0300 && v <= 0x0304) || v == kTlcpVersion; }

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
    pos += 5 + len;
  }
  if (s[0] == 0x17 && records < 2 && pos != s.size()) return {"tls", "unknown"};
  if (version == kTlcpVersion) return {"tlcp", "true"};
  return {"tls", "true"};
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

bool http_status_line(std::string_view s) {
  if (!(s.starts_with("HTTP/1.1 ") || s.starts_with("HTTP/1.0 ")) || s.size() < 13) return false;
  for (std::size_t i = 9; i < 12; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return s[12] == ' ' || s[12] == '\r';
}

}  // namespace

AppGuess classify_direction(std::span<const std::uint8_t> start) {
  if (auto tls = classify_tls(start); tls.app != "unknown") return tls;
  const std::string_view text(reinterpret_cast<const char*>(start.data()),
                              std::min<std::size_t>(start.size(), 8192));
  if (http_request_line(text) || http_status_line(text)) return {"http", "false"};
  return {};
}

AppGuess classify_flow(const AppGuess& c2s, bool c2s_empty, const AppGuess& s2c, bool s2c_empty) {
  if (c2s.app == "http" || s2c.app == "http") return {"http", "false"};
  const bool c2s_enc = c2s_empty || c2s.encrypted == "true";
  const bool s2c_enc = s2c_empty || s2c.encrypted == "true";
  const AppGuess& named = c2s_empty ? s2c : c2s;
  if (!(c2s_empty && s2c_empty) && c2s_enc && s2c_enc) return {named.app, "true"};
  // One side TLS-looking, the other not (or a broken record chain): name it, do not trust it.
  if (c2s.app != "unknown") return {c2s.app, "unknown"};
  if (s2c.app != "unknown") return {s2c.app, "unknown"};
  return {};
}

}  // namespace facecert::probes::traffic
