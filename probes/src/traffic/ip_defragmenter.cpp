#include "ip_defragmenter.h"

#include <algorithm>
#include <cstring>

namespace facecert::probes::traffic {

std::optional<std::vector<std::uint8_t>> IpDefragmenter::add(const DecodedPacket& f, double ts) {
  if (ts - last_expire_ > 1.0) expire(ts);
  const auto& frag = f.fragment;
  const std::uint64_t end = std::uint64_t{frag.offset} + frag.data.size();
  if (end > limits_.max_datagram) {
    ++oversized_;
    return std::nullopt;
  }
  const Key key{f.src.v6, f.src.bytes, f.dst.bytes, frag.id, f.protocol};
  auto [it, fresh] = pending_.try_emplace(key);
  Pending& p = it->second;
  if (fresh) p.first_seen = ts;
  if (!frag.more) p.total = static_cast<std::uint32_t>(end);
  // Keep only the parts no earlier piece covers; compare the parts that are covered.
  std::uint32_t pos = frag.offset;
  const auto data_at = [&](std::uint32_t off) { return frag.data.data() + (off - frag.offset); };
  auto next = p.pieces.upper_bound(pos);
  if (next != p.pieces.begin()) --next;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> fresh_parts;
  for (; next != p.pieces.end() && next->first < end && pos < end; ++next) {
    const std::uint32_t piece_end = next->first + static_cast<std::uint32_t>(next->second.size());
    if (piece_end <= pos) continue;
    if (next->first > pos) fresh_parts.emplace_back(pos, next->first);
    const std::uint32_t from = std::max(pos, next->first);
    const auto to = static_cast<std::uint32_t>(std::min<std::uint64_t>(end, piece_end));
    if (from < to && std::memcmp(next->second.data() + (from - next->first), data_at(from), to - from) != 0)
      ++conflicts_;
    pos = std::max(pos, piece_end);
  }
  if (pos < end) fresh_parts.emplace_back(pos, static_cast<std::uint32_t>(end));
  for (const auto& [from, to] : fresh_parts) {
    p.pieces.emplace(from, std::vector<std::uint8_t>(data_at(from), data_at(to)));
    p.bytes += to - from;
    pending_bytes_ += to - from;
  }
  if (complete(p)) {
    std::vector<std::uint8_t> out(*p.total);
    for (const auto& [off, bytes] : p.pieces)
      if (off < out.size())
        std::copy_n(bytes.begin(), std::min<std::size_t>(bytes.size(), out.size() - off), out.begin() + off);
    pending_bytes_ -= p.bytes;
    pending_.erase(it);
    ++reassembled_;
    return out;
  }
  while (pending_bytes_ > limits_.max_pending_bytes && !pending_.empty()) {
    // Over the limit: the oldest incomplete datagram goes.
    auto oldest = std::min_element(pending_.begin(), pending_.end(), [](const auto& a, const auto& b) {
      return a.second.first_seen < b.second.first_seen;
    });
    pending_bytes_ -= oldest->second.bytes;
    pending_.erase(oldest);
    ++expired_;
  }
  return std::nullopt;
}

bool IpDefragmenter::complete(const Pending& p) const {
  if (!p.total) return false;
  std::uint32_t covered = 0;
  for (const auto& [off, bytes] : p.pieces) {
    if (off > covered) return false;
    covered = std::max<std::uint32_t>(covered, off + static_cast<std::uint32_t>(bytes.size()));
  }
  return covered >= *p.total;
}

void IpDefragmenter::expire(double now) {
  last_expire_ = now;
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (now - it->second.first_seen > limits_.timeout_seconds) {
      pending_bytes_ -= it->second.bytes;
      it = pending_.erase(it);
      ++expired_;
    } else {
      ++it;
    }
  }
}

void IpDefragmenter::finish() {
  expired_ += pending_.size();
  pending_.clear();
  pending_bytes_ = 0;
}

}  // namespace facecert::probes::traffic
