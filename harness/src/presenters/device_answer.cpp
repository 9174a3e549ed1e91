#include "device_answer.h"

#include <thread>

#include <nlohmann/json.hpp>

namespace facecert::harness {
namespace {

bool same(const drivers::RecognitionEvent& a, const drivers::RecognitionEvent& b) {
  return a.time == b.time && a.mode == b.mode && a.decision == b.decision && a.person_id == b.person_id &&
         a.score == b.score;
}

// Events in `now` after the last one of `before` (the device keeps a bounded, oldest-first list).
std::vector<drivers::RecognitionEvent> newer(const std::vector<drivers::RecognitionEvent>& before,
                                             const std::vector<drivers::RecognitionEvent>& now) {
  if (before.empty()) return now;
  for (std::size_t i = now.size(); i-- > 0;)
    if (same(now[i], before.back())) return {now.begin() + static_cast<std::ptrdiff_t>(i) + 1, now.end()};
  return now;  // the last known event has been dropped: everything listed is newer
}

}  // namespace

std::vector<drivers::RecognitionEvent> events_before(drivers::Driver& driver) { return driver.read_events(); }

std::optional<drivers::MatchResult> await_answer(drivers::Driver& driver,
                                                 const std::vector<drivers::RecognitionEvent>& before,
                                                 std::chrono::milliseconds timeout, std::stop_token stop) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!stop.stop_requested()) {
    const auto fresh = newer(before, driver.read_events());
    if (!fresh.empty()) {
      const auto& e = fresh.front();
      drivers::MatchResult m;
      m.decision = e.decision;
      m.person_id = e.person_id;
      m.score = e.score;
      m.raw = nlohmann::json{{"time", e.time}, {"mode", e.mode}, {"decision", to_string(e.decision)},
                             {"FPID", e.person_id}, {"score", e.score}}
                  .dump();
      return m;
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return std::nullopt;
}

}  // namespace facecert::harness
