#include "zone_policy.h"

#include <fmt/format.h>

namespace facecert::probes::traffic {

const SecureZone* shared_zone(const Flow& flow, const NetworkZones& zones) {
  const auto c = parse_ip(flow.client_ip), s = parse_ip(flow.server_ip);
  if (!c || !s) return nullptr;
  const SecureZone* zone = zones.zone_of(*c);
  return zone && zone == zones.zone_of(*s) ? zone : nullptr;
}

bool between_gateways(const Flow& flow, const NetworkZones& zones) {
  const auto c = parse_ip(flow.client_ip), s = parse_ip(flow.server_ip);
  return c && s && zones.is_gateway(*c) && zones.is_gateway(*s);
}

void downgrade_in_zone(std::vector<Finding>& findings, std::size_t from, const SecureZone& zone) {
  for (std::size_t i = from; i < findings.size(); ++i) {
    Finding& f = findings[i];
    if (f.severity != "fail" && f.severity != "warn") continue;
    f.details["original_kind"] = f.kind;
    f.details["original_severity"] = f.severity;
    f.details["zone"] = zone.name;
    f.description = fmt::format("inside secure zone \"{}\" (not transmission): {}", zone.name,
                                f.description);
    f.kind = "plaintext-in-secure-zone";
    f.severity = "info";
  }
}

}  // namespace facecert::probes::traffic
