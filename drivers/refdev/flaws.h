// Seeded flaws of the reference device. Each flaw lives in its own flaw_<name>.cpp and registers
// itself by name with a description and a change to the DevicePolicy:
//   static const FlawRegistration reg{"keep-images", "...", [](DevicePolicy& p) { ... }};
// The refdev executable links its core library whole, so no registration is dropped.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "device_policy.h"

namespace facecert::refdev {

struct Flaw {
  std::string name;
  std::string description;
  std::function<void(DevicePolicy&)> apply;
};

class FlawRegistry {
 public:
  static FlawRegistry& instance();
  void add(Flaw flaw);
  const Flaw* find(const std::string& name) const;
  const std::vector<Flaw>& all() const { return flaws_; }  // in name order
  std::string names() const;                               // "a, b, c"

 private:
  std::vector<Flaw> flaws_;
};

struct FlawRegistration {
  FlawRegistration(std::string name, std::string description,
                   std::function<void(DevicePolicy&)> apply);
};

}  // namespace facecert::refdev
