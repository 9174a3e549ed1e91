// Hand-built frames for the traffic analysis tests: Ethernet (with VLAN tags), Linux SLL/SLL2,
// IPv4, IPv6 (with a hop-by-hop header), TCP. Checksums are left zero: the analyser does not check.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace facecert::test {

using Bytes = std::vector<std::uint8_t>;

constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;

struct TcpSegment {
  std::string src = "10.0.0.1", dst = "10.0.0.2";  // IPv4 or IPv6 text
  std::uint16_t sport = 40000, dport = 80;
  std::uint32_t seq = 0, ack = 0;
  std::uint8_t flags = kAck;
  Bytes payload;
};

Bytes bytes_of(std::string_view text);
Bytes read_file(const std::filesystem::path& file);
void write_bytes(const std::filesystem::path& file, const Bytes& data);
Bytes ip_packet(const TcpSegment& s, bool ipv6_hop_by_hop = false);  // v4 or v6 from the address
// An IPv4 UDP datagram (checksum zero).
Bytes udp_packet(const std::string& src, const std::string& dst, std::uint16_t sport, std::uint16_t dport,
                 const Bytes& payload);
Bytes ethernet(const Bytes& ip, const std::vector<std::uint16_t>& vlan_tpids = {});
Bytes linux_sll(const Bytes& ip);
Bytes linux_sll2(const Bytes& ip);

// Writes frames with facecert's pcapng writer, timestamps 1 ms apart.
void write_capture(const std::filesystem::path& file, int linktype, const std::vector<Bytes>& frames);
std::vector<Bytes> read_frames(const std::filesystem::path& file);  // via libpcap
// TCP payload of an Ethernet/IPv4 frame (what the live test captured on lo).
Bytes tcp_payload(const Bytes& ethernet_frame);

// A TLS 1.2 record (type 0x16 handshake, 0x17 application data) around `body`.
Bytes tls_record(std::uint8_t type, const Bytes& body);
// `plain` encrypted with AES-128-CTR under a fixed test key (OpenSSL): real ciphertext for the
// application-data records of near-miss tests (clear bytes in TLS records are not encrypted).
Bytes aes_ctr(const Bytes& plain);
// spoof-datasets/demo/<name> resized to side x side and re-encoded (".jpg" at quality 70, ".png" ...).
Bytes encode_demo(const std::string& name, const std::string& ext, int side);
std::filesystem::path demo_dir();

// A directory under /tmp removed at destruction.
struct TempDir {
  TempDir();
  ~TempDir();
  std::filesystem::path path;
  std::filesystem::path operator/(const std::string& name) const { return path / name; }
};

}  // namespace facecert::test
