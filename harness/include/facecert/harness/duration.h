// "90s", "5m", "1h", "1.5s", "250ms", "60" (seconds): durations as plans and the CLI write them.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace facecert::harness {

// Nothing when the text is not a positive duration.
std::optional<std::chrono::milliseconds> parse_duration(const std::string& text);

}  // namespace facecert::harness
