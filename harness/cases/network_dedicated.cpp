// 7.1: a dedicated network (a VLAN segment is acceptable) and every connected device's port managed
// and bound. Judged from the run's capture with what the device profile declares under <network>:
// the allowed devices (IP / MAC) and the expected VLAN. Verdict logic: network_checks.h.
#include <fmt/format.h>

#include "facecert/harness/device_profile.h"
#include "facecert/harness/evidence_store.h"
#include "facecert/harness/network_checks.h"
#include "facecert/probes/live_capture.h"

namespace facecert::harness::cases {
namespace {

CaseOutcome run(CaseContext& ctx) {
  ctx.progress("analysing the capture for unregistered devices and VLAN tags");
  ctx.capture->settle();
  const auto report = probes::analyze_pcap(ctx.capture->file(), ctx.profile.analyze_options());
  DedicatedNetworkInput in;
  in.devices_declared = ctx.profile.allowed_devices != nullptr;
  in.expect_vlan = ctx.profile.expect_vlan;
  in.vlan_ids = ctx.profile.vlan_ids;
  in.iface = ctx.profile.iface;
  CaseOutcome out = judge_dedicated_network(report, in);
  out.measurements["iface"] = ctx.profile.iface;
  out.measurements["capture_filter"] = ctx.profile.capture_filter();
  out.evidence.push_back(ctx.evidence.add_json(ctx.plan_case.id, "traffic.json", report.to_json(),
                                               "flows and findings of the capture analysis"));
  return out;
}

const CaseTypeRegistration kRegistration{{
    "network.dedicated-network",
    "only the registered devices (IP/MAC) and the expected VLAN tag appear in the capture",
    {},
    {},
    false,
    true,
    run,
}};

}  // namespace
}  // namespace facecert::harness::cases
