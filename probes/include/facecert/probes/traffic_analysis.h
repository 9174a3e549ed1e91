// Traffic analysis of a pcap/pcapng file (gzip-compressed or not): flows, and findings from the
// registered flow auditors and stream detectors. The report model is shared with live capture.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/probes/network_policy.h"

namespace facecert::probes {

// What the clear part of a TLS / TLCP handshake said (7.0 audit); fields empty when not seen.
struct TlsCertificateSummary {  // the leaf (TLCP: the signing certificate)
  std::string subject, issuer, not_before, not_after;
  bool self_signed = false;
};

struct TlsSummary {
  std::string version;            // negotiated: "TLS 1.3", "TLS 1.2", "TLCP 1.1" ...
  std::string cipher_suite;       // name of the chosen suite
  std::string cipher_suite_code;  // "0xC02B"
  std::string sni;
  std::optional<TlsCertificateSummary> certificate;
};

struct FlowSummary {
  std::string client, server;     // "ip:port" (IPv6 as [addr]:port)
  std::string transport = "tcp";
  std::uint64_t packets = 0;
  std::uint64_t bytes_c2s = 0, bytes_s2c = 0;  // payload bytes each way
  std::string app = "unknown";    // http, tls, tlcp, unknown ...
  std::string encrypted = "unknown";  // "true" | "false" | "unknown"
  double start = 0, end = 0;      // epoch seconds
  std::uint64_t first_frame = 0;  // 1-based frame number of its first packet
  std::optional<TlsSummary> tls;  // tls / tlcp flows whose handshake start was captured
  // 7.1: 802.1Q ids seen on the flow's Ethernet frames (outermost tag), and how many of its
  // Ethernet frames had no tag. Both empty/0 when the link layer says nothing (SLL, raw IP).
  std::vector<std::uint16_t> vlan;
  std::uint64_t untagged_packets = 0;
  // What protocol-specific auditors learnt about the flow (e.g. "gb28181": {...}); written to the
  // JSON as "details" when not empty.
  nlohmann::json details = nlohmann::json::object();
  std::string text() const;       // "client -> server tcp"
};

struct Finding {
  std::string kind;       // plaintext-face-image, plaintext-image, ...
  std::string severity;   // fail | warn | info
  std::string flow;       // FlowSummary::text() of the flow it was seen in
  std::string direction;  // c2s | s2c
  std::vector<std::uint64_t> packets;  // 1-based frame numbers in the capture holding the bytes
  std::uint64_t stream_offset = 0;     // byte offset in that direction's reassembled stream
  std::uint64_t length = 0;
  std::string description;             // one line, redacted (no identity data in clear)
  nlohmann::json details = nlohmann::json::object();
};

// The report's order of findings: by first packet, then by flow (flow-level findings have no
// packet); stable within a flow, whose findings come from one thread in detector order.
bool finding_before(const Finding& a, const Finding& b);
// "kind/severity": the key findings are capped and counted under (TrafficReport::suppressed).
std::string suppressed_key(const Finding& f);

struct TrafficReport {
  std::uint64_t packets = 0, bytes = 0;
  std::vector<FlowSummary> flows;
  std::vector<Finding> findings;
  std::vector<std::string> warnings;  // e.g. truncated capture: where it stopped
  // Findings past AnalyzeOptions::max_findings_per_kind of one kind and severity: counted here
  // ("plaintext-identity/warn" -> n), not listed, so memory does not grow with the capture.
  std::map<std::string, std::uint64_t> suppressed;
  bool has_fail() const;
  nlohmann::json to_json() const;
  // The parts of to_json(), for writers that stream a big report element by element.
  static nlohmann::json flow_json(const FlowSummary& f);
  static nlohmann::json finding_json(const Finding& f);
  nlohmann::json totals_json() const;
};

struct ImageVerdictCache;  // detectors/image_inspection.h

struct AnalyzeOptions {
  bool detect_faces = true;  // decode images and run face detection
  // Also search images with no face at 160 px again at 640 px (small faces in scene pictures):
  // several times slower per image (FaceDetector::screen_encoded).
  bool thorough_faces = false;
  // Set: for every distinct image found in clear, a pixelated thumbnail (at most 96 px, 8 px blocks:
  // no face can be recognised in it) is written here, named after the image's SHA-256, and the
  // finding's details.evidence names it. The clear image itself is never written (the capture holds it).
  std::filesystem::path evidence_dir;
  // Findings listed per kind and severity; the rest are counted in TrafficReport::suppressed.
  std::uint64_t max_findings_per_kind = 10000;
  std::uint64_t max_stream_bytes = 64ull << 20;  // reassembled bytes kept per TCP direction
  // Stream bytes held over all open flows before the largest are analysed early (streaming).
  std::uint64_t memory_budget = 256ull << 20;
  // Threads analysing finished flows (images decoded, faces searched) beside the one reading the
  // capture: 0 one per core; 1 none, every flow analysed on the reading thread in order.
  unsigned analysis_threads = 0;
  // Face verdicts by image SHA-256, shared by the analysis threads so that an image seen twice is
  // decoded once per capture (TrafficAnalyzer sets it; nullptr: each detector keeps its own).
  std::shared_ptr<ImageVerdictCache> image_cache;
  // Site network (docs/network-zones.md). No zones: every flow leaves the secure environment.
  std::shared_ptr<const NetworkZones> zones;
  std::shared_ptr<const DeviceAllowList> allowed_devices;  // set: unknown-device findings (7.1)
  std::optional<VlanExpectation> expect_vlan;               // set: no-vlan findings (7.1)
};

// Throws ProbeError (live_capture.h) naming the file when it cannot be opened at all; a truncated or
// partly corrupt file is analysed as far as it reads, with a warning.
TrafficReport analyze_pcap(const std::filesystem::path& file, const AnalyzeOptions& options = {});

}  // namespace facecert::probes
