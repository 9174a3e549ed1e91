#include "facecert/drivers/registry.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace facecert::drivers {

DriverRegistry& DriverRegistry::instance() {
  static DriverRegistry registry;
  return registry;
}

void DriverRegistry::add(DriverEntry entry) { entries_.push_back(std::move(entry)); }

const DriverEntry* DriverRegistry::find(const std::string& name) const {
  for (const auto& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

std::vector<std::string> DriverRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& e : entries_) out.push_back(e.name);
  return out;
}

std::unique_ptr<Driver> DriverRegistry::make(const DriverConfig& config) const {
  const DriverEntry* e = find(config.driver);
  if (!e)
    throw DriverError(fmt::format("unknown driver '{}' (known: {})", config.driver,
                                  fmt::join(names(), ", ")));
  return e->factory(config);
}

DriverRegistration::DriverRegistration(std::string name, std::string description,
                                       DriverFactory factory) {
  DriverRegistry::instance().add({std::move(name), std::move(description), std::move(factory)});
}

}  // namespace facecert::drivers
