// Test support: runs the real facecert-refdev binary on 127.0.0.1 with a fresh data folder, and
// media helpers (demo photos, varied copies of a photo).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "facecert/drivers/driver.h"

namespace facecert::testing {

class RefdevProcess {
 public:
  static constexpr const char* kPassword = "refdev-test-pw";
  // Starts facecert-refdev with `args` (after --data-dir/--port 0) and waits for its ready line.
  explicit RefdevProcess(const std::vector<std::string>& args = {});
  ~RefdevProcess();  // SIGTERM and wait
  RefdevProcess(const RefdevProcess&) = delete;
  RefdevProcess& operator=(const RefdevProcess&) = delete;

  const std::string& url() const { return url_; }
  // What the device printed before its readiness line (further listeners it announced).
  const std::string& announced() const { return announced_; }
  const std::filesystem::path& data_dir() const { return data_dir_; }
  drivers::DriverConfig config(const std::string& password = kPassword) const;
  int stop();  // SIGTERM, returns the exit status

 private:
  pid_t pid_ = -1;
  std::string url_, announced_;
  std::filesystem::path data_dir_;
};

// Runs facecert-refdev with `args`, returns {exit code, stderr}.
std::pair<int, std::string> run_refdev(const std::vector<std::string>& args);

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& file);
drivers::Image demo_image(const std::string& name);  // spoof-datasets/demo/<name>
// A varied copy of a JPEG photo: brightness * gain, shift by (dx, dy), scale, gaussian noise
// (sigma), re-encoded as JPEG at `quality`.
drivers::Image varied(const drivers::Image& photo, double gain, int dx, int dy, double scale,
                      double noise_sigma, int quality);
std::string sha256_hex(const std::vector<std::uint8_t>& bytes);

}  // namespace facecert::testing
