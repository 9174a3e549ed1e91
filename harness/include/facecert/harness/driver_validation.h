// `facecert driver validate`: a checklist run on an out-of-process driver before a campaign
// (docs/driver-protocol.md, "Checking a driver"): handshake, each declared capability called with
// real arguments, timings, refusal of bad arguments, behaviour under malformed and unknown
// requests, shutdown. Every item can fail; the checklist is a value, never an exception.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/drivers/process_driver.h"
#include "facecert/harness/device_profile.h"

namespace facecert::harness {

struct ValidationItem {
  std::string id;      // e.g. "handshake", "capability.identify", "refuses.unknown-person"
  std::string title;   // one line: what was checked
  enum class Status { Pass, Fail, Skipped } status = Status::Skipped;
  std::string detail;  // what happened (the answer, the error, why skipped)
  double ms = 0;       // wall time of the call(s)
};
std::string_view to_string(ValidationItem::Status s);

struct DriverValidation {
  std::string program;
  std::optional<drivers::DriverHello> hello;
  std::vector<ValidationItem> items;
  bool passed() const;  // no item failed (and the handshake passed)
  nlohmann::json to_json() const;
};

// Runs the checklist against the driver the profile names (driver "process"). `work_dir` holds
// the exchange directory and storage dumps (removed afterwards). `on_item` sees each item as it is
// decided (for the console).
DriverValidation validate_driver(const DeviceProfile& profile, const std::filesystem::path& work_dir,
                                 const std::function<void(const ValidationItem&)>& on_item = {});

}  // namespace facecert::harness
