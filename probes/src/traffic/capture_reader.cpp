// pcap_open_offline reads both pcap and pcapng; frames are numbered from 1 in file order.
#include "facecert/probes/capture_reader.h"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pcap/pcap.h>

#include "facecert/probes/live_capture.h"
#include "flow_finalize.h"
#include "packet_decoder.h"

namespace facecert::probes {
namespace {

using traffic::DecodedPacket;
using traffic::DecodeStatus;
using traffic::IpAddress;

struct Endpoint {
  IpAddress ip;
  std::uint16_t port = 0;
  auto operator<=>(const Endpoint&) const = default;
  std::string text() const {
    return ip.v6 ? fmt::format("[{}]:{}", ip.text(), port) : fmt::format("{}:{}", ip.text(), port);
  }
};

struct FlowKey {
  std::uint8_t protocol;
  Endpoint lo, hi;
  auto operator<=>(const FlowKey&) const = default;
};

struct TableEntry {
  Flow* flow;
  Endpoint client;
};

class FlowTable {
 public:
  FlowTable(CaptureContents& out, TcpStreamLimits limits) : out_(out), limits_(limits) {}

  void add(const DecodedPacket& p, std::uint64_t frame, double ts) {
    const Endpoint src{p.src, p.src_port}, dst{p.dst, p.dst_port};
    const FlowKey key{p.protocol, std::min(src, dst), std::max(src, dst)};
    auto it = table_.find(key);
    const bool fresh_syn = p.protocol == 6 && p.syn && !p.ack;
    if (it != table_.end() && fresh_syn && closed(*it->second.flow)) {
      table_.erase(it);  // the port pair is reused by a new connection
      it = table_.end();
    }
    if (it == table_.end()) it = table_.emplace(key, open(p, src, dst, frame, ts)).first;
    TableEntry& e = it->second;
    Flow& f = *e.flow;
    const bool c2s = src == e.client;
    f.summary.packets++;
    f.summary.end = ts;
    (c2s ? f.summary.bytes_c2s : f.summary.bytes_s2c) += p.payload_claimed;
    note_link_layer(p, c2s, f);
    if (p.protocol != 6) return;
    TcpStream& s = c2s ? f.c2s : f.s2c;
    std::uint32_t seq = p.seq;
    if (p.syn) {
      s.on_syn(p.seq);
      seq = p.seq + 1;  // data on a SYN (TCP Fast Open) starts after it
    }
    s.on_segment(seq, p.payload, frame, p.fin, p.rst);
  }

 private:
  static void note_link_layer(const DecodedPacket& p, bool c2s, Flow& f) {
    if (!p.ethernet) return;
    std::string& mac = c2s ? f.client_mac : f.server_mac;
    if (mac.empty())
      mac = fmt::format("{:02x}", fmt::join(p.src_mac, ":"));
    if (!p.vlan)
      f.summary.untagged_packets++;
    else if (std::find(f.summary.vlan.begin(), f.summary.vlan.end(), *p.vlan) == f.summary.vlan.end())
      f.summary.vlan.push_back(*p.vlan);
  }

  static bool closed(const Flow& f) {
    return f.c2s.rst() || f.s2c.rst() || (f.c2s.fin() && f.s2c.fin());
  }

  TableEntry open(const DecodedPacket& p, const Endpoint& src, const Endpoint& dst,
                  std::uint64_t frame, double ts) {
    // The SYN's sender is the client; SYN+ACK's receiver; else the first sender, unless it
    // talks from a well-known port to an ephemeral one (capture began mid-connection).
    bool src_is_client = true;
    if (p.protocol == 6 && p.syn) src_is_client = !p.ack;
    else if (src.port < 1024 && dst.port >= 1024) src_is_client = false;
    const Endpoint client = src_is_client ? src : dst, server = src_is_client ? dst : src;
    auto flow = std::make_unique<Flow>();
    flow->c2s = TcpStream(limits_);
    flow->s2c = TcpStream(limits_);
    flow->summary.client = client.text();
    flow->summary.server = server.text();
    flow->summary.transport = p.protocol == 6 ? "tcp" : "udp";
    flow->client_ip = client.ip.text();
    flow->server_ip = server.ip.text();
    flow->summary.start = ts;
    flow->first_frame = frame;
    out_.flows.push_back(std::move(flow));
    return {out_.flows.back().get(), client};
  }

  CaptureContents& out_;
  TcpStreamLimits limits_;
  std::map<FlowKey, TableEntry> table_;
};

struct SkipCounter {  // one warning per kind of skipped packet, naming the first frame
  std::uint64_t count = 0, first = 0;
  void add(std::uint64_t frame) {
    if (count++ == 0) first = frame;
  }
};

}  // namespace

CaptureContents read_capture(const std::filesystem::path& file, const TcpStreamLimits& limits) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* pcap = pcap_open_offline_with_tstamp_precision(file.c_str(), PCAP_TSTAMP_PRECISION_NANO,
                                                         errbuf);
  if (!pcap) throw ProbeError(fmt::format("{}: cannot read capture: {}", file.string(), errbuf));
  CaptureContents out;
  out.linktype = pcap_datalink(pcap);
  if (!traffic::linktype_supported(out.linktype)) {
    const char* name = pcap_datalink_val_to_name(out.linktype);
    pcap_close(pcap);
    throw ProbeError(fmt::format("{}: unsupported link type {} ({})", file.string(), out.linktype,
                                 name ? name : "unknown"));
  }
  FlowTable table(out, limits);
  SkipCounter fragments, malformed, cut_by_snaplen;
  pcap_pkthdr* hdr = nullptr;
  const std::uint8_t* data = nullptr;
  for (;;) {
    const int rc = pcap_next_ex(pcap, &hdr, &data);
    if (rc == PCAP_ERROR_BREAK) break;  // end of file
    if (rc != 1) {
      out.warnings.push_back(fmt::format(
          "{}: capture is truncated or corrupt: reading stopped at frame {} ({}); analysed the "
          "{} frames before it",
          file.string(), out.packets + 1, pcap_geterr(pcap), out.packets));
      break;
    }
    const std::uint64_t frame = ++out.packets;
    out.bytes += hdr->len;
    const double ts = static_cast<double>(hdr->ts.tv_sec) + hdr->ts.tv_usec / 1e9;
    const auto p = traffic::decode_packet(out.linktype, std::span(data, hdr->caplen));
    switch (p.status) {
      case DecodeStatus::ok:
        if (p.payload.size() < p.payload_claimed) cut_by_snaplen.add(frame);
        table.add(p, frame, ts);
        break;
      case DecodeStatus::ip_fragment: fragments.add(frame); break;
      case DecodeStatus::malformed: malformed.add(frame); break;
      default: break;  // not IP / not TCP or UDP: nothing of clause 7.0 to see here
    }
  }
  pcap_close(pcap);
  if (fragments.count)
    out.warnings.push_back(fmt::format(
        "{}: {} IP fragment(s) skipped (first at frame {}); fragment reassembly is not done yet",
        file.string(), fragments.count, fragments.first));
  if (malformed.count)
    out.warnings.push_back(fmt::format("{}: {} malformed frame(s) skipped (first at frame {})",
                                       file.string(), malformed.count, malformed.first));
  if (cut_by_snaplen.count)
    out.warnings.push_back(fmt::format(
        "{}: {} frame(s) cut short by the snapshot length (first at frame {}); their missing bytes "
        "show as stream gaps",
        file.string(), cut_by_snaplen.count, cut_by_snaplen.first));
  for (auto& flow : out.flows) traffic::finalize_flow(*flow, out.warnings);
  return out;
}

}  // namespace facecert::probes
