// Reassembly of one direction of a TCP connection into stream bytes, keeping which capture frames
// carried which stream offsets. First data wins on overlap; gaps are recorded, never filled.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace facecert::probes {

struct StreamChunk {  // contiguous reassembled bytes; chunks are separated by gaps
  std::uint64_t offset = 0;
  std::vector<std::uint8_t> bytes;
  std::uint64_t end() const { return offset + bytes.size(); }
};

struct StreamGap {
  std::uint64_t offset = 0, length = 0;
  std::uint64_t next_frame = 0;  // frame whose bytes resume the stream after the gap (0: none)
};

struct StreamConflict {  // a retransmission or overlap whose bytes differ from what was kept
  std::uint64_t offset = 0, length = 0;
  std::uint64_t frame = 0;
};

struct SegmentRef {
  std::uint64_t offset = 0;
  std::uint32_t length = 0;
  std::uint64_t frame = 0;  // 1-based frame number in the capture
};

struct TcpStreamLimits {
  std::uint64_t max_stream_bytes = 64ull << 20;  // bytes kept per direction
  std::uint64_t max_pending_bytes = 8ull << 20;  // out-of-order bytes held before declaring a gap
};

class TcpStream {
 public:
  explicit TcpStream(TcpStreamLimits limits = {}) : limits_(limits) {}

  // SYN (or SYN+ACK) from this direction's sender: stream offset 0 is isn + 1.
  void on_syn(std::uint32_t isn);
  // A segment from this direction's sender. A SYN with data must call on_syn first and pass
  // seq = isn + 1. `fin`/`rst` close the direction.
  void on_segment(std::uint32_t seq, std::span<const std::uint8_t> payload, std::uint64_t frame,
                  bool fin = false, bool rst = false);
  // End of capture: whatever is still held out of order is placed after a recorded gap.
  void finish();

  const std::vector<StreamChunk>& chunks() const { return chunks_; }
  const std::vector<StreamGap>& gaps() const { return gaps_; }
  const std::vector<StreamConflict>& conflicts() const { return conflicts_; }
  // Frames (ascending, unique) holding any byte of [offset, offset + length).
  std::vector<std::uint64_t> frames_for(std::uint64_t offset, std::uint64_t length) const;

  bool started() const { return started_; }
  bool saw_syn() const { return saw_syn_; }
  bool mid_stream() const { return started_ && !saw_syn_; }  // capture began after the handshake
  bool fin() const { return fin_; }
  bool rst() const { return rst_; }
  // Streaming analysis: an encrypted flow's bytes past its handshake are counted, not kept
  // (silently: this is not the reassembly limit), and a flow analysed early under memory pressure
  // drops what it kept so far; later bytes start a new chunk at their own stream offset.
  void stop_keeping();
  void release();
  bool keeping_stopped() const { return discarding_; }
  std::uint64_t held_bytes() const { return kept_ + pending_bytes_; }  // in memory now
  // Bytes held out of order: a hole before them waits for its retransmission.
  bool awaiting_hole() const { return !pending_.empty(); }

  bool capped() const { return capped_at_ != 0; }
  std::uint64_t capped_at() const { return capped_at_; }  // stream offset where keeping stopped
  std::uint64_t payload_bytes() const { return payload_bytes_; }  // all payload seen, retransmits too
  std::uint64_t next_offset() const { return next_; }

 private:
  struct Pending {
    std::vector<std::uint8_t> bytes;
    std::uint64_t frame;
  };
  std::uint64_t offset_of(std::uint32_t seq) const;
  void deliver(std::uint64_t offset, std::span<const std::uint8_t> data, std::uint64_t frame);
  void hold(std::uint64_t offset, std::span<const std::uint8_t> data, std::uint64_t frame);
  void drain_pending();
  void skip_to_pending();  // record a gap up to the first held segment
  bool kept_equal(std::uint64_t offset, std::span<const std::uint8_t> data) const;

  TcpStreamLimits limits_;
  bool started_ = false, saw_syn_ = false, fin_ = false, rst_ = false, discarding_ = false;
  std::uint32_t base_seq_ = 0;  // sequence number of stream offset 0
  std::uint64_t next_ = 0;      // next expected stream offset
  std::uint64_t kept_ = 0, pending_bytes_ = 0, payload_bytes_ = 0, capped_at_ = 0;
  std::vector<StreamChunk> chunks_;
  std::vector<StreamGap> gaps_;
  std::vector<StreamConflict> conflicts_;
  std::vector<SegmentRef> segments_;
  std::map<std::uint64_t, Pending> pending_;
};

}  // namespace facecert::probes
