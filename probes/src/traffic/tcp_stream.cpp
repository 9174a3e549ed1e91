#include "facecert/probes/tcp_stream.h"

#include <algorithm>
#include <cstring>

namespace facecert::probes {

void TcpStream::on_syn(std::uint32_t isn) {
  saw_syn_ = true;
  if (started_) return;  // SYN retransmission, or a SYN after data: keep the first anchor
  started_ = true;
  base_seq_ = isn + 1;
}

std::uint64_t TcpStream::offset_of(std::uint32_t seq) const {
  // Unwrap the 32-bit sequence number around the next expected offset.
  const std::uint32_t expected = base_seq_ + static_cast<std::uint32_t>(next_);
  const auto delta = static_cast<std::int32_t>(seq - expected);
  return next_ + static_cast<std::uint64_t>(static_cast<std::int64_t>(delta));  // may wrap "below 0"
}

void TcpStream::on_segment(std::uint32_t seq, std::span<const std::uint8_t> payload,
                           std::uint64_t frame, bool fin, bool rst) {
  payload_bytes_ += payload.size();
  if (!started_) {  // capture began mid-stream: the first segment seen anchors offset 0
    started_ = true;
    base_seq_ = seq;
  }
  if (rst) {
    rst_ = true;
    return;  // data on a RST is diagnostic text, not stream content
  }
  std::uint64_t offset = offset_of(seq);
  if (static_cast<std::int64_t>(offset) < 0) {  // starts before offset 0: keep the part after it
    const auto before = static_cast<std::uint64_t>(-static_cast<std::int64_t>(offset));
    if (before >= payload.size()) return;
    payload = payload.subspan(before);
    offset = 0;
  }
  if (fin) fin_ = true;
  if (payload.empty()) return;
  if (discarding_) {  // counted, not reassembled: only where the stream has got to matters
    next_ = std::max(next_, offset + payload.size());
    return;
  }
  if (offset <= next_) {
    deliver(offset, payload, frame);
    drain_pending();
    return;
  }
  hold(offset, payload, frame);
  while (pending_bytes_ > limits_.max_pending_bytes) {
    skip_to_pending();
    drain_pending();
  }
}

bool TcpStream::kept_equal(std::uint64_t offset, std::span<const std::uint8_t> data) const {
  // Bytes that were never kept (gap, cap) cannot be compared: they count as equal.
  auto it = std::partition_point(chunks_.begin(), chunks_.end(),
                                 [&](const StreamChunk& c) { return c.end() <= offset; });
  std::uint64_t pos = offset;
  const std::uint64_t end = offset + data.size();
  for (; it != chunks_.end() && it->offset < end; ++it) {
    const std::uint64_t from = std::max(pos, it->offset);
    const std::uint64_t to = std::min(end, it->end());
    if (from >= to) continue;
    if (std::memcmp(it->bytes.data() + (from - it->offset), data.data() + (from - offset),
                    to - from) != 0)
      return false;
    pos = to;
  }
  return true;
}

void TcpStream::deliver(std::uint64_t offset, std::span<const std::uint8_t> data,
                        std::uint64_t frame) {
  const std::uint64_t overlap = std::min<std::uint64_t>(next_ - offset, data.size());
  if (overlap > 0 && !kept_equal(offset, data.first(overlap)))
    conflicts_.push_back({offset, overlap, frame});  // first data wins; the new copy is dropped
  if (overlap == data.size()) return;
  const auto fresh = data.subspan(overlap);
  std::uint64_t keep = fresh.size();
  if (discarding_) {
    keep = 0;
  } else if (capped_at_ == 0 && kept_ + keep > limits_.max_stream_bytes) {
    keep = limits_.max_stream_bytes - kept_;
    capped_at_ = next_ + keep;
    if (capped_at_ == 0) capped_at_ = 1;  // cap of 0 at offset 0: still mark it
  } else if (capped_at_ != 0) {
    keep = 0;
  }
  if (keep > 0) {
    if (chunks_.empty() || chunks_.back().end() != next_) {
      chunks_.push_back({next_, {}});
      chunks_.back().bytes.reserve(16 << 10);  // fewer regrowths for the usual short exchange
    }
    auto& bytes = chunks_.back().bytes;
    bytes.insert(bytes.end(), fresh.begin(), fresh.begin() + static_cast<std::ptrdiff_t>(keep));
    segments_.push_back({next_, static_cast<std::uint32_t>(keep), frame});
    kept_ += keep;
  }
  next_ += fresh.size();
}

void TcpStream::hold(std::uint64_t offset, std::span<const std::uint8_t> data,
                     std::uint64_t frame) {
  // Keep only the parts no earlier held segment covers (first data wins here too).
  const std::uint64_t end = offset + data.size();
  auto it = pending_.lower_bound(offset);
  if (it != pending_.begin()) {
    auto prev = std::prev(it);
    if (prev->first + prev->second.bytes.size() > offset) it = prev;
  }
  std::vector<std::pair<std::uint64_t, std::uint64_t>> pieces;  // [from, to)
  std::uint64_t pos = offset;
  for (; it != pending_.end() && it->first < end && pos < end; ++it) {
    const std::uint64_t held_end = it->first + it->second.bytes.size();
    if (it->first > pos) pieces.emplace_back(pos, it->first);
    const std::uint64_t from = std::max(pos, it->first), to = std::min(end, held_end);
    if (from < to &&
        std::memcmp(it->second.bytes.data() + (from - it->first), data.data() + (from - offset),
                    to - from) != 0)
      conflicts_.push_back({from, to - from, frame});
    pos = std::max(pos, held_end);
  }
  if (pos < end) pieces.emplace_back(pos, end);
  for (const auto& [from, to] : pieces) {
    const auto part = data.subspan(from - offset, to - from);
    pending_[from] = Pending{{part.begin(), part.end()}, frame};
    pending_bytes_ += part.size();
  }
}

void TcpStream::drain_pending() {
  while (!pending_.empty() && pending_.begin()->first <= next_) {
    auto node = pending_.extract(pending_.begin());
    pending_bytes_ -= node.mapped().bytes.size();
    deliver(node.key(), node.mapped().bytes, node.mapped().frame);
  }
}

void TcpStream::skip_to_pending() {
  if (pending_.empty()) return;
  const auto& [first, held] = *pending_.begin();
  gaps_.push_back({next_, first - next_, held.frame});
  next_ = first;
}

void TcpStream::stop_keeping() {
  discarding_ = true;
  pending_.clear();
  pending_bytes_ = 0;
}

void TcpStream::release() {
  chunks_.clear();
  chunks_.shrink_to_fit();
  segments_.clear();
  segments_.shrink_to_fit();
  kept_ = 0;
}

void TcpStream::finish() {
  while (!pending_.empty()) {
    skip_to_pending();
    drain_pending();
  }
}

std::vector<std::uint64_t> TcpStream::frames_for(std::uint64_t offset, std::uint64_t length) const {
  std::vector<std::uint64_t> frames;
  const std::uint64_t end = offset + length;
  auto it = std::partition_point(segments_.begin(), segments_.end(), [&](const SegmentRef& s) {
    return s.offset + s.length <= offset;
  });
  for (; it != segments_.end() && it->offset < end; ++it) frames.push_back(it->frame);
  std::sort(frames.begin(), frames.end());
  frames.erase(std::unique(frames.begin(), frames.end()), frames.end());
  return frames;
}

}  // namespace facecert::probes
