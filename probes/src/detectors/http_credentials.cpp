#include "http_credentials.h"

#include <fmt/format.h>

#include "base64_text.h"
#include "facecert/probes/identity_numbers.h"

namespace facecert::probes::detectors {
namespace {

std::string printable(std::string_view s, std::size_t max = 64) {
  std::string out;
  for (char c : s.substr(0, max)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return mask_identity(out);
}

std::string digest_param(std::string_view v, std::string_view name) {
  std::size_t pos = 0;
  while ((pos = v.find(name, pos)) != std::string_view::npos) {
    const bool boundary = pos == 0 || v[pos - 1] == ' ' || v[pos - 1] == ',' || v[pos - 1] == '\t';
    pos += name.size();
    while (pos < v.size() && v[pos] == ' ') ++pos;
    if (!boundary || pos >= v.size() || v[pos] != '=') continue;
    ++pos;
    while (pos < v.size() && v[pos] == ' ') ++pos;
    if (pos < v.size() && v[pos] == '"') {
      const auto end = v.find('"', pos + 1);
      return std::string(v.substr(pos + 1, (end == std::string_view::npos ? v.size() : end) - pos - 1));
    }
    const auto end = v.find(',', pos);
    return std::string(v.substr(pos, (end == std::string_view::npos ? v.size() : end) - pos));
  }
  return {};
}

}  // namespace

bool is_credential_header(const http::HttpHeader& h) {
  return http::iequals(h.name, "Authorization") || http::iequals(h.name, "Proxy-Authorization");
}

std::optional<Finding> credential_finding(const http::HttpHeader& h, const std::string& where) {
  if (!is_credential_header(h)) return std::nullopt;
  const std::string_view v = h.value;
  const auto sp = v.find(' ');
  const std::string scheme = http::lower(v.substr(0, sp));
  const std::string_view rest = sp == std::string_view::npos ? std::string_view{} : v.substr(sp + 1);
  Finding f;
  f.kind = "plaintext-credentials";
  if (scheme == "basic") {
    const auto decoded = base64_decode(rest.substr(0, rest.find_first_of(" \t")));
    const std::string_view pair = decoded ? std::string_view(*decoded) : std::string_view{};
    const auto colon = pair.find(':');
    f.severity = "fail";
    if (!decoded || colon == std::string_view::npos) {
      f.description = fmt::format("HTTP Basic {} header that does not decode to user:password, {}", h.name, where);
      f.details = {{"scheme", "Basic"}, {"header", h.name}, {"decoded", false}};
    } else {
      const std::string user = printable(pair.substr(0, colon));
      f.description = fmt::format("HTTP Basic credentials for user '{}' in clear text (password withheld), {}",
                                  user, where);
      f.details = {{"scheme", "Basic"}, {"header", h.name}, {"user", user}, {"decoded", true}};
    }
    return f;
  }
  if (scheme == "digest") {
    const std::string user = printable(digest_param(rest, "username"));
    f.severity = "warn";
    f.description = fmt::format(
        "HTTP Digest {} for user '{}' in clear text: the hash does not reveal the password, but the "
        "user name is exposed and the response can be replayed or guessed offline, {}",
        h.name, user, where);
    f.details = {{"scheme", "Digest"}, {"header", h.name}, {"user", user},
                 {"algorithm", printable(digest_param(rest, "algorithm"))}};
    return f;
  }
  return std::nullopt;
}

}  // namespace facecert::probes::detectors
