// Packets to flows, streaming: the open flows of a capture, each with its reassembled TCP streams
// or first UDP datagrams. A flow is handed on when it is over (closed and quiet, idle too long, or
// the capture ends), so memory follows the open flows, not the capture size (issue 4: < 512 MiB
// whatever the capture).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <queue>
#include <unordered_map>
#include <vector>

#include "facecert/probes/capture_reader.h"
#include "flat_hash_map.h"
#include "packet_decoder.h"

namespace facecert::probes::traffic {

struct FlowTableOptions {
  TcpStreamLimits limits;
  // Streaming analysis: flows are handed on when over, encrypted payload past the handshake is
  // not kept, and the largest flow is analysed early when the bytes held pass memory_budget.
  // Off (read_capture): every flow is kept whole until the end.
  bool streaming = true;
  std::uint64_t memory_budget = 256ull << 20;  // stream bytes held over all open flows
  double tcp_idle_seconds = 300;    // capture time without a packet before a flow is over
  double udp_idle_seconds = 60;
  // After FIN/RST a flow lingers for its last ACKs (so that they are counted, not taken for a new
  // flow) and is analysed when that is over: a fixed second left the analysis threads idle while
  // the first flows of a capture waited (on a 5.5 s capture with 2000 connections open, it held
  // back the first fifth of the file). The last ACK comes within a round trip of the second FIN
  // wherever the capture point is: a flow whose handshake was seen lingers this plus twice the
  // handshake's time (SYN to the client's ACK) ...
  double closed_linger_seconds = 0.2;
  // ... one without a seen handshake, or closed with bytes held out of order (a lost segment's
  // retransmission comes after a retransmission timeout, 200 ms at least on Linux), this long.
  double closed_long_linger_seconds = 1;
};

class FlowTable {
 public:
  struct Handlers {
    std::function<void(std::unique_ptr<Flow>)> done;  // the flow is over
    std::function<void(Flow&)> flush;  // memory pressure: analyse what is held, then it is dropped
  };
  FlowTable(FlowTableOptions options, Handlers handlers);
  FlowTable(const FlowTable&) = delete;
  FlowTable& operator=(const FlowTable&) = delete;

  void add(const DecodedPacket& p, std::uint64_t frame, double ts);
  // Hands on the flows that are over by `now` (live capture, when no packet comes to do it).
  void tick(double now) {
    if (options_.streaming && now > last_sweep_) sweep(now);
  }
  // Hands on every open flow, in order of first packet (end of capture).
  void finish();

  std::size_t open_flows() const { return table_.size(); }
  std::uint64_t flows_seen() const { return flows_seen_; }
  std::uint64_t held_bytes() const { return held_; }
  std::uint64_t pressure_flushes() const { return pressure_flushes_; }

 private:
  struct Endpoint {
    IpAddress ip;
    std::uint16_t port = 0;
    bool operator==(const Endpoint&) const = default;
    auto operator<=>(const Endpoint&) const = default;
  };
  // The hash is computed once, when the key is made, and kept in it: std::unordered_map would
  // otherwise hash every key of a bucket again on each lookup (a third of the time per packet).
  struct Key {
    Key(std::uint8_t protocol, const Endpoint& a, const Endpoint& b);
    std::uint64_t hash;
    std::uint8_t protocol;
    Endpoint lo, hi;
    bool operator==(const Key&) const = default;  // the hash first: most unequal keys stop there
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept { return static_cast<std::size_t>(k.hash); }
  };
  struct Entry {
    std::unique_ptr<Flow> flow;
    Endpoint client;
    double last_seen = 0;
    double closed_at = -1;  // capture time the flow closed (FIN both ways / RST), -1 open
    double syn_at = -1, handshake_seconds = -1;  // the client's SYN; from it to the client's ACK
    std::uint64_t held = 0;  // bytes its streams hold (part of held_)
  };

  Entry open(const DecodedPacket& p, const Endpoint& src, const Endpoint& dst,
             std::uint64_t frame, double ts);
  void add_tcp(Entry& e, const DecodedPacket& p, bool c2s, std::uint64_t frame);
  void add_udp(Entry& e, const DecodedPacket& p, bool c2s, std::uint64_t frame);
  void account(Entry& e);
  void sweep(double now);
  void hand_on_closed(double now);  // the closed flows whose linger is over, oldest first
  double linger(const Entry& e) const;  // after closing (FlowTableOptions)
  void relieve_pressure();
  void hand_on(Entry& e);

  FlowTableOptions options_;
  Handlers handlers_;
  FlatHashMap<Key, Entry, KeyHash> table_;
  // Connections handed on lately: their trailing ACKs are not new flows.
  std::unordered_map<Key, double, KeyHash> recently_closed_;
  // Closed flows by the end of their linger (that time, closing time, key), soonest on top: most
  // flows end this way, and handing them on from here costs nothing per packet where a sweep
  // visits every open flow.
  struct Closing {
    double due, closed_at;
    Key key;
    bool operator>(const Closing& o) const { return due > o.due; }
  };
  std::priority_queue<Closing, std::vector<Closing>, std::greater<>> closing_;
  std::uint64_t held_ = 0, flows_seen_ = 0, pressure_flushes_ = 0;
  double last_sweep_ = 0;
};

}  // namespace facecert::probes::traffic
