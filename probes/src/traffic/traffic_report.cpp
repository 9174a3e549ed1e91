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

bool finding_before(const Finding& a, const Finding& b) {
  const auto pa = a.packets.empty() ? 0 : a.packets.front(), pb = b.packets.empty() ? 0 : b.packets.front();
  return pa != pb ? pa < pb : a.flow < b.flow;
}

std::string suppressed_key(const Finding& f) { return f.kind + "/" + f.severity; }

std::string FlowSummary::text() const { return fmt::format("{} -> {} {}", client, server, transport); }

bool TrafficReport::has_fail() const {
  return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == "fail"; }) ||
         std::any_of(suppressed.begin(), suppressed.end(),
                     [](const auto& kv) { return kv.first.ends_with("/fail") && kv.second > 0; });
}

// Built member by member and moved into place: initializer lists copy every subtree, and on a
// capture with tens of thousands of findings the copies were a third of the analysis time.
nlohmann::json TrafficReport::flow_json(const FlowSummary& f) {
  nlohmann::json j = nlohmann::json::object();
  j["flow"] = f.text();
  j["client"] = f.client;
  j["server"] = f.server;
  j["transport"] = f.transport;
  j["packets"] = f.packets;
  j["bytes_c2s"] = f.bytes_c2s;
  j["bytes_s2c"] = f.bytes_s2c;
  j["app"] = f.app;
  j["encrypted"] = f.encrypted;
  j["start"] = f.start;
  j["first_frame"] = f.first_frame;
  j["end"] = f.end;
  j["vlan"] = f.vlan;
  j["untagged_packets"] = f.untagged_packets;
  if (f.tls) j["tls"] = tls_json(*f.tls);
  if (!f.details.empty()) j["details"] = f.details;
  return j;
}

nlohmann::json TrafficReport::finding_json(const Finding& f) {
  nlohmann::json j = nlohmann::json::object();
  j["kind"] = f.kind;
  j["severity"] = f.severity;
  j["flow"] = f.flow;
  j["direction"] = f.direction;
  j["packets"] = f.packets;
  j["stream_offset"] = f.stream_offset;
  j["length"] = f.length;
  j["description"] = f.description;
  j["details"] = f.details;
  return j;
}

nlohmann::json TrafficReport::totals_json() const {
  nlohmann::json totals = nlohmann::json::object();
  totals["packets"] = packets;
  totals["bytes"] = bytes;
  totals["flows"] = flows.size();
  totals["findings"] = findings.size();
  totals["fail"] = std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == "fail"; });
  totals["warn"] = std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == "warn"; });
  totals["suppressed"] = suppressed;
  return totals;
}

nlohmann::json TrafficReport::to_json() const {
  nlohmann::json flows_json = nlohmann::json::array();
  for (const auto& f : flows) flows_json.push_back(flow_json(f));
  nlohmann::json findings_json = nlohmann::json::array();
  for (const auto& f : findings) findings_json.push_back(finding_json(f));
  nlohmann::json out = nlohmann::json::object();
  out["flows"] = std::move(flows_json);
  out["findings"] = std::move(findings_json);
  out["warnings"] = warnings;
  out["totals"] = totals_json();
  out["has_fail"] = has_fail();
  return out;
}

}  // namespace facecert::probes
