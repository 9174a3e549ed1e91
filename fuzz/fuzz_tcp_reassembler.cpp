// libFuzzer target: TcpStream (one direction of TCP reassembly) driven by segments decoded from
// the input, with small limits so the keep cap and the pending (out-of-order) limit are hit.
// After finish() the documented invariants are checked; a broken one traps.
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "facecert/probes/tcp_stream.h"

namespace {

using facecert::probes::TcpStream;
using facecert::probes::TcpStreamLimits;

class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return pos_ >= size_; }
  std::uint8_t u8() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::uint16_t u16() { return static_cast<std::uint16_t>(u8() << 8 | u8()); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(u16()) << 16 | u16(); }
  std::span<const std::uint8_t> take(std::size_t n) {
    n = std::min(n, size_ - std::min(pos_, size_));
    std::span<const std::uint8_t> s(data_ + pos_, n);
    pos_ += n;
    return s;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_, pos_ = 0;
};

void check(bool ok) {
  if (!ok) __builtin_trap();
}

void check_frames(const TcpStream& s, std::uint64_t offset, std::uint64_t length) {
  const auto frames = s.frames_for(offset, length);
  for (std::size_t i = 1; i < frames.size(); ++i) check(frames[i - 1] < frames[i]);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Input in(data, size);
  // Header: limits (small), ISN, whether a SYN is seen first.
  TcpStreamLimits limits;
  limits.max_stream_bytes = 1 + in.u16() % 4096;
  limits.max_pending_bytes = 1 + in.u16() % 2048;
  const std::uint32_t isn = in.u32();
  const std::uint8_t opts = in.u8();
  TcpStream s(limits);
  if (opts & 1) s.on_syn(isn);
  std::uint64_t frame = 1;
  // Segments: flags byte, 16-bit signed seq delta relative to isn + 1, length (<= 255), payload.
  while (!in.empty() && frame < 4096) {
    const std::uint8_t flags = in.u8();
    const auto delta = static_cast<std::int16_t>(in.u16());
    const std::uint8_t length = in.u8();
    const auto payload = in.take(length);
    const bool syn = flags & 1, fin = flags & 2, rst = flags & 4;
    // Occasionally a far-away sequence number (wrap-around, stale segments).
    const std::uint32_t seq = (flags & 8) ? static_cast<std::uint32_t>(isn + 1 + delta * 65536u)
                                          : static_cast<std::uint32_t>(isn + 1 + delta);
    if (syn) s.on_syn(flags & 16 ? seq : isn);
    s.on_segment(seq, payload, frame++, fin, rst);
  }
  s.finish();

  // Chunks ascending, non-overlapping, non-empty (a chunk is contiguous bytes).
  const auto& chunks = s.chunks();
  std::uint64_t kept = 0;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    check(!chunks[i].bytes.empty());
    if (i > 0) check(chunks[i - 1].end() < chunks[i].offset);  // separated by a gap
    kept += chunks[i].bytes.size();
  }
  check(kept <= limits.max_stream_bytes);
  if (s.capped()) check(chunks.empty() || chunks.back().end() <= s.capped_at());
  // Gaps ascending, non-empty, never overlapping kept bytes; each lies between two chunks (or
  // before the first one when the capture began mid-stream).
  const auto& gaps = s.gaps();
  for (std::size_t i = 0; i < gaps.size(); ++i) {
    const auto& g = gaps[i];
    check(g.length > 0);
    if (i > 0) check(gaps[i - 1].offset + gaps[i - 1].length <= g.offset);
    for (const auto& c : chunks)
      check(g.offset + g.length <= c.offset || c.end() <= g.offset);
  }
  for (std::size_t i = 1; i < chunks.size(); ++i) {
    const bool covered = std::any_of(gaps.begin(), gaps.end(), [&](const auto& g) {
      return g.offset >= chunks[i - 1].end() && g.offset + g.length <= chunks[i].offset;
    });
    check(covered);
  }
  // frames_for: ascending unique frames for ranges inside each chunk.
  for (const auto& c : chunks) {
    const std::uint64_t n = c.bytes.size();
    check_frames(s, c.offset, n);
    check_frames(s, c.offset, 1);
    check_frames(s, c.offset + n / 2, n - n / 2);
    check_frames(s, c.end() - 1, 1);
    check(!s.frames_for(c.offset, n).empty());  // kept bytes came from some frame
  }
  return 0;
}
