// The device's audit log: JSON lines at DATA/audit.log, appended and flushed per record.
#pragma once

#include <chrono>
#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace facecert::refdev {

struct AuditRecord {
  std::string time;    // ISO 8601 UTC, filled by append() when empty
  std::string remote;  // client address:port
  std::string user;
  std::string event;    // login, enrol, delete-person, set-retention, retention-purge, ...
  std::string outcome;  // success / failure
  std::string detail;
};
void to_json(nlohmann::json& j, const AuditRecord& r);

class AuditLog {
 public:
  explicit AuditLog(std::filesystem::path file);
  void append(AuditRecord record);
  std::vector<AuditRecord> read_all() const;  // oldest first; unparseable lines are skipped

 private:
  std::filesystem::path file_;
  mutable std::mutex mu_;
};

// ISO 8601 UTC with milliseconds, e.g. 2024-05-01T10:00:00.123Z (sorts as text in time order).
std::string iso8601(std::chrono::system_clock::time_point t);
std::string iso8601_now();

}  // namespace facecert::refdev
