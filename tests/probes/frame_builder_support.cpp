#include "probes/frame_builder_support.h"

#include <arpa/inet.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <openssl/evp.h>
#include <pcap/pcap.h>

#include "facecert/probes/media_io.h"
#include "facecert/probes/pcapng_writer.h"

namespace facecert::test {
namespace {

void put16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
void put32(Bytes& b, std::uint32_t v) {
  put16(b, static_cast<std::uint16_t>(v >> 16));
  put16(b, static_cast<std::uint16_t>(v));
}
void put_addr(Bytes& b, const std::string& text, bool v6) {
  std::uint8_t buf[16];
  if (inet_pton(v6 ? AF_INET6 : AF_INET, text.c_str(), buf) != 1)
    throw std::invalid_argument("bad address " + text);
  b.insert(b.end(), buf, buf + (v6 ? 16 : 4));
}

Bytes tcp_header_and_payload(const TcpSegment& s) {
  Bytes t;
  put16(t, s.sport);
  put16(t, s.dport);
  put32(t, s.seq);
  put32(t, s.ack);
  t.push_back(5 << 4);
  t.push_back(s.flags);
  put16(t, 65535);
  put32(t, 0);  // checksum, urgent pointer
  t.insert(t.end(), s.payload.begin(), s.payload.end());
  return t;
}

}  // namespace

Bytes bytes_of(std::string_view text) { return Bytes(text.begin(), text.end()); }

void write_bytes(const std::filesystem::path& file, const Bytes& data) {
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

Bytes read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

Bytes ip_packet(const TcpSegment& s, bool ipv6_hop_by_hop) {
  const bool v6 = s.src.find(':') != std::string::npos;
  const Bytes tcp = tcp_header_and_payload(s);
  Bytes ip;
  if (!v6) {
    ip.push_back(0x45);
    ip.push_back(0);
    put16(ip, static_cast<std::uint16_t>(20 + tcp.size()));
    put32(ip, 0x00014000);  // id 1, don't fragment
    ip.push_back(64);
    ip.push_back(6);
    put16(ip, 0);
    put_addr(ip, s.src, false);
    put_addr(ip, s.dst, false);
  } else {
    const std::size_t ext = ipv6_hop_by_hop ? 8 : 0;
    put32(ip, 0x60000000);
    put16(ip, static_cast<std::uint16_t>(ext + tcp.size()));
    ip.push_back(ipv6_hop_by_hop ? 0 : 6);
    ip.push_back(64);
    put_addr(ip, s.src, true);
    put_addr(ip, s.dst, true);
    if (ipv6_hop_by_hop) {  // next header TCP, length 0 (8 bytes), PadN option
      const std::uint8_t hbh[8] = {6, 0, 1, 4, 0, 0, 0, 0};
      ip.insert(ip.end(), hbh, hbh + 8);
    }
  }
  ip.insert(ip.end(), tcp.begin(), tcp.end());
  return ip;
}

Bytes udp_packet(const std::string& src, const std::string& dst, std::uint16_t sport, std::uint16_t dport,
                 const Bytes& payload) {
  Bytes ip;
  ip.push_back(0x45);
  ip.push_back(0);
  put16(ip, static_cast<std::uint16_t>(28 + payload.size()));
  put32(ip, 0x00024000);  // id 2, don't fragment
  ip.push_back(64);
  ip.push_back(17);
  put16(ip, 0);
  put_addr(ip, src, false);
  put_addr(ip, dst, false);
  put16(ip, sport);
  put16(ip, dport);
  put16(ip, static_cast<std::uint16_t>(8 + payload.size()));
  put16(ip, 0);
  ip.insert(ip.end(), payload.begin(), payload.end());
  return ip;
}

Bytes ethernet(const Bytes& ip, const std::vector<std::uint16_t>& vlan_tpids) {
  Bytes f = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  std::uint16_t vid = 100;
  for (auto tpid : vlan_tpids) {
    put16(f, tpid);
    put16(f, vid++);
  }
  put16(f, (ip[0] >> 4) == 6 ? 0x86DD : 0x0800);
  f.insert(f.end(), ip.begin(), ip.end());
  return f;
}

Bytes linux_sll(const Bytes& ip) {
  Bytes f;
  put16(f, 0);  // packet type: to us
  put16(f, 1);  // ARPHRD_ETHER
  put16(f, 6);
  for (int i = 0; i < 8; ++i) f.push_back(static_cast<std::uint8_t>(i));
  put16(f, (ip[0] >> 4) == 6 ? 0x86DD : 0x0800);
  f.insert(f.end(), ip.begin(), ip.end());
  return f;
}

Bytes linux_sll2(const Bytes& ip) {
  Bytes f;
  put16(f, (ip[0] >> 4) == 6 ? 0x86DD : 0x0800);
  put16(f, 0);     // reserved
  put32(f, 1);     // interface index
  put16(f, 1);     // ARPHRD_ETHER
  f.push_back(0);  // packet type
  f.push_back(6);  // address length
  for (int i = 0; i < 8; ++i) f.push_back(static_cast<std::uint8_t>(i));
  f.insert(f.end(), ip.begin(), ip.end());
  return f;
}

void write_capture(const std::filesystem::path& file, int linktype, const std::vector<Bytes>& frames) {
  probes::PcapngInterface iface;
  iface.linktype = linktype;
  probes::PcapngWriter w(file, iface);
  std::chrono::nanoseconds ts = std::chrono::seconds(1700000000);
  for (const auto& f : frames) {
    w.write_packet(ts, f);
    ts += std::chrono::milliseconds(1);
  }
  w.close();
}

std::vector<Bytes> read_frames(const std::filesystem::path& file) {
  char err[PCAP_ERRBUF_SIZE];
  pcap_t* p = pcap_open_offline(file.c_str(), err);
  if (!p) throw std::runtime_error(err);
  std::vector<Bytes> frames;
  pcap_pkthdr* h;
  const u_char* d;
  while (pcap_next_ex(p, &h, &d) == 1) frames.emplace_back(d, d + h->caplen);
  pcap_close(p);
  return frames;
}

Bytes tcp_payload(const Bytes& f) {
  if (f.size() < 14 + 20 || f[12] != 0x08 || f[13] != 0x00) return {};
  const std::size_t ihl = (f[14] & 0x0F) * 4u;
  const std::size_t total = static_cast<std::size_t>(f[16] << 8 | f[17]);
  const std::size_t tcp = 14 + ihl;
  if (f[14 + 9] != 6 || f.size() < tcp + 20) return {};
  const std::size_t thl = (f[tcp + 12] >> 4) * 4u;
  const std::size_t end = std::min(f.size(), 14 + total);
  if (tcp + thl > end) return {};
  return Bytes(f.begin() + static_cast<std::ptrdiff_t>(tcp + thl),
               f.begin() + static_cast<std::ptrdiff_t>(end));
}

Bytes tls_record(std::uint8_t type, const Bytes& body) {
  Bytes r = {type, 0x03, 0x03};
  put16(r, static_cast<std::uint16_t>(body.size()));
  r.insert(r.end(), body.begin(), body.end());
  return r;
}

Bytes aes_ctr(const Bytes& plain) {
  static const unsigned char key[16] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
                                        0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c};
  static const unsigned char iv[16] = {0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7,
                                       0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff};
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  Bytes out(plain.size());
  int n = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_ctr(), nullptr, key, iv) != 1 ||
      EVP_EncryptUpdate(ctx.get(), out.data(), &n, plain.data(), static_cast<int>(plain.size())) != 1 ||
      static_cast<std::size_t>(n) != plain.size())
    throw std::runtime_error("aes_ctr: OpenSSL failed");
  return out;
}

std::filesystem::path demo_dir() {
  return std::filesystem::path(FACECERT_SOURCE_DIR) / "spoof-datasets/demo";
}

Bytes encode_demo(const std::string& name, const std::string& ext, int side) {
  cv::Mat img = facecert::media::imread((demo_dir() / name).string());
  if (img.empty()) throw std::runtime_error("cannot read demo image " + name);
  cv::resize(img, img, cv::Size(side, side), 0, 0, cv::INTER_AREA);
  std::vector<std::uint8_t> out;
  facecert::media::imencode(ext, img, out, {cv::IMWRITE_JPEG_QUALITY, 70});
  return out;
}

TempDir::TempDir() {
  std::random_device rd;
  path = std::filesystem::temp_directory_path() / ("facecert-probes-" + std::to_string(rd()));
  std::filesystem::create_directories(path);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

}  // namespace facecert::test
