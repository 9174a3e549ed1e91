#include "recognition_events.h"

namespace facecert::refdev {

void RecognitionEvents::add(RecognitionEvent e) {
  std::lock_guard lock(mu_);
  e.serial = next_serial_++;
  events_.push_back(std::move(e));
  while (events_.size() > kMaxEvents) events_.pop_front();
}

std::vector<RecognitionEvent> RecognitionEvents::recent() const {
  std::lock_guard lock(mu_);
  return {events_.begin(), events_.end()};
}

std::vector<RecognitionEvent> RecognitionEvents::after(std::uint64_t serial) const {
  std::lock_guard lock(mu_);
  std::vector<RecognitionEvent> out;
  for (const auto& e : events_)
    if (e.serial > serial) out.push_back(e);
  return out;
}

std::uint64_t RecognitionEvents::last_serial() const {
  std::lock_guard lock(mu_);
  return next_serial_ - 1;
}

std::size_t RecognitionEvents::purge_older_than(std::chrono::system_clock::time_point cutoff) {
  std::lock_guard lock(mu_);
  std::size_t dropped = 0;
  for (; !events_.empty() && events_.front().at < cutoff; ++dropped) events_.pop_front();
  return dropped;
}

}  // namespace facecert::refdev
