// The retention period (6.1.5: at the end of the use period face data is deleted automatically).
// Persisted in DATA/settings.json; 0 means "keep until deleted". Once per second the device
// deletes enrolled persons (face data and identity row), kept captures and recognition events
// older than the period.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>

namespace facecert::refdev {

class RetentionSetting {
 public:
  explicit RetentionSetting(std::filesystem::path settings_file);  // loads when present
  std::int64_t seconds() const { return seconds_.load(); }
  void set(std::int64_t seconds);  // persists; throws naming the file on failure

 private:
  std::filesystem::path file_;
  std::atomic<std::int64_t> seconds_{0};
};

}  // namespace facecert::refdev
