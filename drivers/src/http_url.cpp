#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "facecert/drivers/http_client.h"

namespace facecert::drivers {

Url Url::parse(std::string_view text) {
  Url u;
  const std::size_t sep = text.find("://");
  if (sep == std::string_view::npos)
    throw DriverError(fmt::format("{}: not a URL (expected http(s)://host[:port]/path)", text));
  u.scheme = std::string(text.substr(0, sep));
  std::transform(u.scheme.begin(), u.scheme.end(), u.scheme.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (u.scheme != "http" && u.scheme != "https")
    throw DriverError(fmt::format("{}: unsupported URL scheme '{}'", text, u.scheme));
  std::string_view rest = text.substr(sep + 3);
  const std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  u.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (u.target.front() == '?') u.target.insert(0, "/");
  if (authority.find('@') != std::string_view::npos)
    throw DriverError(fmt::format("{}: credentials in URLs are not supported", text));
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos)
      throw DriverError(fmt::format("{}: unterminated IPv6 address", text));
    u.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      u.port = std::string(authority.substr(close + 2));
  } else {
    const std::size_t colon = authority.rfind(':');
    u.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) u.port = std::string(authority.substr(colon + 1));
  }
  if (u.host.empty()) throw DriverError(fmt::format("{}: URL without a host", text));
  if (u.port.empty()) u.port = u.scheme == "https" ? "443" : "80";
  if (!std::all_of(u.port.begin(), u.port.end(),
                   [](unsigned char ch) { return std::isdigit(ch) != 0; }))
    throw DriverError(fmt::format("{}: bad port '{}'", text, u.port));
  return u;
}

std::string Url::origin() const {
  const bool v6 = host.find(':') != std::string::npos;
  return fmt::format("{}://{}{}{}:{}", scheme, v6 ? "[" : "", host, v6 ? "]" : "", port);
}

}  // namespace facecert::drivers
