// The verdicts of the network clauses judged from a capture: 7.1 (dedicated network: only the
// registered devices, the expected VLAN) and 7.2 (no real-time internet link). Pure functions of
// the traffic report and what the device profile declares, so they are tested on crafted captures;
// the case types network.dedicated-network and network.no-internet-link (harness/cases/) call them
// on the run's live capture.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "facecert/harness/case_type.h"
#include "facecert/probes/traffic_analysis.h"

namespace facecert::harness {

struct DedicatedNetworkInput {
  bool devices_declared = false;         // the profile has an allow list (else: not checked)
  bool expect_vlan = false;              // the profile has a <vlan> element
  std::vector<std::uint16_t> vlan_ids;   // empty with expect_vlan: any tag
  std::string iface;                     // where the capture was taken ("lo": no VLAN there)
};

// 7.1. Fail: an unknown-device finding, or (VLAN expected) untagged frames or a foreign tag.
// Inconclusive: no traffic, no allow list declared, no VLAN declared, or a capture that cannot
// show tags (loopback, no Ethernet headers). Pass otherwise, with devices and VLANs seen.
CaseOutcome judge_dedicated_network(const probes::TrafficReport& report,
                                    const DedicatedNetworkInput& input);

// 7.2 (internet part). Fail: an internet-destination finding. Inconclusive: no flow captured.
// Pass: every flow between private/loopback/link-local addresses. `scope` says what was captured
// (interface, filter, observation time) and goes into the reason.
CaseOutcome judge_no_internet_link(const probes::TrafficReport& report, const std::string& scope);

}  // namespace facecert::harness
