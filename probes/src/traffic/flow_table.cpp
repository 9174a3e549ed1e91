#include "flow_table.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "flow_finalize.h"

namespace facecert::probes::traffic {
namespace {

// Enough of both directions to see a TLS handshake through the server's certificates: past this an
// encrypted flow's bytes are only counted.
constexpr std::uint64_t kClassifyAfterBytes = 32 << 10;

std::uint64_t first_chunk_bytes(const TcpStream& s) {
  return s.chunks().empty() ? 0 : s.chunks().front().bytes.size();
}

bool closed(const Flow& f) { return f.c2s.rst() || f.s2c.rst() || (f.c2s.fin() && f.s2c.fin()); }

std::string endpoint_text(const IpAddress& ip, std::uint16_t port) {
  return ip.v6 ? fmt::format("[{}]:{}", ip.text(), port) : fmt::format("{}:{}", ip.text(), port);
}

}  // namespace

std::size_t FlowTable::KeyHash::operator()(const Key& k) const noexcept {
  // FNV-1a over the fields that matter; the address bytes of IPv4 keys are mostly zero.
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](const void* p, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(p);
    for (std::size_t i = 0; i < n; ++i) h = (h ^ b[i]) * 1099511628211ull;
  };
  const std::size_t addr = k.lo.ip.v6 ? 16 : 4;
  mix(&k.protocol, 1);
  mix(k.lo.ip.bytes.data(), addr);
  mix(&k.lo.port, 2);
  mix(k.hi.ip.bytes.data(), addr);
  mix(&k.hi.port, 2);
  return static_cast<std::size_t>(h);
}

FlowTable::FlowTable(FlowTableOptions options, Handlers handlers)
    : options_(options), handlers_(std::move(handlers)) {}

void FlowTable::add(const DecodedPacket& p, std::uint64_t frame, double ts) {
  const Endpoint src{p.src, p.src_port}, dst{p.dst, p.dst_port};
  const Key key{p.protocol, std::min(src, dst), std::max(src, dst)};
  const bool fresh_syn = p.protocol == 6 && p.syn && !p.ack;
  auto it = table_.find(key);
  if (it != table_.end() && fresh_syn && closed(*it->second.flow)) {
    hand_on(it->second);  // the port pair is reused by a new connection
    table_.erase(it);
    it = table_.end();
  }
  if (it == table_.end()) {
    if (!recently_closed_.empty() && !fresh_syn && p.payload_claimed == 0) {
      // A trailing ACK of a connection already handed on is not a new flow.
      if (auto rc = recently_closed_.find(key); rc != recently_closed_.end()) return;
    }
    it = table_.emplace(key, open(p, src, dst, frame, ts)).first;
  }
  Entry& e = it->second;
  Flow& f = *e.flow;
  const bool c2s = src == e.client;
  f.summary.packets++;
  f.summary.end = ts;
  e.last_seen = ts;
  (c2s ? f.summary.bytes_c2s : f.summary.bytes_s2c) += p.payload_claimed;
  if (p.ethernet) {
    std::string& mac = c2s ? f.client_mac : f.server_mac;
    if (mac.empty()) mac = fmt::format("{:02x}", fmt::join(p.src_mac, ":"));
    if (!p.vlan)
      f.summary.untagged_packets++;
    else if (std::find(f.summary.vlan.begin(), f.summary.vlan.end(), *p.vlan) == f.summary.vlan.end())
      f.summary.vlan.push_back(*p.vlan);
  }
  if (p.protocol == 6)
    add_tcp(e, p, c2s, frame);
  else
    add_udp(e, p, c2s, frame);

  if (!options_.streaming) return;
  if (e.closed_at < 0 && closed(f)) e.closed_at = ts;
  if (held_ > options_.memory_budget) relieve_pressure();
  // Sweep for flows that are over about once per open flow's worth of packets, at least every
  // second of capture time: the cost stays a constant per packet.
  if (++since_sweep_ >= std::max<std::size_t>(4096, table_.size()) || ts - last_sweep_ > 1.0) sweep(ts);
}

void FlowTable::add_tcp(Entry& e, const DecodedPacket& p, bool c2s, std::uint64_t frame) {
  Flow& f = *e.flow;
  TcpStream& s = c2s ? f.c2s : f.s2c;
  std::uint32_t seq = p.seq;
  if (p.syn) {
    s.on_syn(p.seq);
    seq = p.seq + 1;  // data on a SYN (TCP Fast Open) starts after it
  }
  s.on_segment(seq, p.payload, frame, p.fin, p.rst);
  if (p.payload.empty()) return;
  // Both directions must have spoken: a TLS-looking client must not hide a clear-text server.
  const std::uint64_t c2s_first = first_chunk_bytes(f.c2s), s2c_first = first_chunk_bytes(f.s2c);
  if (options_.streaming && !f.classified && c2s_first > 0 && s2c_first > 0 &&
      c2s_first + s2c_first >= kClassifyAfterBytes) {
    classify_flow_bytes(f);
    if (f.summary.encrypted == "true") {  // 7.0 is judged from the handshake; the rest is counted
      for (TcpStream* st : {&f.c2s, &f.s2c}) {
        st->stop_keeping();
        st->release();
      }
    }
  }
  account(e);
}

