// What the view library has received, kept thread-safe while the server runs: device registration
// state, the facts and problems of every push, the push times; summary() derives the per-device
// summary and the 6.2.2 de-duplication figures. Holds hashes and sizes of images, never images.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "facecert/drivers/viid_receiver.h"
#include "viid_validate.h"

namespace facecert::drivers::viid {

class Ledger {
 public:
  Ledger();
  int next_request();  // 1, 2, ...: numbers the requests in problem texts
  void registered(const std::string& device_id);
  void unregistered(const std::string& device_id);
  bool keepalive(const std::string& device_id);  // false when the device is not registered
  bool is_registered(const std::string& device_id) const;
  void refused_push(const std::string& device_id);
  void unreadable_push(const std::string& device_id);  // body not JSON (its problem recorded apart)
  // A push that parsed as JSON; counts it for `sender` (or each object's DeviceID when "").
  void push(const std::string& sender, const std::string& request, const CheckedPush& checked);
  void problem(const std::string& device_id, const std::string& request, const std::string& path,
               const std::string& message);
  ViidSummary summary() const;

 private:
  ViidDeviceSummary& device(const std::string& id);  // mu_ held
  mutable std::mutex mu_;
  std::chrono::steady_clock::time_point started_;
  int requests_ = 0, pushes_ = 0, well_formed_ = 0;
  std::map<std::string, ViidDeviceSummary> devices_;
  std::vector<ViidProblem> problems_;
  std::vector<double> push_times_;  // seconds since start
};

// 6.2.2 figures from the devices' faces and the push times.
ViidDedupFigures dedup_figures(const std::map<std::string, ViidDeviceSummary>& devices,
                               std::vector<double> push_times);

}  // namespace facecert::drivers::viid
