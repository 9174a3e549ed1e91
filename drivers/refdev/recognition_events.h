// Recent recognition events (AcsEvent): time, mode, decision, person id, score. No images in
// them. Kept in memory only, at most kMaxEvents, and purged by the retention period.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace facecert::refdev {

struct RecognitionEvent {
  std::string time;  // ISO 8601 UTC
  std::string mode;  // identify / verify
  std::string decision;
  std::string person_id;
  double score = 0;
  std::chrono::system_clock::time_point at;
  std::uint64_t serial = 0;  // set by add(): 1, 2, ... (ISAPI serialNo; alertStream's cursor)
};

class RecognitionEvents {
 public:
  static constexpr std::size_t kMaxEvents = 1000;
  void add(RecognitionEvent e);
  std::vector<RecognitionEvent> recent() const;  // oldest first
  std::vector<RecognitionEvent> after(std::uint64_t serial) const;  // serial > `serial`, oldest first
  std::uint64_t last_serial() const;  // 0 before any event
  // Returns how many were dropped.
  std::size_t purge_older_than(std::chrono::system_clock::time_point cutoff);

 private:
  mutable std::mutex mu_;
  std::deque<RecognitionEvent> events_;
  std::uint64_t next_serial_ = 1;
};

}  // namespace facecert::refdev
