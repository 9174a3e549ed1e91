#include "facecert/harness/device_profile.h"

#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "facecert/harness/plan.h"
#include "facecert/harness/xml_util.h"

namespace facecert::harness {
namespace {

std::string strip_newline(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

UrlParts parse_url(const std::string& url) {
  UrlParts u;
  auto sep = url.find("://");
  if (sep == std::string::npos) throw std::invalid_argument(fmt::format("bad URL '{}'", url));
  u.scheme = url.substr(0, sep);
  std::string rest = url.substr(sep + 3);
  rest = rest.substr(0, rest.find('/'));
  std::string port;
  if (!rest.empty() && rest.front() == '[') {
    auto close = rest.find(']');
    if (close == std::string::npos) throw std::invalid_argument(fmt::format("bad URL '{}'", url));
    u.host = rest.substr(1, close - 1);
    if (close + 1 < rest.size() && rest[close + 1] == ':') port = rest.substr(close + 2);
  } else {
    auto colon = rest.find(':');
    u.host = rest.substr(0, colon);
    if (colon != std::string::npos) port = rest.substr(colon + 1);
  }
  u.port = port.empty() ? (u.scheme == "https" ? 443 : 80) : std::atoi(port.c_str());
  if (u.host.empty() || u.port <= 0 || u.port > 65535)
    throw std::invalid_argument(fmt::format("bad URL '{}'", url));
  return u;
}

drivers::DriverConfig DeviceProfile::driver_config() const {
  drivers::DriverConfig c;
  c.driver = driver;
  c.base_url = url;
  c.user = user;
  c.password = password;
  c.ca_file = ca_file;
  c.timeout = std::chrono::milliseconds(request_timeout_ms);
  return c;
}

std::string DeviceProfile::capture_filter() const {
  std::vector<std::string> hosts;
  for (const auto& a : addresses) hosts.push_back("host " + a);
  std::string filter = hosts.empty() ? std::string() : "(" + fmt::format("{}", fmt::join(hosts, " or ")) + ")";
  // On the loopback interface every local program shares the addresses: narrow to the device port.
  if (iface == "lo" && !url.empty()) {
    const UrlParts u = parse_url(url);
    filter += fmt::format("{}tcp port {}", filter.empty() ? "" : " and ", u.port);
  }
  return filter;
}

DeviceProfile load_device_profile(const std::filesystem::path& file) {
  XmlFile xml(file);
  auto fail = [&](const pugi::xml_node& n, const std::string& msg, const std::string& hint = {}) {
    throw std::runtime_error(fmt::format("{}:{}: {}{}", file.string(), xml.line_of(n), msg,
                                         hint.empty() ? "" : " (hint: " + hint + ")"));
  };
  pugi::xml_node root = xml.doc().child("device-profile");
  if (!root) fail(xml.doc().first_child(), "the root element must be <device-profile>");
  DeviceProfile p;
  p.file = file;
  p.id = root.attribute("id").as_string();
  pugi::xml_node drv = root.child("driver");
  p.driver = drv.attribute("name").as_string();
  if (p.driver.empty()) fail(drv ? drv : root, "missing <driver name=\"...\">", "e.g. refdev");
  pugi::xml_node ep = root.child("endpoint");
  p.url = ep.attribute("url").as_string();
  if (p.url.empty()) fail(ep ? ep : root, "missing <endpoint url=\"...\">");
  try {
    parse_url(p.url);
  } catch (const std::exception& e) {
    fail(ep, e.what(), "scheme://host:port, e.g. https://192.168.1.64");
  }
  if (auto t = root.child("timeouts")) p.request_timeout_ms = t.attribute("request-ms").as_int(10000);
  if (auto t = root.child("tls")) p.ca_file = t.attribute("ca-file").as_string();

  pugi::xml_node cred = root.child("credentials");
  if (!cred) fail(root, "missing <credentials user=\"...\" password-env=\"...\"/>");
  if (cred.attribute("password"))
    fail(cred, "a password must not be written in the profile",
         "use password-env=\"VAR\" or password-file=\"path\" (mode 0600)");
  p.user = cred.attribute("user").as_string("admin");
  if (auto env = cred.attribute("password-env")) {
    const char* v = std::getenv(env.value());
    if (!v) fail(cred, fmt::format("environment variable {} is not set", env.value()));
    p.password = v;
    p.password_source = fmt::format("env {}", env.value());
  } else if (auto pf = cred.attribute("password-file")) {
    std::filesystem::path pw = pf.value();
    if (pw.is_relative()) pw = file.parent_path() / pw;
    struct stat st {};
    if (::stat(pw.c_str(), &st) != 0) fail(cred, fmt::format("password file {} not found", pw.string()));
    if (st.st_mode & (S_IRWXG | S_IRWXO))
      fail(cred, fmt::format("password file {} is readable by others (mode {:o})", pw.string(),
                             st.st_mode & 0777),
           fmt::format("chmod 600 {}", pw.string()));
    p.password = strip_newline(read_file_bytes(pw));
    p.password_source = fmt::format("file {}", pw.string());
  } else {
    fail(cred, "credentials need password-env or password-file");
  }

  if (auto prod = root.child("product")) {
    std::istringstream ss(prod.attribute("profiles").as_string());
    for (std::string k; ss >> k;) {
      if (!known_product_profiles().count(k))
        fail(prod, fmt::format("unknown product profile '{}'", k),
             fmt::format("use {}", fmt::join(known_product_profiles(), ", ")));
      p.product_profiles.insert(k);
    }
  }
  if (auto net = root.child("network")) {
    p.iface = net.attribute("iface").as_string("lo");
    p.capture = net.attribute("capture").as_bool(true);
    for (auto a : net.children("address")) p.addresses.push_back(a.child_value());
    for (auto m : net.children("mac")) p.macs.push_back(m.child_value());
  }
  if (p.addresses.empty()) p.addresses.push_back(parse_url(p.url).host);
  return p;
}

}  // namespace facecert::harness
