#include "retention.h"

#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace facecert::refdev {

RetentionSetting::RetentionSetting(std::filesystem::path file) : file_(std::move(file)) {
  std::ifstream in(file_);
  if (!in) return;
  const auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_object() && j.contains("retentionSeconds") && j["retentionSeconds"].is_number_integer())
    seconds_ = j["retentionSeconds"].get<std::int64_t>();
}

void RetentionSetting::set(std::int64_t seconds) {
  std::ofstream out(file_, std::ios::trunc);
  out << nlohmann::json{{"retentionSeconds", seconds}}.dump() << "\n";
  if (!out) throw std::runtime_error(fmt::format("{}: cannot write", file_.string()));
  seconds_ = seconds;
}

}  // namespace facecert::refdev
