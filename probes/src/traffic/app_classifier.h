// Application protocol of a flow from its first bytes (ports are not trusted). Order of decisions
// (field notes): protocol framing first (TLS/TLCP, SSH, DTLS, QUIC), then clear-text protocols
// (HTTP, RTSP, SIP, MQTT), then RTP with a look at its payload; anything else stays "unknown".
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "facecert/probes/capture_reader.h"

namespace facecert::probes::traffic {

struct AppGuess {
  AppGuess() = default;
  AppGuess(std::string app_name, std::string encrypted_word, std::string payload_kind = {})
      : app(std::move(app_name)), encrypted(std::move(encrypted_word)), payload(std::move(payload_kind)) {}
  // http, tls, tlcp, ssh, dtls, quic, rtsp, rtp, sip, mqtt, unknown
  std::string app = "unknown";
  std::string encrypted = "unknown";  // true | false | unknown
  // rtp only: what the clear payload showed ("ps", "h264", "h265"); empty when nothing recognised.
  std::string payload;
};

// TCP: `start` is the first reassembled chunk of one direction (at offset 0 when the handshake was
// seen). An SSH banner direction says encrypted "true": the flow is only judged encrypted once
// both directions banner (classify_flow).
AppGuess classify_direction(std::span<const std::uint8_t> start);

// The start of one direction of a TCP stream is a chain of valid TLS/TLCP record headers from a
// handshake record to an application-data record: everything of the handshake visible on the wire
// (hellos, certificates for <= 1.2) has been seen, so the flow can be judged before 32 KiB.
bool tls_handshake_over(std::span<const std::uint8_t> start);
// Combines both TCP directions: a clear-text protocol (http, rtsp, sip, mqtt) anywhere -> clear;
// rtp with a clear payload either way -> clear; every non-empty direction encrypted -> encrypted
// (ssh needs both banners).
AppGuess classify_flow(const AppGuess& c2s, bool c2s_empty, const AppGuess& s2c, bool s2c_empty);

// UDP: the kept datagrams of one direction (Flow::datagrams), in capture order.
AppGuess classify_datagrams(const std::vector<Datagram>& first);
// Combines both UDP directions, same rules as classify_flow.
AppGuess classify_udp_flow(const AppGuess& c2s, bool c2s_empty, const AppGuess& s2c, bool s2c_empty);

// Convenience for a finished Flow: classify_flow / classify_udp_flow over its directions
// (TCP: each stream's first chunk; UDP: the kept datagrams).
AppGuess guess_flow_app(const Flow& flow);

// "METHOD sip:... SIP/2.0" or "SIP/2.0 NNN" as the first line of `text`.
bool sip_start_line(std::string_view text);

// RTP (RFC 3550) helpers shared by the TCP and UDP recognisers.
struct RtpHeader {
  std::uint8_t payload_type = 0;
  std::uint16_t sequence = 0;
  std::uint32_t ssrc = 0;
  std::size_t payload_offset = 0, payload_length = 0;
};
// Version 2, not an RTCP packet type, header extension and CSRCs inside the packet.
bool parse_rtp(std::span<const std::uint8_t> packet, RtpHeader& out);
// "ps" (MPEG-PS pack/system/PES start codes), "h264" / "h265" (parameter sets, Annex B start codes)
// or "" for one RTP payload.
std::string rtp_payload_kind(std::span<const std::uint8_t> payload);
// A run of RTP packets of one direction: same SSRC for most, sequence numbers mostly increasing.
// Returns {"rtp", "false", kind} when a clear video payload was seen, {"rtp", "unknown"} for RTP
// with nothing recognisable inside, or unknown when it is not RTP.
AppGuess judge_rtp_packets(const std::vector<std::span<const std::uint8_t>>& packets);

}  // namespace facecert::probes::traffic
