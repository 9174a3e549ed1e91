// Drivers register themselves by name: adding a driver touches one file.
//   static const facecert::drivers::DriverRegistration reg{"refdev", "...", factory};
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "facecert/drivers/driver.h"

namespace facecert::drivers {

using DriverFactory = std::function<std::unique_ptr<Driver>(const DriverConfig&)>;

struct DriverEntry {
  std::string name;
  std::string description;
  DriverFactory factory;
};

class DriverRegistry {
 public:
  static DriverRegistry& instance();
  void add(DriverEntry entry);
  const DriverEntry* find(const std::string& name) const;
  std::vector<std::string> names() const;
  // Throws DriverError naming the known drivers when `config.driver` is unknown.
  std::unique_ptr<Driver> make(const DriverConfig& config) const;

 private:
  std::vector<DriverEntry> entries_;
};

struct DriverRegistration {
  DriverRegistration(std::string name, std::string description, DriverFactory factory);
};

}  // namespace facecert::drivers
