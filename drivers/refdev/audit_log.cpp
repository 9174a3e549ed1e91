#include "audit_log.h"

#include <chrono>
#include <ctime>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

namespace facecert::refdev {

std::string iso8601_now() { return iso8601(std::chrono::system_clock::now()); }

std::string iso8601(std::chrono::system_clock::time_point now) {
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return fmt::format("{}.{:03d}Z", buf, static_cast<int>(ms));
}

void to_json(nlohmann::json& j, const AuditRecord& r) {
  j = {{"time", r.time},   {"remote", r.remote},   {"user", r.user},
       {"event", r.event}, {"outcome", r.outcome}, {"detail", r.detail}};
}

AuditLog::AuditLog(std::filesystem::path file) : file_(std::move(file)) {
  std::ofstream touch(file_, std::ios::app);
  if (!touch) throw std::runtime_error(fmt::format("{}: cannot open the audit log", file_.string()));
}

void AuditLog::append(AuditRecord r) {
  if (r.time.empty()) r.time = iso8601_now();
  const std::string line = nlohmann::json(r).dump() + "\n";
  std::lock_guard lock(mu_);
  std::ofstream out(file_, std::ios::app);
  out << line;
  out.flush();
}

std::vector<AuditRecord> AuditLog::read_all() const {
  std::lock_guard lock(mu_);
  std::ifstream in(file_);
  std::vector<AuditRecord> out;
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    out.push_back({j.value("time", ""), j.value("remote", ""), j.value("user", ""),
                   j.value("event", ""), j.value("outcome", ""), j.value("detail", "")});
  }
  return out;
}

}  // namespace facecert::refdev
