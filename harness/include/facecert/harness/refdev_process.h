// Starts the built-in reference device (facecert-refdev) for `facecert run --device refdev`: a
// fresh temporary data directory, an ephemeral loopback port, generated credentials (passed in the
// environment, never on the command line), and the seeded flaws asked for. Stops it and deletes
// its data directory (it holds face data) when done.
#pragma once

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "facecert/harness/device_profile.h"

namespace facecert::harness {

class RefdevProcess {
 public:
  struct Options {
    std::vector<std::string> flaws;
    std::filesystem::path binary;    // empty: find_refdev_binary()
    std::filesystem::path log_file;  // the device's stdout/stderr, kept as evidence
    int start_timeout_s = 30;
  };

  // Starts the device and waits for its "listening on URL" line. Throws std::runtime_error with
  // the tail of its log when it does not come up.
  explicit RefdevProcess(Options options);
  ~RefdevProcess();
  RefdevProcess(const RefdevProcess&) = delete;
  RefdevProcess& operator=(const RefdevProcess&) = delete;

  // A profile for the runner: driver refdev, the URL it printed, the generated credentials,
  // capture on lo, product profiles identification + verification.
  DeviceProfile profile() const;
  const std::string& url() const { return url_; }
  void stop();

 private:
  Options options_;
  std::filesystem::path data_dir_;
  std::string password_;
  std::string url_;
  std::vector<int> extra_ports_;  // further listeners the device announced
  int pid_ = -1;
  int out_fd_ = -1;
  std::thread drain_;
};

// $FACECERT_REFDEV, else facecert-refdev next to this executable, else on PATH.
std::filesystem::path find_refdev_binary();

}  // namespace facecert::harness
