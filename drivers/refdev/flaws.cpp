#include "flaws.h"

#include <algorithm>

namespace facecert::refdev {

FlawRegistry& FlawRegistry::instance() {
  static FlawRegistry registry;
  return registry;
}

void FlawRegistry::add(Flaw flaw) {
  flaws_.push_back(std::move(flaw));
  std::sort(flaws_.begin(), flaws_.end(),
            [](const Flaw& a, const Flaw& b) { return a.name < b.name; });
}

const Flaw* FlawRegistry::find(const std::string& name) const {
  for (const auto& f : flaws_)
    if (f.name == name) return &f;
  return nullptr;
}

std::string FlawRegistry::names() const {
  std::string out;
  for (const auto& f : flaws_) out += (out.empty() ? "" : ", ") + f.name;
  return out.empty() ? "(none)" : out;
}

FlawRegistration::FlawRegistration(std::string name, std::string description,
                                   std::function<void(DevicePolicy&)> apply) {
  FlawRegistry::instance().add({std::move(name), std::move(description), std::move(apply)});
}

}  // namespace facecert::refdev
