// What cases of one run share: the images the harness presented to the device (6.1.2 and later
// carving look for them on the device), and why the capture is missing if it is.
#pragma once

#include <cstdint>
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

  void add_presented(PresentedImage p) {
    std::lock_guard<std::mutex> lock(mu_);
    presented_.push_back(std::move(p));
  }
  std::vector<PresentedImage> presented() const {
    std::lock_guard<std::mutex> lock(mu_);
    return presented_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<PresentedImage> presented_;
};

std::string now_iso8601();  // UTC, e.g. 2026-11-27T07:30:00Z

}  // namespace facecert::harness
