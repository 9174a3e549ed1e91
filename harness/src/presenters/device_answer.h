// The device's answer to a presentation it saw through its own camera (screen, manual presenters):
// the first recognition event it records after the presentation began.
#pragma once

#include <chrono>
#include <optional>
#include <stop_token>
#include <vector>

#include "facecert/drivers/driver.h"

namespace facecert::harness {

// The events the device had before the presentation (to tell new ones apart).
std::vector<drivers::RecognitionEvent> events_before(drivers::Driver& driver);

// Polls read_events() until an event newer than `before` appears or `timeout` passes; nullopt then.
std::optional<drivers::MatchResult> await_answer(drivers::Driver& driver,
                                                 const std::vector<drivers::RecognitionEvent>& before,
                                                 std::chrono::milliseconds timeout, std::stop_token stop);

}  // namespace facecert::harness
