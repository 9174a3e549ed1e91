// Out-of-process drivers (docs/driver-protocol.md): a vendor's program, started by facecert and
// spoken to in JSON-RPC 2.0, one message per line, over its stdin/stdout.
//
// DriverSession is one program and its protocol: start + `initialize`, calls with a deadline,
// restarts after a failure, the stderr tail and the exchange transcript kept for evidence.
// ProcessDriver (registered as "process") maps the Driver interface onto it.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/drivers/driver.h"

namespace facecert::drivers {

inline constexpr std::string_view kDriverProtocolVersion = "1.0";

// What a driver said about itself in `initialize`.
struct DriverHello {
  std::string protocol_version;
  std::string name, version;
  std::vector<std::string> capabilities;  // as declared (validated against the known names)
  double start_ms = 0;                    // from spawn to the initialize answer
};

class ChildProcess;  // process_child.h

class DriverSession {
 public:
  explicit DriverSession(DriverConfig config);
  ~DriverSession();  // shutdown, then SIGTERM / SIGKILL when the driver lingers
  DriverSession(const DriverSession&) = delete;
  DriverSession& operator=(const DriverSession&) = delete;

  // Starts the program and runs `initialize` (when not running). Throws DriverFailure (it does
  // not start, says nothing, malformed answer) or DriverError (version refused, unknown capability
  // name), naming the program.
  const DriverHello& ensure_started();
  bool running() const;

  // The response object of one request ({"result": ...} or {"error": {...}}), after checking it is
  // a JSON-RPC 2.0 response to this request. Throws DriverFailure when the driver exits, times
  // out (the process is killed), or writes malformed output (the process is killed); the next
  // call restarts it. `timeout` 0: the configured call timeout.
  nlohmann::json request(const std::string& method, const nlohmann::json& params,
                         std::chrono::milliseconds timeout = std::chrono::milliseconds(0));
  // Sends `line` as is (for `driver validate`: a malformed request) and returns the parsed answer;
  // same failures as request().
  nlohmann::json request_raw(const std::string& line, std::chrono::milliseconds timeout);

  // Sends `shutdown`, closes stdin and waits up to `wait` for the driver to exit. True when it
  // answered and exited in time (it is killed otherwise). The next call starts it again.
  bool shutdown(std::chrono::milliseconds wait);
  // "exited with status 0" etc. of the last process that ended ("" when none has).
  const std::string& last_exit() const { return last_exit_; }

  // The next request id (for naming media files of that request).
  std::int64_t next_id() const { return next_id_; }
  const std::filesystem::path& exchange_dir() const { return config_.exchange_dir; }
  const std::string& program() const { return program_; }
  std::optional<DriverHello> hello() const { return hello_; }

  // Evidence of the last failure: the stderr tail and the recent exchange (password masked).
  std::vector<std::pair<std::string, std::string>> evidence() const;
  std::string stderr_tail() const;

 private:
  void spawn();
  void stop(bool graceful);
  [[noreturn]] void fail(const std::string& what, bool kill);
  nlohmann::json exchange(const std::string& line, std::int64_t id, const std::string& method,
                          std::chrono::milliseconds timeout);
  void note(char dir, const std::string& line);

  DriverConfig config_;
  std::string program_;  // file name, for messages
  std::unique_ptr<ChildProcess> child_;
  std::optional<DriverHello> hello_;
  std::int64_t next_id_ = 1;
  int failed_starts_ = 0;
  std::string last_exit_;
  std::deque<std::string> transcript_;
  mutable std::mutex mu_;
};

}  // namespace facecert::drivers
