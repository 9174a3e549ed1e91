// The CLI's direct writer of the traffic report's flows and findings (harness/cli/traffic_json.h)
// gives the very text nlohmann's dump(2) gives for TrafficReport::flow_json / finding_json, on
// flows with and without TLS, certificate, VLAN ids and details, and on strings that need escaping
// (quotes, control characters, non-ASCII, bytes that are not UTF-8).
#include <string>

#include <gtest/gtest.h>

#include "../../harness/cli/traffic_json.h"

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

}  // namespace
}  // namespace facecert::cli
