// 7.0.encryption: face data that leaves the physically secure environment must be encrypted (at
// least TLS). The case makes the device handle face images (so face data certainly crosses the
// network), then analyses everything captured so far: a face image in clear text in any flow is a
// fail naming the flow and packets; a clear-text flow that carried the face images the harness
// sent is a fail even if the analyser could not carve them. The TLS audit's fail findings (a version
// below TLS 1.2, a NULL/EXPORT/RC4/DES/anonymous suite) fail the clause the same way.
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "face_exercise.h"
#include "facecert/harness/device_profile.h"
#include "facecert/harness/evidence_store.h"
#include "facecert/probes/live_capture.h"
#include "facecert/probes/traffic_analysis.h"

namespace facecert::harness::cases {
namespace {

bool involves_device(const probes::FlowSummary& f, const DeviceProfile& profile) {
  for (const auto& a : profile.addresses) {
    const std::string v4 = a + ":", v6 = "[" + a + "]:";
    if (f.server.rfind(v4, 0) == 0 || f.server.rfind(v6, 0) == 0 || f.client.rfind(v4, 0) == 0 ||
        f.client.rfind(v6, 0) == 0)
      return true;
  }
  return false;
}

std::string packet_list(const std::vector<std::uint64_t>& p) {
  if (p.empty()) return "?";
  if (p.size() == 1) return fmt::format("{}", p.front());
  return fmt::format("{}-{}", p.front(), p.back());
}

CaseOutcome run(CaseContext& ctx) {
  ExerciseLog log;
  if (ctx.param_bool("exercise")) {
    log = exercise_with_faces(ctx);
    clean_up(ctx, log);
  }
  ctx.progress("analysing the capture");
  ctx.capture->settle();
  // The profile's zones and gateways decide what leaves the secure environment.
  const probes::TrafficReport report =
      probes::analyze_pcap(ctx.capture->file(), ctx.profile.analyze_options());

  CaseOutcome out;
  out.evidence.push_back(ctx.evidence.add_json(ctx.plan_case.id, "traffic.json", report.to_json(),
                                               "flows and findings of the capture analysis"));
  out.evidence.push_back({relative_to(ctx.capture->file(), ctx.evidence.run_dir()), "", "pcapng",
                          "the run's capture (still growing; final hash in manifest.json)"});

  std::vector<const probes::FlowSummary*> device_flows;
  std::uint64_t clear_flows = 0, encrypted_flows = 0;
  for (const auto& f : report.flows) {
    if (!involves_device(f, ctx.profile)) continue;
    device_flows.push_back(&f);
    clear_flows += f.encrypted == "false";
    encrypted_flows += f.encrypted == "true";
  }
  std::vector<std::string> fails;
  std::uint64_t warn = 0, other_clauses = 0;
  for (const auto& fnd : report.findings) {
    // Network findings of 7.1 (devices, VLAN) and 7.2 (internet links) belong to those clauses'
    // cases, not to the encryption verdict.
    const std::string clause = fnd.details.is_object() ? fnd.details.value("clause", "") : "";
    if (!clause.empty() && clause.rfind("7.0", 0) != 0) {
      ++other_clauses;
      continue;
    }
    if (fnd.severity == "fail")
      fails.push_back(fmt::format("{} in flow {} ({}, frames {}): {}", fnd.kind, fnd.flow,
                                  fnd.direction, packet_list(fnd.packets), fnd.description));
    warn += fnd.severity == "warn";
  }
  out.measurements = {{"packets", report.packets},
                      {"bytes", report.bytes},
                      {"flows", report.flows.size()},
                      {"device_flows", device_flows.size()},
                      {"device_flows_encrypted", encrypted_flows},
                      {"device_flows_clear", clear_flows},
                      {"fail_findings", fails.size()},
                      {"warn_findings", warn},
                      {"findings_for_other_clauses", other_clauses},
                      {"face_images_sent_by_harness", log.presented.size()},
                      {"face_templates_exported", log.templates_exported},
                      {"capture_warnings", report.warnings}};

  if (!fails.empty()) {
    out.verdict = Verdict::Fail;
    // Fail findings are a face image in clear text, or (TLS audit) a protocol version or cipher
    // too weak to count as encryption.
    const bool clear = std::any_of(report.findings.begin(), report.findings.end(), [](const auto& f) {
      return f.severity == "fail" && f.kind.rfind("plaintext-", 0) == 0;
    });
    out.reason = fmt::format("{}: {}",
                             clear ? "face data crossed the network in clear text"
                                   : "the device's traffic is not soundly encrypted",
                             fmt::join(fails, "; "));
  } else if (device_flows.empty()) {
    out.verdict = Verdict::Inconclusive;
    out.reason = fmt::format("the capture on {} holds no traffic of the device ({} packets in all): "
                             "check the interface and the device addresses",
                             ctx.profile.iface, report.packets);
  } else if (clear_flows > 0 && !log.presented.empty()) {
    std::vector<std::string> names;
    for (const auto* f : device_flows)
      if (f->encrypted == "false") names.push_back(fmt::format("{} ({})", f->text(), f->app));
    out.verdict = Verdict::Fail;
    out.reason = fmt::format("{} face image(s) were sent to the device over clear-text flow(s): {}",
                             log.presented.size(), fmt::join(names, ", "));
  } else if (encrypted_flows == 0) {
    out.verdict = Verdict::Inconclusive;
    out.reason = fmt::format("{} device flow(s) seen, none recognisably encrypted and no face data "
                             "found in them: judge by hand",
                             device_flows.size());
  } else {
    std::vector<std::string> apps;
    for (const auto* f : device_flows) apps.push_back(f->app);
    std::sort(apps.begin(), apps.end());
    apps.erase(std::unique(apps.begin(), apps.end()), apps.end());
    out.verdict = Verdict::Pass;
    out.reason = fmt::format(
        "{} of {} device flow(s) encrypted ({}); {} face image(s) sent by the harness; no face "
        "image found in clear text in {} captured packets",
        encrypted_flows, device_flows.size(), fmt::join(apps, ", "), log.presented.size(),
        report.packets);
    if (clear_flows > 0)
      out.reason += fmt::format("; {} clear-text device flow(s) carried no face data", clear_flows);
  }
  return out;
}

const CaseTypeRegistration kRegistration{{
    "transport.face-data-encrypted",
    "no face image crosses the network in clear text (capture + reassembly + face detection)",
    {{"exercise", "true", "make the device handle face images before analysing", false}},
    {},
    true,
    true,
    run,
}};

}  // namespace
}  // namespace facecert::harness::cases
