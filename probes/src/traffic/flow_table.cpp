#include "flow_table.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app_classifier.h"
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

FlowTable::Key::Key(std::uint8_t proto, const Endpoint& a, const Endpoint& b)
    : protocol(proto), lo(std::min(a, b)), hi(std::max(a, b)) {
  // Whole 8-byte words, multiply-xorshift mixed (issue 4: one lookup per packet at >= 1 GB/s).
  const auto word = [](const IpAddress& ip, std::size_t half) {
    std::uint64_t w;
    std::memcpy(&w, ip.bytes.data() + 8 * half, 8);
    return w;
  };
  const auto mix = [](std::uint64_t h, std::uint64_t v) {
    h = (h ^ v) * 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
  };
  std::uint64_t h = mix(protocol, std::uint64_t{lo.port} << 16 | hi.port);
  h = mix(h, word(lo.ip, 0));
  h = mix(h, word(hi.ip, 0));
  if (lo.ip.v6 || hi.ip.v6) {
    h = mix(h, word(lo.ip, 1));
    h = mix(h, word(hi.ip, 1));
  }
  hash = h;
}

FlowTable::FlowTable(FlowTableOptions options, Handlers handlers)
    : options_(options), handlers_(std::move(handlers)) {}

void FlowTable::add(const DecodedPacket& p, std::uint64_t frame, double ts) {
  if (options_.streaming) hand_on_closed(ts);
  const Endpoint src{p.src, p.src_port}, dst{p.dst, p.dst_port};
  const Key key(p.protocol, src, dst);
  const bool fresh_syn = p.protocol == 6 && p.syn && !p.ack;
  Entry* found = table_.find(key);
  if (found && fresh_syn && closed(*found->flow)) {
    hand_on(*found);  // the port pair is reused by a new connection
    table_.erase(key);
    found = nullptr;
  }
  if (!found) {
    if (!recently_closed_.empty() && !fresh_syn && p.payload_claimed == 0) {
      // A trailing ACK of a connection already handed on is not a new flow.
      if (auto rc = recently_closed_.find(key); rc != recently_closed_.end()) return;
    }
    found = &table_.emplace(key, open(p, src, dst, frame, ts));
  }
  Entry& e = *found;
  Flow& f = *e.flow;
  const bool c2s = src == e.client;
  if (p.protocol == 6 && e.handshake_seconds < 0) {
    if (fresh_syn && e.syn_at < 0)
      e.syn_at = ts;
    else if (c2s && e.syn_at >= 0 && p.ack && !p.syn)
      e.handshake_seconds = ts - e.syn_at;
  }
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
  if (e.closed_at < 0 && closed(f)) {
    e.closed_at = ts;
    closing_.push({ts + linger(e), ts, key});
  }
  if (held_ > options_.memory_budget) relieve_pressure();
  // Idle flows (limits of a minute or more) are looked for once a second of capture time; closed
  // ones leave through closing_ as their linger ends.
  if (ts - last_sweep_ > 1.0) sweep(ts);
}

double FlowTable::linger(const Entry& e) const {
  if (e.handshake_seconds < 0 || e.flow->c2s.awaiting_hole() || e.flow->s2c.awaiting_hole())
    return options_.closed_long_linger_seconds;
  return std::min(options_.closed_long_linger_seconds, options_.closed_linger_seconds + 2 * e.handshake_seconds);
}

void FlowTable::hand_on_closed(double now) {
  while (!closing_.empty() && closing_.top().due <= now) {
    const Closing c = closing_.top();
    closing_.pop();
    Entry* e = table_.find(c.key);
    // Gone already (swept, or its port pair reused): nothing to do.
    if (!e || e->closed_at != c.closed_at) continue;
    // A hole that opened since it closed: wait for the retransmission too.
    if (const double due = c.closed_at + linger(*e); due > now) {
      closing_.push({due, c.closed_at, c.key});
      continue;
    }
    if (c.key.protocol == 6) recently_closed_[c.key] = now;
    hand_on(*e);
    table_.erase(c.key);
  }
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
      (c2s_first + s2c_first >= kClassifyAfterBytes ||
       (tls_handshake_over(f.c2s.chunks().front().bytes) && tls_handshake_over(f.s2c.chunks().front().bytes)))) {
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
  hand_on_closed(now);
  last_sweep_ = now;
  std::vector<Key> over;
  table_.for_each([&](const Key& key, const Entry& e) {
    const double idle_limit = key.protocol == 6 ? options_.tcp_idle_seconds : options_.udp_idle_seconds;
    if ((e.closed_at >= 0 && now - e.closed_at >= linger(e)) || now - e.last_seen >= idle_limit)
      over.push_back(key);
  });
  for (const Key& key : over) {
    if (key.protocol == 6) recently_closed_[key] = now;
    hand_on(*table_.find(key));
    table_.erase(key);
  }
  std::erase_if(recently_closed_, [now](const auto& kv) { return now - kv.second > 60; });
}

void FlowTable::relieve_pressure() {
  // The flows holding most are analysed on what they have and drop it; they stay open and go on
  // from their current stream offsets. Bytes held out of order stay (bounded per direction).
  std::vector<Entry*> by_size;
  by_size.reserve(table_.size());
  table_.for_each([&](const Key&, Entry& e) {
    if (e.held > 0) by_size.push_back(&e);
  });
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
  table_.for_each([&](const Key&, Entry& e) { open.push_back(&e); });
  std::sort(open.begin(), open.end(),
            [](const Entry* a, const Entry* b) { return a->flow->first_frame < b->flow->first_frame; });
  for (Entry* e : open) hand_on(*e);
  table_.clear();
  recently_closed_.clear();
  closing_ = {};
}

}  // namespace facecert::probes::traffic
