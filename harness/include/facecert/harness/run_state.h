// What cases of one run share: the images the harness presented to the device (6.1.2 and later
// carving look for them on the device), and why the capture is missing if it is.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace facecert::harness {

struct PresentedImage {
  std::string sha256;
  std::string purpose;  // enrolment | identification | verification-id-document | verification-live
  std::string case_id;
  std::string time;
  // The encoded image, in memory only (never written to disk): the storage checks match carved
  // images against it (6.1.2).
  std::vector<std::uint8_t> bytes;
};

struct RunState {
  std::string capture_error;  // non-empty: the capture could not start, and why
  std::string driver_error;   // non-empty: the driver could not be made (or started), and why

  void add_presented(PresentedImage p) {
    std::lock_guard<std::mutex> lock(mu_);
    presented_.push_back(std::move(p));
  }
  std::vector<PresentedImage> presented() const {
    std::lock_guard<std::mutex> lock(mu_);
    return presented_;
  }

  // Something costly that several cases of the run can share (e.g. the generated 6.1.4 demo set),
  // made once per key and kept until the run ends. `make` may throw; nothing is kept then.
  template <typename T>
  std::shared_ptr<const T> shared(const std::string& key, const std::function<std::shared_ptr<const T>()>& make) {
    std::lock_guard<std::mutex> lock(shared_mu_);
    auto& slot = shared_[key];
    if (!slot) slot = make();
    return std::static_pointer_cast<const T>(slot);
  }

 private:
  mutable std::mutex mu_;
  std::vector<PresentedImage> presented_;
  std::mutex shared_mu_;
  std::map<std::string, std::shared_ptr<const void>> shared_;
};

std::string now_iso8601();  // UTC, e.g. 2026-11-27T07:30:00Z

}  // namespace facecert::harness
