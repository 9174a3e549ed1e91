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

void RecognitionEvents::purge_older_than(std::chrono::system_clock::time_point cutoff) {
  std::lock_guard lock(mu_);
  while (!events_.empty() && events_.front().at < cutoff) events_.pop_front();
}

}  // namespace facecert::refdev
