#include <algorithm>

#include <fmt/format.h>

#include "facecert/probes/traffic_analysis.h"

namespace facecert::probes {
namespace {

nlohmann::json tls_json(const TlsSummary& t) {
  nlohmann::json cert = nullptr;
  if (t.certificate)
    cert = {{"subject", t.certificate->subject},       {"issuer", t.certificate->issuer},
            {"not_before", t.certificate->not_before}, {"not_after", t.certificate->not_after},
            {"self_signed", t.certificate->self_signed}};
  return {{"version", t.version},
          {"cipher_suite", {{"name", t.cipher_suite}, {"code", t.cipher_suite_code}}},
          {"sni", t.sni},
          {"certificate", cert}};
}

}  // namespace

std::string FlowSummary::text() const { return fmt::format("{} -> {} {}", client, server, transport); }

bool TrafficReport::has_fail() const {
  return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == "fail"; }) ||
         std::any_of(suppressed.begin(), suppressed.end(),
                     [](const auto& kv) { return kv.first.ends_with("/fail") && kv.second > 0; });
}

nlohmann::json TrafficReport::to_json() const {
  using nlohmann::json;
  json flows_json = json::array();
  for (const auto& f : flows) {
    flows_json.push_back({{"flow", f.text()},           {"client", f.client},
                          {"server", f.server},         {"transport", f.transport},
                          {"packets", f.packets},       {"bytes_c2s", f.bytes_c2s},
                          {"bytes_s2c", f.bytes_s2c},   {"app", f.app},
                          {"encrypted", f.encrypted},   {"start", f.start}, {"first_frame", f.first_frame},
                          {"end", f.end},               {"vlan", f.vlan},
                          {"untagged_packets", f.untagged_packets}});
    if (f.tls) flows_json.back()["tls"] = tls_json(*f.tls);
    if (!f.details.empty()) flows_json.back()["details"] = f.details;
  }
  json findings_json = json::array();
  std::uint64_t fails = 0, warns = 0;
  for (const auto& f : findings) {
    findings_json.push_back({{"kind", f.kind},
                             {"severity", f.severity},
                             {"flow", f.flow},
                             {"direction", f.direction},
                             {"packets", f.packets},
                             {"stream_offset", f.stream_offset},
                             {"length", f.length},
                             {"description", f.description},
                             {"details", f.details}});
    fails += f.severity == "fail";
    warns += f.severity == "warn";
  }
  return {{"flows", flows_json},
          {"findings", findings_json},
          {"warnings", warnings},
          {"totals",
           {{"packets", packets},
            {"bytes", bytes},
            {"flows", flows.size()},
            {"findings", findings.size()},
            {"fail", fails},
            {"warn", warns},
            {"suppressed", suppressed}}},
          {"has_fail", has_fail()}};
}

}  // namespace facecert::probes
