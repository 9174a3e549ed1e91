// Reads a whole pcap/pcapng file into flows with reassembled TCP streams, classified from their
// bytes, every flow kept whole (for tests and tools that look at streams). The analysis itself
// streams instead: TrafficAnalyzer (traffic_analyzer.h), which analyze_pcap() feeds.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "facecert/probes/tcp_stream.h"
#include "facecert/probes/tls_handshake.h"
#include "facecert/probes/traffic_analysis.h"

namespace facecert::probes {

struct Datagram {  // one UDP payload as captured
  std::vector<std::uint8_t> bytes;
  std::uint64_t frame = 0;  // 1-based frame number in the capture
};

struct Flow {
  FlowSummary summary;          // client/server oriented, app and encrypted set
  std::uint64_t first_frame = 0;
  std::string client_ip, server_ip;    // address part of summary.client / server
  std::string client_mac, server_mac;  // Ethernet source MAC of each side's frames ("" if none)
  TcpStream c2s, s2c;           // empty for UDP
  // UDP only: the first datagrams of each direction (at most kKeptDatagrams each), for protocol
  // recognition (QUIC, DTLS, SIP, RTP) and the SIP / GB 35114 audit.
  static constexpr std::size_t kKeptDatagrams = 64;
  std::vector<Datagram> c2s_datagrams, s2c_datagrams;
  // Parsed for tls / tlcp flows: the client's and the server's handshake messages.
  std::optional<TlsHandshake> tls_client, tls_server;
  bool classified = false;      // summary.app/encrypted and the handshake were read from the bytes
  const TcpStream& stream(bool client_to_server) const { return client_to_server ? c2s : s2c; }
  const std::vector<Datagram>& datagrams(bool client_to_server) const {
    return client_to_server ? c2s_datagrams : s2c_datagrams;
  }
};

struct CaptureContents {
  std::uint64_t packets = 0, bytes = 0;  // frames read, their original lengths
  int linktype = 0;
  std::vector<std::unique_ptr<Flow>> flows;  // in order of first packet
  std::vector<std::string> warnings;
};

// Throws ProbeError naming the file when it cannot be opened or its link type is not supported.
CaptureContents read_capture(const std::filesystem::path& file, const TcpStreamLimits& limits = {});

}  // namespace facecert::probes
