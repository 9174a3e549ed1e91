#include "facecert/harness/network_checks.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "facecert/probes/network_policy.h"

namespace facecert::harness {
namespace {

std::vector<const probes::Finding*> findings_of(const probes::TrafficReport& r, const char* kind) {
  std::vector<const probes::Finding*> out;
  for (const auto& f : r.findings)
    if (f.kind == kind) out.push_back(&f);
  return out;
}

std::string address_of(const probes::Finding& f) {
  return f.details.is_object() ? f.details.value("address", std::string("?")) : std::string("?");
}

bool is_loopback(const probes::IpAddr& a) {
  if (!a.v6) return a.bytes[0] == 127;
  return std::all_of(a.bytes.begin(), a.bytes.begin() + 15, [](auto b) { return b == 0; }) &&
         a.bytes[15] == 1;
}

// The distinct IPs at either end of the flows, and whether all of them are loopback addresses.
std::set<std::string> addresses_seen(const probes::TrafficReport& r, bool& all_loopback) {
  std::set<std::string> out;
  all_loopback = !r.flows.empty();
  for (const auto& f : r.flows)
    for (const auto* end : {&f.client, &f.server}) {
      const auto ip = probes::endpoint_ip(*end);
      if (!ip) continue;
      const auto text = end->substr(0, end->rfind(':'));
      out.insert(text.size() > 1 && text.front() == '[' ? text.substr(1, text.size() - 2) : text);
      all_loopback = all_loopback && is_loopback(*ip);
    }
  return out;
}

}  // namespace

CaseOutcome judge_dedicated_network(const probes::TrafficReport& report,
                                    const DedicatedNetworkInput& in) {
  CaseOutcome out;
  bool all_loopback = false;
  const auto seen = addresses_seen(report, all_loopback);
  std::set<std::uint16_t> vlans;
  std::uint64_t untagged = 0, ethernet_flows = 0;
  for (const auto& f : report.flows) {
    vlans.insert(f.vlan.begin(), f.vlan.end());
    untagged += f.untagged_packets;
    ethernet_flows += !f.vlan.empty() || f.untagged_packets > 0;
  }
  const auto unknown = findings_of(report, "unknown-device");
  const auto no_vlan = findings_of(report, "no-vlan");
  std::set<std::string> unknown_addresses;
  for (const auto* f : unknown) unknown_addresses.insert(address_of(*f));
  out.measurements = {{"flows", report.flows.size()},
                      {"packets", report.packets},
                      {"devices_seen", seen},
                      {"unknown_devices", unknown_addresses},
                      {"vlans_seen", vlans},
                      {"untagged_frames", untagged},
                      {"allow_list_declared", in.devices_declared},
                      {"vlan_expected", in.expect_vlan},
                      {"vlan_ids_expected", in.vlan_ids}};
  if (report.flows.empty()) {
    out.verdict = Verdict::Inconclusive;
    out.reason = fmt::format("the capture holds no flow ({} packets): nothing to judge; check the "
                             "interface and the device addresses",
                             report.packets);
    return out;
  }

  std::vector<std::string> fails, unchecked, checked;
  // Devices: every flow end must be registered (7.1: "all network ports managed and bound").
  if (!in.devices_declared) {
    unchecked.push_back(
        "the device profile declares no allowed devices, so registration was not checked (add "
        "<allowed-device>IP or MAC</allowed-device> or <allowed-devices file=\"...\"/> under "
        "<network>)");
  } else if (!unknown.empty()) {
    std::vector<std::string> what;
    for (const auto* f : unknown) what.push_back(fmt::format("{} in flow {}", f->description, f->flow));
    fails.push_back(fmt::format("unregistered device(s) {} on the network: {}",
                                fmt::join(unknown_addresses, ", "), fmt::join(what, "; ")));
  } else {
    checked.push_back(fmt::format("all {} address(es) seen are registered ({})", seen.size(),
                                  fmt::join(seen, ", ")));
  }

  // Dedicated network: a VLAN segment, shown by the 802.1Q tags of the captured frames.
  if (in.iface == "lo" || all_loopback) {
    unchecked.push_back(
        "the capture is on loopback, where frames never carry 802.1Q tags: VLAN separation cannot "
        "be shown here (capture on the device's network through a mirror or trunk port)");
  } else if (!in.expect_vlan) {
    unchecked.push_back(
        "the device profile expects no VLAN, so the dedicated network is not shown by the capture "
        "(declare <vlan id=\"...\"/> under <network>, or judge the physical separation on site)");
  } else if (ethernet_flows == 0) {
    unchecked.push_back("the capture has no Ethernet headers, so VLAN tags cannot be checked");
  } else {
    std::vector<std::string> bad;
    for (const auto* f : no_vlan) bad.push_back(fmt::format("{}: {}", f->flow, f->description));
    // Several expected ids: the analyser checks only for a tag, the ids are checked here.
    if (in.vlan_ids.size() > 1)
      for (const auto& f : report.flows) {
        std::vector<std::uint16_t> other;
        for (auto id : f.vlan)
          if (std::find(in.vlan_ids.begin(), in.vlan_ids.end(), id) == in.vlan_ids.end())
            other.push_back(id);
        if (!other.empty())
          bad.push_back(fmt::format("{}: tagged VLAN {} (expected {})", f.text(),
                                    fmt::join(other, ", "), fmt::join(in.vlan_ids, ", ")));
      }
    if (!bad.empty())
      fails.push_back(fmt::format("{} flow(s) outside the expected VLAN{}: {}", bad.size(),
                                  in.vlan_ids.empty()
                                      ? std::string()
                                      : fmt::format(" {}", fmt::join(in.vlan_ids, "/")),
                                  fmt::join(bad, "; ")));
    else
      checked.push_back(fmt::format("every frame carries VLAN tag(s) {}", fmt::join(vlans, ", ")));
  }

  if (!fails.empty()) {
    out.verdict = Verdict::Fail;
    out.reason = fmt::format("{}", fmt::join(fails, "; "));
  } else if (!unchecked.empty()) {
    out.verdict = Verdict::Inconclusive;
    out.reason = fmt::format("{}{}", checked.empty() ? "" : fmt::format("{}; but ", fmt::join(checked, "; ")),
                             fmt::join(unchecked, "; "));
  } else {
    out.verdict = Verdict::Pass;
    out.reason = fmt::format("{} flow(s): {}", report.flows.size(), fmt::join(checked, "; "));
  }
  return out;
}

CaseOutcome judge_no_internet_link(const probes::TrafficReport& report, const std::string& scope) {
  CaseOutcome out;
  bool all_loopback = false;
  const auto seen = addresses_seen(report, all_loopback);
  const auto internet = findings_of(report, "internet-destination");
  std::set<std::string> public_addresses;
  for (const auto* f : internet) public_addresses.insert(address_of(*f));
  out.measurements = {{"flows", report.flows.size()},
                      {"packets", report.packets},
                      {"addresses_seen", seen},
                      {"public_addresses", public_addresses}};
  if (!internet.empty()) {
    std::vector<std::string> what;
    for (const auto* f : internet) what.push_back(fmt::format("{} in flow {}", f->description, f->flow));
    out.verdict = Verdict::Fail;
    out.reason = fmt::format("real-time link(s) to the internet: {} ({})",
                             fmt::join(public_addresses, ", "), fmt::join(what, "; "));
  } else if (report.flows.empty()) {
    out.verdict = Verdict::Inconclusive;
    out.reason = fmt::format("no flow was captured ({}): the capture shows nothing to judge", scope);
  } else {
    out.verdict = Verdict::Pass;
    out.reason = fmt::format("{} flow(s), all to {} addresses ({}); {}", report.flows.size(),
                             all_loopback ? "loopback" : "private/loopback", fmt::join(seen, ", "),
                             scope);
  }
  return out;
}

}  // namespace facecert::harness
