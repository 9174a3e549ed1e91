// Secure zones and encryption gateways (docs/network-zones.md): the Requirements' "transmission"
// is data leaving the physically secure environment (7.0).
#pragma once

#include <cstddef>
#include <vector>

#include "facecert/probes/capture_reader.h"
#include "facecert/probes/network_policy.h"

namespace facecert::probes::traffic {

// The zone holding both ends of the flow, nullptr if they are not in one zone.
const SecureZone* shared_zone(const Flow& flow, const NetworkZones& zones);
// Both ends are declared encryption gateways: the flow counts as encrypted.
bool between_gateways(const Flow& flow, const NetworkZones& zones);
// Clear text inside one zone is not transmission: findings[from..] of fail/warn become
// plaintext-in-secure-zone (info), keeping what they were in details.
void downgrade_in_zone(std::vector<Finding>& findings, std::size_t from, const SecureZone& zone);

}  // namespace facecert::probes::traffic
