#include "tcp_flow.h"

#include <algorithm>
#include <utility>

namespace facecert::capgen {
namespace {
constexpr double kRetransmitChance = 0.002;  // per data round
constexpr double kReorderChance = 0.002;
constexpr std::size_t kMaxRecordPayload = 16384;
}  // namespace

TcpFlow::TcpFlow(FlowSpec spec, Rng rng) : spec_(std::move(spec)), rng_(rng) {
  side_[0].next_seq = static_cast<std::uint32_t>(rng_.next());
  side_[1].next_seq = static_cast<std::uint32_t>(rng_.next());
  side_[0].ip_id = static_cast<std::uint16_t>(rng_.next());
  side_[1].ip_id = static_cast<std::uint16_t>(rng_.next());
}

void TcpFlow::queue(bool from_client, std::uint8_t flags, std::string payload, bool syn) {
  Side& me = side_[from_client ? 0 : 1];
  const Side& peer = side_[from_client ? 1 : 0];
  Packet p{from_client, {}, std::move(payload)};
  p.seg.seq = me.next_seq;
  p.seg.ack = (flags & tcp_flags::kAck) ? peer.next_seq : 0;
  p.seg.flags = flags;
  p.seg.window = syn ? 64240 : static_cast<std::uint16_t>(500 + (rng_.next() & 0x3F));
  p.seg.syn_options = syn;
  p.seg.mss = spec_.link.ipv6 ? 1440 : 1460;
  me.next_seq += static_cast<std::uint32_t>(p.payload.size()) +
                 ((flags & (tcp_flags::kSyn | tcp_flags::kFin)) ? 1u : 0u);
  queue_.push_back(std::move(p));
}

bool TcpFlow::take(std::string& out, std::size_t n) {
  const Message& m = spec_.messages[message_];
  while (out.size() < n) {
    if (fixed_pos_ < m.bytes.size()) {
      const std::size_t k = std::min(n - out.size(), m.bytes.size() - fixed_pos_);
      out.append(m.bytes, fixed_pos_, k);
      fixed_pos_ += k;
      continue;
    }
    if (record_pos_ == record_.size()) {
      if (app_left_ == 0) break;
      // TLS application_data record: 5-byte header, then ciphertext-like random bytes.
      const std::size_t body = static_cast<std::size_t>(std::min<std::uint64_t>(app_left_, kMaxRecordPayload + 17));
      app_left_ -= body;
      record_.clear();
      record_.push_back('\x17');
      record_.push_back('\x03');
      record_.push_back('\x03');
      record_.push_back(static_cast<char>(body >> 8));
      record_.push_back(static_cast<char>(body & 0xFF));
      rng_.append(record_, body);
      record_pos_ = 0;
    }
    const std::size_t k = std::min(n - out.size(), record_.size() - record_pos_);
    out.append(record_, record_pos_, k);
    record_pos_ += k;
  }
  return !out.empty();
}

void TcpFlow::queue_data_round() {
  const Message& m = spec_.messages[message_];
  const bool from_client = m.from_client;
  const std::size_t mss = spec_.link.ipv6 ? 1440 : 1460;
  // Up to two full segments, then the receiver's ACK (delayed ACK every second segment).
  std::string a, b;
  const bool have_a = take(a, mss);
  const bool have_b = have_a && a.size() == mss && take(b, mss);
  const bool last = !have_b || b.size() < mss ||
                    (fixed_pos_ >= m.bytes.size() && record_pos_ == record_.size() && app_left_ == 0);
  if (have_a) {
    const bool reorder = have_b && rng_.chance(kReorderChance);
    queue(from_client, tcp_flags::kAck | (have_b ? 0 : tcp_flags::kPsh), std::move(a));
    if (have_b) queue(from_client, tcp_flags::kAck | (last ? tcp_flags::kPsh : 0), std::move(b));
    if (reorder) std::swap(queue_[queue_.size() - 1], queue_[queue_.size() - 2]);
    if (rng_.chance(kRetransmitChance)) queue_.push_back(queue_[queue_.size() - (have_b ? 2 : 1)]);
    queue(!from_client, tcp_flags::kAck);
  }
  if (last) {
    ++message_;
    fixed_pos_ = 0;
    record_.clear();
    record_pos_ = 0;
    app_left_ = message_ < spec_.messages.size() ? spec_.messages[message_].tls_app_bytes : 0;
  }
}

void TcpFlow::refill() {
  switch (phase_) {
    case Phase::Handshake:
      queue(true, tcp_flags::kSyn, {}, true);
      queue(false, tcp_flags::kSyn | tcp_flags::kAck, {}, true);
      queue(true, tcp_flags::kAck);
      phase_ = Phase::Data;
      app_left_ = spec_.messages.empty() ? 0 : spec_.messages[0].tls_app_bytes;
      break;
    case Phase::Data:
      if (message_ < spec_.messages.size()) {
        queue_data_round();
        break;
      }
      phase_ = Phase::Close;
      [[fallthrough]];
    case Phase::Close:
      queue(true, tcp_flags::kFin | tcp_flags::kAck);
      queue(false, tcp_flags::kFin | tcp_flags::kAck);
      queue(true, tcp_flags::kAck);
      phase_ = Phase::Done;
      break;
    case Phase::Done:
      break;
  }
}

bool TcpFlow::step(PacketSink& sink) {
  while (queue_.empty()) {
    if (phase_ == Phase::Done) return false;
    refill();
  }
  const Packet& p = queue_.front();
  Side& me = side_[p.from_client ? 0 : 1];
  LinkParams link = spec_.link;
  if (!p.from_client) link.ttl = static_cast<std::uint8_t>(link.ttl - 1);  // one router away
  build_tcp_frame(frame_, link, p.from_client ? spec_.client : spec_.server,
                  p.from_client ? spec_.server : spec_.client, me.ip_id++, p.seg, p.payload);
  sink.emit(frame_, spec_.category);
  queue_.pop_front();
  return true;
}

}  // namespace facecert::capgen
