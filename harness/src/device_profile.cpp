#include "facecert/harness/device_profile.h"

#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "facecert/harness/plan.h"
#include "facecert/harness/xml_util.h"
#include "facecert/probes/network_policy.h"

namespace facecert::harness {
namespace {

std::string strip_newline(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

std::filesystem::path beside(const std::filesystem::path& profile, const std::string& name) {
  std::filesystem::path f = name;
  return f.is_relative() ? profile.parent_path() / f : f;
}

// <network>'s site declarations: allowed devices, VLAN, zones and gateways (docs/device-profile.md).
template <class Fail>
void load_site_network(const pugi::xml_node& net, const std::filesystem::path& file,
                       DeviceProfile& p, Fail& fail) {
  auto allowed = std::make_shared<probes::DeviceAllowList>();
  bool declared = false;
  for (auto a : net.children("allowed-device")) {
    const std::string text = a.child_value();
    declared = true;
    if (auto ip = probes::parse_ip(text))
      allowed->addresses.insert(*ip);
    else if (auto mac = probes::parse_mac(text))
      allowed->macs.insert(*mac);
    else
      fail(a, fmt::format("`{}` is neither an IP nor a MAC address", text),
           "e.g. 192.168.10.21 or 00:e0:4c:68:03:6b");
  }
  for (auto f : net.children("allowed-devices")) {
    declared = true;
    try {
      const auto list = probes::load_device_allow_list(beside(file, f.attribute("file").as_string()));
      allowed->addresses.insert(list.addresses.begin(), list.addresses.end());
      allowed->macs.insert(list.macs.begin(), list.macs.end());
    } catch (const std::exception& e) {
      fail(f, e.what(), "one IP or MAC per line, see docs/network-zones.md");
    }
  }
  if (declared) p.allowed_devices = allowed;

  for (auto v : net.children("vlan")) {
    p.expect_vlan = true;
    if (!v.attribute("id")) continue;  // any tag
    const std::string text = v.attribute("id").as_string();
    const int id = v.attribute("id").as_int(-1);
    if (id < 0 || id > 4094 || text.find_first_not_of("0123456789") != std::string::npos)
      fail(v, fmt::format("VLAN id `{}` is not 0-4094", text));
    p.vlan_ids.push_back(static_cast<std::uint16_t>(id));
  }

  auto zones = std::make_shared<probes::NetworkZones>();
  bool has_zones = false;
  for (auto z : net.children("zones")) {
    has_zones = true;
    try {
      auto loaded = probes::load_network_zones(beside(file, z.attribute("file").as_string()));
      zones->zones.insert(zones->zones.end(), loaded.zones.begin(), loaded.zones.end());
      zones->gateways.insert(loaded.gateways.begin(), loaded.gateways.end());
    } catch (const std::exception& e) {
      fail(z, e.what(), "see docs/network-zones.md");
    }
  }
  for (auto z : net.children("zone")) {
    has_zones = true;
    probes::SecureZone zone{z.attribute("name").as_string(), {}};
    if (zone.name.empty()) fail(z, "<zone> needs a name attribute");
    std::istringstream ss(z.child_value());
    for (std::string word; ss >> word;) {
      const auto subnet = probes::parse_subnet(word);
      if (!subnet) fail(z, fmt::format("`{}` is not an IPv4/IPv6 subnet (CIDR)", word));
      zone.subnets.push_back(*subnet);
    }
    if (zone.subnets.empty()) fail(z, fmt::format("zone `{}` lists no subnet", zone.name));
    zones->zones.push_back(std::move(zone));
  }
  for (auto g : net.children("gateway")) {
    has_zones = true;
    std::istringstream ss(g.child_value());
    for (std::string word; ss >> word;) {
      const auto ip = probes::parse_ip(word);
      if (!ip) fail(g, fmt::format("gateway `{}` is not an IP address", word));
      zones->gateways.insert(*ip);
    }
  }
  if (has_zones) p.zones = zones;
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

namespace {
// Why a program cannot be a driver ("" when it can).
std::string not_runnable(const std::filesystem::path& exe) {
  struct stat st {};
  if (::stat(exe.c_str(), &st) != 0) return fmt::format("driver executable {} does not exist", exe.string());
  if (!S_ISREG(st.st_mode)) return fmt::format("driver executable {} is not a regular file", exe.string());
  if (::access(exe.c_str(), X_OK) != 0)
    return fmt::format("driver executable {} is not executable (hint: chmod +x {})", exe.string(), exe.string());
  return {};
}
}  // namespace

void use_driver(DeviceProfile& profile, const std::string& spec) {
  if (spec.find('/') != std::string::npos) {
    const std::filesystem::path exe = std::filesystem::absolute(spec);
    if (const auto why = not_runnable(exe); !why.empty()) throw std::runtime_error(why);
    profile.driver = "process";
    profile.driver_exec = exe;
    return;
  }
  profile.driver = spec;
  if (spec == "isapi" && profile.id == "refdev") profile.driver_options["extension"] = "refdev";
}

drivers::DriverConfig DeviceProfile::driver_config() const {
  drivers::DriverConfig c;
  c.driver = driver;
  c.base_url = url;
  c.user = user;
  c.password = password;
  c.ca_file = ca_file;
  c.timeout = std::chrono::milliseconds(request_timeout_ms);
  c.options = driver_options;
  c.executable = driver_exec;
  c.args = driver_args;
  c.start_timeout = std::chrono::milliseconds(driver_start_timeout_ms);
  c.call_timeout = std::chrono::milliseconds(driver_call_timeout_ms);
  return c;
}

std::string DeviceProfile::capture_filter() const {
  std::vector<std::string> hosts;
  for (const auto& a : addresses) hosts.push_back("host " + a);
  std::string filter = hosts.empty() ? std::string() : "(" + fmt::format("{}", fmt::join(hosts, " or ")) + ")";
  // On the loopback interface every local program shares the addresses: narrow to the device's
  // ports (the endpoint's, and any further ones it serves on).
  if (iface == "lo" && !url.empty()) {
    std::vector<std::string> ports{fmt::format("tcp port {}", parse_url(url).port)};
    for (int p : extra_ports) ports.push_back(fmt::format("tcp port {}", p));
    const std::string any = ports.size() == 1 ? ports.front()
                                              : "(" + fmt::format("{}", fmt::join(ports, " or ")) + ")";
    filter += fmt::format("{}{}", filter.empty() ? "" : " and ", any);
  }
  return filter;
}

probes::AnalyzeOptions DeviceProfile::analyze_options() const {
  probes::AnalyzeOptions o;
  o.zones = zones;
  o.allowed_devices = allowed_devices;
  if (expect_vlan) {
    o.expect_vlan = probes::VlanExpectation{};
    if (vlan_ids.size() == 1) o.expect_vlan->id = vlan_ids.front();  // several: judged by the case
  }
  return o;
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
  if (auto exe = drv.attribute("exec")) {
    // An out-of-process driver (docs/driver-protocol.md): checked here, so that a campaign does
    // not start with a driver that cannot run.
    if (!p.driver.empty() && p.driver != "process")
      fail(drv, "<driver> takes either name=\"...\" (built in) or exec=\"...\" (a program), not both");
    p.driver = "process";
    std::filesystem::path exe_path = exe.value();
    if (exe_path.empty()) fail(drv, "exec=\"\" names no program");
    if (exe_path.is_relative()) exe_path = file.parent_path() / exe_path;
    if (const auto why = not_runnable(exe_path); !why.empty()) fail(drv, why);
    p.driver_exec = exe_path;
    for (auto a : drv.children("arg")) p.driver_args.push_back(a.child_value());
  }
  if (p.driver.empty()) fail(drv ? drv : root, "missing <driver name=\"...\"> or <driver exec=\"...\">", "e.g. refdev");
  for (auto o : drv.children("option")) {
    const std::string name = o.attribute("name").as_string();
    if (name.empty()) fail(o, "<option> needs name=\"...\"");
    p.driver_options[name] = o.attribute("value").as_string();
  }
  pugi::xml_node ep = root.child("endpoint");
  p.url = ep.attribute("url").as_string();
  if (p.url.empty()) fail(ep ? ep : root, "missing <endpoint url=\"...\">");
  try {
    parse_url(p.url);
  } catch (const std::exception& e) {
    fail(ep, e.what(), "scheme://host:port, e.g. https://192.168.1.64");
  }
  if (auto t = root.child("timeouts")) {
    p.request_timeout_ms = t.attribute("request-ms").as_int(10000);
    p.driver_start_timeout_ms = t.attribute("driver-start-ms").as_int(10000);
    p.driver_call_timeout_ms = t.attribute("driver-call-ms").as_int(30000);
    if (p.request_timeout_ms <= 0 || p.driver_start_timeout_ms <= 0 || p.driver_call_timeout_ms <= 0)
      fail(t, "timeouts must be positive milliseconds");
  }
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
    for (auto port : net.children("port")) {
      const int n = port.text().as_int(0);
      if (n <= 0 || n > 65535) fail(port, fmt::format("port `{}` is not 1-65535", port.child_value()));
      p.extra_ports.push_back(n);
    }
    load_site_network(net, file, p, fail);
  }
  if (p.addresses.empty()) p.addresses.push_back(parse_url(p.url).host);
  return p;
}

}  // namespace facecert::harness
