// The CLI's direct writer of the traffic report's flows and findings (harness/cli/traffic_json.h)
// gives the very text nlohmann's dump(2) gives for TrafficReport::flow_json / finding_json, on
// flows with and without TLS, certificate, VLAN ids and details, and on strings that need escaping
// (quotes, control characters, non-ASCII, bytes that are not UTF-8); and the whole report file,
// written in parts built side by side, is nlohmann's dump(2) of the whole document.
#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "../../harness/cli/traffic_json.h"
#include "../../harness/cli/traffic_output.h"
#include "probes/frame_builder_support.h"

namespace facecert::cli {
namespace {

std::string via_nlohmann_flow(const probes::FlowSummary& f, int level) {
  std::string out;
  append_json(out, probes::TrafficReport::flow_json(f), level);
  return out;
}

std::string via_nlohmann_finding(const probes::Finding& f, int level) {
  std::string out;
  append_json(out, probes::TrafficReport::finding_json(f), level);
  return out;
}

TEST(TrafficJson, FlowsReadAsNlohmannWritesThem) {
  probes::FlowSummary plain;
  plain.client = "10.0.0.1:50000";
  plain.server = "10.0.0.2:80";
  plain.app = "http";
  plain.encrypted = "false";
  plain.packets = 12;
  plain.bytes_c2s = 300;
  plain.bytes_s2c = 123456789012ULL;
  plain.start = 1732780800.0;
  plain.end = 1732780801.123456;
  plain.first_frame = 7;

  probes::FlowSummary tls = plain;
  tls.app = "tls";
  tls.encrypted = "true";
  tls.vlan = {20, 30};
  tls.untagged_packets = 3;
  tls.tls = probes::TlsSummary{"TLS 1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "0xC02F", "cam\"era\\1", {}};
  probes::FlowSummary with_cert = tls;
  with_cert.tls->certificate = probes::TlsCertificateSummary{"CN=设备 \x01", "CN=ca", "2026-01-01", "2027-01-01", true};
  with_cert.details = {{"gb28181", {{"register", 2}, {"note", "SM3"}}}, {"empty", nlohmann::json::array()}};
  probes::FlowSummary hostile = plain;
  hostile.server = std::string("bad\xff\xfe", 5);
  hostile.end = 0.1;

  for (const probes::FlowSummary* f : {&plain, &tls, &with_cert, &hostile})
    for (const int level : {0, 4}) {
      std::string ours;
      append_flow_json(ours, *f, level);
      EXPECT_EQ(ours, via_nlohmann_flow(*f, level)) << f->app << " level " << level;
    }
}

TEST(TrafficJson, FindingsReadAsNlohmannWritesThem) {
  probes::Finding f;
  f.kind = "plaintext-face-image";
  f.severity = "fail";
  f.flow = "10.0.0.1:50000 -> 10.0.0.2:80 tcp";
  f.direction = "c2s";
  f.packets = {5, 6, 9};
  f.stream_offset = 1024;
  f.length = 30000;
  f.description = "JPEG 320x240 with 1 face, \"quoted\"\ttab, 人脸";
  f.details = {{"format", "JPEG"}, {"face_boxes", {{1, 2, 3, 4}}}, {"sha256", "ab"}};
  probes::Finding bare;
  bare.kind = "no-vlan";
  bare.severity = "warn";
  for (const probes::Finding* x : {&f, &bare})
    for (const int level : {0, 4}) {
      std::string ours;
      append_finding_json(ours, *x, level);
      EXPECT_EQ(ours, via_nlohmann_finding(*x, level)) << x->kind << " level " << level;
    }
}

TEST(TrafficJson, TheReportFileIsNlohmannsTextWhateverTheSplitOfItsArrays) {
  // The findings array is built in two parts, on two threads, split by the flows' count too.
  for (const auto& [n_findings, n_flows] : std::vector<std::pair<int, int>>{
           {0, 0}, {1, 0}, {0, 1}, {1, 1}, {2, 0}, {1, 5}, {3, 5}, {5, 3}, {40, 7}}) {
    probes::TrafficReport r;
    for (int i = 0; i < n_flows; ++i) {
      probes::FlowSummary f;
      f.client = fmt::format("10.0.0.1:{}", 50000 + i);
      f.server = "10.0.0.2:80";
      f.packets = static_cast<std::uint64_t>(i);
      r.flows.push_back(f);
    }
    for (int i = 0; i < n_findings; ++i) {
      probes::Finding f;
      f.kind = "plaintext-identity";
      f.severity = i % 2 ? "fail" : "warn";
      f.packets = {static_cast<std::uint64_t>(i)};
      f.details = {{"n", i}};
      r.findings.push_back(f);
    }
    r.warnings = {"a warning"};
    const test::TempDir dir;
    const auto file = dir.path / "report.json";
    ASSERT_TRUE(write_traffic_json("test", file.string(), {{&r, {{"file", "x.pcap"}}}}, r.has_fail()));
    nlohmann::json capture = {{"file", "x.pcap"}, {"has_fail", r.has_fail()}, {"totals", r.totals_json()},
                              {"warnings", r.warnings}};
    capture["findings"] = nlohmann::json::array();
    for (const auto& f : r.findings) capture["findings"].push_back(probes::TrafficReport::finding_json(f));
    capture["flows"] = nlohmann::json::array();
    for (const auto& f : r.flows) capture["flows"].push_back(probes::TrafficReport::flow_json(f));
    const nlohmann::json doc = {{"captures", {capture}}, {"has_fail", r.has_fail()}};
    const auto bytes = test::read_file(file);
    EXPECT_EQ(std::string(bytes.begin(), bytes.end()), doc.dump(2) + "\n")
        << n_findings << " findings, " << n_flows << " flows";
  }
}

}  // namespace
}  // namespace facecert::cli