void FlowTable::add_udp(Entry& e, const DecodedPacket& p, bool c2s, std::uint64_t frame) {
  auto& kept = c2s ? e.flow->c2s_datagrams : e.flow->s2c_datagrams;
  if (kept.size() >= Flow::kKeptDatagrams || p.payload.empty()) return;
  // Bounded per flow (kKeptDatagrams), so not part of the memory budget's stream bytes.
  kept.push_back({{p.payload.begin(), p.payload.end()}, frame});
}

void FlowTable::account(Entry& e) {
  const std::uint64_t now = e.flow->c2s.held_bytes() + e.flow->s2c.held_bytes();
  held_ = held_ - std::min(held_, e.held) + now;
  e.held = now;
}

FlowTable::Entry FlowTable::open(const DecodedPacket& p, const Endpoint& src, const Endpoint& dst,
                                 std::uint64_t frame, double ts) {
  // The SYN's sender is the client; SYN+ACK's receiver; else the first sender, unless it talks
  // from a well-known port to an ephemeral one (capture began mid-connection).
  bool src_is_client = true;
  if (p.protocol == 6 && p.syn)
    src_is_client = !p.ack;
  else if (src.port < 1024 && dst.port >= 1024)
    src_is_client = false;
  const Endpoint client = src_is_client ? src : dst, server = src_is_client ? dst : src;
  auto flow = std::make_unique<Flow>();
  flow->c2s = TcpStream(options_.limits);
  flow->s2c = TcpStream(options_.limits);
  flow->summary.client = endpoint_text(client.ip, client.port);
  flow->summary.server = endpoint_text(server.ip, server.port);
  flow->summary.transport = p.protocol == 6 ? "tcp" : "udp";
  flow->client_ip = client.ip.text();
  flow->server_ip = server.ip.text();
  flow->summary.start = ts;
  flow->first_frame = frame;
  flow->summary.first_frame = frame;
  ++flows_seen_;
  Entry e;
  e.flow = std::move(flow);
  e.client = client;
  e.last_seen = ts;
  return e;
}

void FlowTable::hand_on(Entry& e) {
  held_ -= std::min(held_, e.held);
  e.held = 0;
  handlers_.done(std::move(e.flow));
}

void FlowTable::sweep(double now) {
  since_sweep_ = 0;
  last_sweep_ = now;
  for (auto it = table_.begin(); it != table_.end();) {
    Entry& e = it->second;
    const double idle_limit =
        e.flow->summary.transport == "tcp" ? options_.tcp_idle_seconds : options_.udp_idle_seconds;
    const bool over = (e.closed_at >= 0 && now - e.closed_at >= options_.closed_linger_seconds) ||
                      now - e.last_seen >= idle_limit;
    if (!over) {
      ++it;
      continue;
    }
    if (e.flow->summary.transport == "tcp") recently_closed_[it->first] = now;
    hand_on(e);
    it = table_.erase(it);
  }
  std::erase_if(recently_closed_, [now](const auto& kv) { return now - kv.second > 60; });
}

void FlowTable::relieve_pressure() {
  // The flows holding most are analysed on what they have and drop it; they stay open and go on
  // from their current stream offsets. Bytes held out of order stay (bounded per direction).
  std::vector<Entry*> by_size;
  by_size.reserve(table_.size());
  for (auto& [key, e] : table_)
    if (e.held > 0) by_size.push_back(&e);
  std::sort(by_size.begin(), by_size.end(), [](const Entry* a, const Entry* b) { return a->held > b->held; });
  for (Entry* e : by_size) {
    if (held_ <= options_.memory_budget / 2) break;
    Flow& f = *e->flow;
    classify_flow_bytes(f);
    handlers_.flush(f);
    for (TcpStream* st : {&f.c2s, &f.s2c}) st->release();
    held_ -= std::min(held_, e->held);
    e->held = 0;
    account(*e);  // what is still held out of order
    ++pressure_flushes_;
  }
}

void FlowTable::finish() {
  std::vector<Entry*> open;
  open.reserve(table_.size());
  for (auto& [key, e] : table_) open.push_back(&e);
  std::sort(open.begin(), open.end(),
            [](const Entry* a, const Entry* b) { return a->flow->first_frame < b->flow->first_frame; });
  for (Entry* e : open) hand_on(*e);
  table_.clear();
  recently_closed_.clear();
}

}  // namespace facecert::probes::traffic
