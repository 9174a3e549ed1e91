// One TCP connection as a mirror port sees it: 3-way handshake, the application's messages cut
// into MSS segments with ACKs from the other side, a few spurious retransmissions and
// out-of-order pairs, FIN close. Packets are made lazily, one per step(), so thousands of flows
// can be open at once with little memory.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "frames.h"
#include "rng.h"

namespace facecert::capgen {

// One application message in one direction: fixed bytes (HTTP, TLS handshake), then optionally
// `tls_app_bytes` of TLS application-data records with random (ciphertext-like) content.
struct Message {
  bool from_client = true;
  std::string bytes;
  std::uint64_t tls_app_bytes = 0;
};

struct FlowSpec {
  Endpoint client, server;
  LinkParams link;
  std::vector<Message> messages;
  int category = 0;  // the generator's traffic class, for the byte shares it reports
};

// Where packets go: the clock and the file.
class PacketSink {
 public:
  virtual ~PacketSink() = default;
  virtual void emit(std::string_view frame, int category) = 0;
};

class TcpFlow {
 public:
  TcpFlow(FlowSpec spec, Rng rng);
  // Emits the flow's next packet; false once the flow is closed (nothing emitted then).
  bool step(PacketSink& sink);

 private:
  struct Packet {
    bool from_client;
    TcpSegment seg;
    std::string payload;
  };
  struct Side {
    std::uint32_t next_seq = 0;
    std::uint16_t ip_id = 0;
  };

  void refill();
  void queue_data_round();
  bool take(std::string& out, std::size_t n);  // from the current message; false when it is done
  void queue(bool from_client, std::uint8_t flags, std::string payload = {}, bool syn = false);

  FlowSpec spec_;
  Rng rng_;
  Side side_[2];  // 0 client, 1 server
  enum class Phase { Handshake, Data, Close, Done } phase_ = Phase::Handshake;
  std::size_t message_ = 0;
  std::size_t fixed_pos_ = 0;
  std::uint64_t app_left_ = 0;
  std::string record_;  // the current TLS record being sent
  std::size_t record_pos_ = 0;
  std::deque<Packet> queue_;
  std::string frame_;
};

}  // namespace facecert::capgen
