// An open-addressing hash map (linear probing, backward-shift erase) for the flow table: one
// lookup per packet, and the slots in one array. std::unordered_map's node per entry cost a cache
// and TLB miss per packet, a sixth of the time on a TLS capture at 1 GB/s (issue 4).
#pragma once

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

namespace facecert::probes::traffic {

template <class K, class V, class Hash>
class FlatHashMap {
 public:
  std::size_t size() const { return size_; }

  V* find(const K& key) {
    if (size_ == 0) return nullptr;
    for (std::size_t i = home(key);; i = (i + 1) & mask_) {
      if (!slots_[i]) return nullptr;
      if (slots_[i]->first == key) return &slots_[i]->second;
    }
  }

  // `key` must not be in the map. The reference stays valid until the next emplace or erase.
  V& emplace(const K& key, V value) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    std::size_t i = home(key);
    while (slots_[i]) i = (i + 1) & mask_;
    slots_[i].emplace(key, std::move(value));
    ++size_;
    return slots_[i]->second;
  }

  bool erase(const K& key) {
    if (size_ == 0) return false;
    std::size_t hole = home(key);
    for (; slots_[hole]; hole = (hole + 1) & mask_)
      if (slots_[hole]->first == key) break;
    if (!slots_[hole]) return false;
    slots_[hole].reset();
    --size_;
    // Shift back every later entry of the run whose home is not between the hole and it, so
    // that no lookup stops early at the hole.
    for (std::size_t j = (hole + 1) & mask_; slots_[j]; j = (j + 1) & mask_) {
      const std::size_t h = home(slots_[j]->first);
      const bool stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
      if (stays) continue;
      slots_[hole] = std::move(slots_[j]);
      slots_[j].reset();
      hole = j;
    }
    return true;
  }

  template <class F>
  void for_each(F&& f) {  // f(const K&, V&); the map must not change meanwhile
    for (auto& s : slots_)
      if (s) f(s->first, s->second);
  }

  void clear() {
    slots_.clear();
    size_ = 0;
    mask_ = 0;
  }

 private:
  std::size_t home(const K& key) const { return Hash{}(key) & mask_; }

  void grow() {
    std::vector<std::optional<std::pair<K, V>>> old = std::move(slots_);
    slots_ = std::vector<std::optional<std::pair<K, V>>>(old.empty() ? 64 : 2 * old.size());
    mask_ = slots_.size() - 1;
    for (auto& s : old) {
      if (!s) continue;
      std::size_t i = home(s->first);
      while (slots_[i]) i = (i + 1) & mask_;
      slots_[i] = std::move(s);
    }
  }

  std::vector<std::optional<std::pair<K, V>>> slots_;
  std::size_t size_ = 0, mask_ = 0;
};

}  // namespace facecert::probes::traffic
