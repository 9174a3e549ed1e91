// Readers of the zones file and the device allow list (formats: docs/network-zones.md).
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "facecert/probes/live_capture.h"
#include "facecert/probes/network_policy.h"

namespace facecert::probes {
namespace {

// Calls `line_fn(words, where)` for every non-blank line with its '#' comment cut off.
template <typename LineFn>
void for_each_line(const std::filesystem::path& file, LineFn line_fn) {
  std::ifstream in(file);
  if (!in) throw ProbeError(fmt::format("{}: cannot open", file.string()));
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream words_in(line);
    std::vector<std::string> words;
    for (std::string w; words_in >> w;) words.push_back(w);
    if (!words.empty()) line_fn(words, fmt::format("{}:{}", file.string(), number));
  }
}

}  // namespace

NetworkZones load_network_zones(const std::filesystem::path& file) {
  NetworkZones out;
  for_each_line(file, [&](const std::vector<std::string>& w, const std::string& where) {
    if (w[0] == "zone") {
      if (w.size() < 3)
        throw ProbeError(fmt::format("{}: expected `zone NAME SUBNET...`", where));
      SecureZone* zone = nullptr;
      for (auto& z : out.zones)
        if (z.name == w[1]) zone = &z;
      if (!zone) zone = &out.zones.emplace_back(SecureZone{w[1], {}});
      for (std::size_t i = 2; i < w.size(); ++i) {
        const auto s = parse_subnet(w[i]);
        if (!s) throw ProbeError(fmt::format("{}: `{}` is not an IPv4/IPv6 subnet (CIDR)", where, w[i]));
        zone->subnets.push_back(*s);
      }
    } else if (w[0] == "gateway") {
      if (w.size() < 2) throw ProbeError(fmt::format("{}: expected `gateway ADDRESS...`", where));
      for (std::size_t i = 1; i < w.size(); ++i) {
        const auto a = parse_ip(w[i]);
        if (!a) throw ProbeError(fmt::format("{}: `{}` is not an IP address", where, w[i]));
        out.gateways.insert(*a);
      }
    } else {
      throw ProbeError(fmt::format("{}: unknown keyword `{}` (expected zone or gateway)", where, w[0]));
    }
  });
  return out;
}

DeviceAllowList load_device_allow_list(const std::filesystem::path& file) {
  DeviceAllowList out;
  for_each_line(file, [&](const std::vector<std::string>& w, const std::string& where) {
    if (w.size() != 1)
      throw ProbeError(fmt::format("{}: expected one IP or MAC address per line", where));
    if (const auto mac = parse_mac(w[0]))
      out.macs.insert(*mac);
    else if (const auto ip = parse_ip(w[0]))
      out.addresses.insert(*ip);
    else
      throw ProbeError(fmt::format("{}: `{}` is neither an IP nor a MAC address", where, w[0]));
  });
  return out;
}

}  // namespace facecert::probes
