#include "recognition_events.h"

namespace facecert::refdev {

void RecognitionEvents::add(RecognitionEvent e) {
  std::lock_guard lock(mu_);
  events_.push_back(std::move(e));
  while (events_.size() > kMaxEvents) events_.pop_front();
}

std::vector<RecognitionEvent> RecognitionEvents::recent() const {
  std::lock_guard lock(mu_);
  return {events_.begin(), events_.end()};
}

std::size_t RecognitionEvents::purge_older_than(std::chrono::system_clock::time_point cutoff) {
  std::lock_guard lock(mu_);
  std::size_t dropped = 0;
  for (; !events_.empty() && events_.front().at < cutoff; ++dropped) events_.pop_front();
  return dropped;
}

}  // namespace facecert::refdev
