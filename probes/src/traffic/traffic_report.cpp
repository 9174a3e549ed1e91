#include <algorithm>

#include <fmt/format.h>

#include "facecert/probes/traffic_analysis.h"

namespace facecert::probes {

std::string FlowSummary::text() const { return fmt::format("{} -> {} {}", client, server, transport); }

bool TrafficReport::has_fail() const {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == "fail"; });
}

nlohmann::json TrafficReport::to_json() const {
  using nlohmann::json;
  json flows_json = json::array();
  for (const auto& f : flows)
    flows_json.push_back({{"flow", f.text()},           {"client", f.client},
                          {"server", f.server},         {"transport", f.transport},
                          {"packets", f.packets},       {"bytes_c2s", f.bytes_c2s},
                          {"bytes_s2c", f.bytes_s2c},   {"app", f.app},
                          {"encrypted", f.encrypted},   {"start", f.start},
                          {"end", f.end}});
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
            {"warn", warns}}},
          {"has_fail", has_fail()}};
}

}  // namespace facecert::probes
