// Flows built directly (no capture) for the protocol recognition, GB/T 28181 and entropy tests,
// and a way to run one registered flow auditor on them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "facecert/probes/capture_reader.h"
#include "facecert/probes/traffic_analysis.h"

namespace facecert::test {

using ByteVec = std::vector<std::uint8_t>;

ByteVec text_bytes(std::string_view s);
ByteVec from_hex(std::string_view hex);
ByteVec random_bytes(std::size_t n, std::uint32_t seed);

// A TCP flow 10.0.0.5:40000 -> 10.0.0.9:<port> whose directions hold the given bytes (handshake
// seen, so both streams start at offset 0). summary.app / encrypted as given.
probes::Flow tcp_flow(const ByteVec& c2s, const ByteVec& s2c, std::string app = "unknown",
                      std::string encrypted = "unknown", std::uint16_t port = 9000);
// A UDP flow with the given datagrams each way (frame numbers counting from 1).
probes::Flow udp_flow(const std::vector<ByteVec>& c2s, const std::vector<ByteVec>& s2c,
                      std::string app = "unknown", std::string encrypted = "unknown");

// Runs the flow auditor registered as `name` (default options) on `flow`; returns its findings.
std::vector<probes::Finding> run_flow_auditor(const std::string& name, const probes::Flow& flow);

// RTP packet (version 2) around `payload`.
ByteVec rtp_packet(std::uint16_t seq, std::uint32_t ssrc, std::uint8_t pt, const ByteVec& payload,
                   std::uint32_t timestamp = 0);

}  // namespace facecert::test
