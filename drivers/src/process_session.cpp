// One out-of-process driver program and its protocol (docs/driver-protocol.md).
#include <signal.h>

#include <chrono>

#include <fmt/format.h>

#include "facecert/drivers/process_driver.h"
#include "process_child.h"

namespace facecert::drivers {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxLine = 256u << 20;  // a read_store answer can be large; not unbounded
constexpr std::size_t kTranscriptLines = 60;
constexpr std::size_t kTranscriptLineChars = 4000;
constexpr int kMaxFailedStarts = 3;

std::string shorten(const std::string& s, std::size_t n) {
  return s.size() <= n ? s : s.substr(0, n) + fmt::format("... ({} bytes)", s.size());
}

int major_of(const std::string& version) {
  try {
    return std::stoi(version.substr(0, version.find('.')));
  } catch (const std::exception&) {
    return -1;
  }
}

}  // namespace

DriverSession::DriverSession(DriverConfig config) : config_(std::move(config)) {
  program_ = config_.executable.filename().string();
  if (program_.empty()) program_ = "(no program)";
}

DriverSession::~DriverSession() {
  std::lock_guard lock(mu_);
  stop(true);
}

bool DriverSession::running() const {
  std::lock_guard lock(mu_);
  return child_ && !child_->exited();
}

void DriverSession::note(char dir, const std::string& line) {
  transcript_.push_back(fmt::format("{} {}", dir, shorten(line, kTranscriptLineChars)));
  while (transcript_.size() > kTranscriptLines) transcript_.pop_front();
}

std::vector<std::pair<std::string, std::string>> DriverSession::evidence() const {
  std::string ex;
  for (const auto& l : transcript_) ex += l + "\n";
  std::string err = child_ ? child_->stderr_tail() : std::string();
  return {{"driver-stderr.txt", err.empty() ? std::string("(the driver wrote nothing on stderr)\n") : err},
          {"driver-exchange.jsonl", ex}};
}

std::string DriverSession::stderr_tail() const { return child_ ? child_->stderr_tail() : std::string(); }

void DriverSession::fail(const std::string& what, bool kill) {
  if (kill && child_) {
    child_->signal(SIGKILL);
    child_->wait_exit(Clock::now() + std::chrono::seconds(2));
  }
  auto ev = evidence();
  if (child_) last_exit_ = child_->exit_description();
  child_.reset();  // the next call starts a new process
  hello_.reset();
  throw DriverFailure(fmt::format("driver {}: {}", program_, what), std::move(ev));
}

void DriverSession::stop(bool graceful) {
  if (!child_) return;
  if (graceful && !child_->exited() && hello_) {
    const auto id = next_id_++;
    const std::string line = json{{"jsonrpc", "2.0"}, {"id", id}, {"method", "shutdown"}, {"params", json::object()}}.dump();
    if (child_->write_line(line, Clock::now() + std::chrono::seconds(1))) {
      std::string answer;
      child_->read_line(answer, Clock::now() + std::chrono::seconds(2), kMaxLine);
    }
  }
  child_->close_stdin();
  if (!child_->wait_exit(Clock::now() + std::chrono::seconds(graceful ? 2 : 0))) {
    child_->signal(SIGTERM);
    if (!child_->wait_exit(Clock::now() + std::chrono::seconds(2))) child_->signal(SIGKILL);
  }
  child_.reset();
  hello_.reset();
}

void DriverSession::spawn() {
  if (failed_starts_ >= kMaxFailedStarts)
    throw DriverFailure(fmt::format("driver {}: not restarted after {} failed starts", program_, kMaxFailedStarts),
                        evidence());
  try {
    child_ = std::make_unique<ChildProcess>(config_.executable, config_.args,
                                            std::vector<std::string>{"FACECERT_DRIVER_PROTOCOL=" +
                                                                     std::string(kDriverProtocolVersion)});
  } catch (const std::exception& e) {
    ++failed_starts_;
    throw DriverFailure(e.what());
  }
}

const DriverHello& DriverSession::ensure_started() {
  std::lock_guard lock(mu_);
  if (child_ && hello_ && !child_->exited()) return *hello_;
  child_.reset();
  hello_.reset();
  const auto t0 = Clock::now();
  spawn();
  json params = {{"protocol_version", kDriverProtocolVersion},
                 {"facecert_version", FACECERT_VERSION},
                 {"device",
                  {{"url", config_.base_url},
                   {"user", config_.user},
                   {"password", config_.password},
                   {"ca_file", config_.ca_file},
                   {"timeout_ms", config_.timeout.count()},
                   {"options", config_.options}}},
                 {"exchange_dir", config_.exchange_dir.string()}};
  const auto id = next_id_++;
  const json req = {{"jsonrpc", "2.0"}, {"id", id}, {"method", "initialize"}, {"params", params}};
  json masked = req;
  masked["params"]["device"]["password"] = "***";
  note('>', masked.dump());
  json resp;
  try {
    resp = exchange(req.dump(), id, "initialize", config_.start_timeout);
  } catch (const DriverFailure&) {
    ++failed_starts_;
    throw;
  }
  auto refuse = [&](const std::string& why) {
    ++failed_starts_;
    stop(false);
    throw DriverError(fmt::format("driver {}: {}", program_, why));
  };
  if (resp.contains("error")) {
    const auto& e = resp["error"];
    const std::string msg = e.value("message", std::string());
    if (e.value("code", 0) == -32010)
      refuse(fmt::format("the driver does not speak protocol {} (it supports {}): {}", kDriverProtocolVersion,
                         e.contains("data") ? e["data"].value("supported", json::array()).dump() : std::string("?"),
                         msg));
    refuse(fmt::format("initialize failed: {} {}", e.value("code", 0), msg));
  }
  const json& r = resp["result"];
  if (!r.is_object()) refuse("initialize answered no result object");
  DriverHello h;
  h.protocol_version = r.value("protocol_version", std::string());
  if (r.contains("driver") && r["driver"].is_object()) {
    h.name = r["driver"].value("name", std::string());
    h.version = r["driver"].value("version", std::string());
  }
  if (h.name.empty()) h.name = program_;
  if (major_of(h.protocol_version) != major_of(std::string(kDriverProtocolVersion)))
    refuse(fmt::format("driver {} {} speaks protocol {}; this facecert speaks {}", h.name, h.version,
                       h.protocol_version.empty() ? "(none given)" : h.protocol_version, kDriverProtocolVersion));
  if (!r.contains("capabilities") || !r["capabilities"].is_array()) refuse("initialize result has no capabilities list");
  for (const auto& c : r["capabilities"]) {
    if (!c.is_string() || !capability_from_string(c.get<std::string>()))
      refuse(fmt::format("declares unknown capability {} (known: see docs/driver-protocol.md)", c.dump()));
    h.capabilities.push_back(c.get<std::string>());
  }
  h.start_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  failed_starts_ = 0;
  hello_ = std::move(h);
  return *hello_;
}

bool DriverSession::shutdown(std::chrono::milliseconds wait) {
  std::lock_guard lock(mu_);
  if (!child_ || child_->exited()) return false;
  const auto id = next_id_++;
  const std::string line =
      json{{"jsonrpc", "2.0"}, {"id", id}, {"method", "shutdown"}, {"params", json::object()}}.dump();
  note('>', line);
  bool answered = false;
  const auto deadline = Clock::now() + wait;
  if (child_->write_line(line, deadline)) {
    std::string answer;
    if (child_->read_line(answer, deadline, kMaxLine) == ChildProcess::ReadStatus::Line) {
      note('<', answer);
      try {
        const json r = json::parse(answer);
        answered = r.is_object() && r.contains("id") && r["id"] == json(id) && r.contains("result");
      } catch (const json::parse_error&) {
      }
    }
  }
  child_->close_stdin();
  const bool exited = child_->wait_exit(deadline);
  if (!exited) {
    child_->signal(SIGKILL);
    child_->wait_exit(Clock::now() + std::chrono::seconds(2));
  }
  last_exit_ = child_->exit_description();
  child_.reset();
  hello_.reset();
  return answered && exited;
}

json DriverSession::exchange(const std::string& line, std::int64_t id, const std::string& method,
                             std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  if (!child_->write_line(line, deadline)) {
    child_->wait_exit(Clock::now() + std::chrono::milliseconds(500));
    fail(fmt::format("could not send {}: the driver {}", method, child_->exit_description()), true);
  }
  std::string answer;
  switch (child_->read_line(answer, deadline, kMaxLine)) {
    case ChildProcess::ReadStatus::Line: break;
    case ChildProcess::ReadStatus::Timeout:
      fail(fmt::format("no answer to {} within {} ms", method, timeout.count()), true);
    case ChildProcess::ReadStatus::TooLong:
      fail(fmt::format("malformed output: an answer to {} longer than {} MiB", method, kMaxLine >> 20), true);
    case ChildProcess::ReadStatus::Eof:
      child_->wait_exit(Clock::now() + std::chrono::seconds(2));
      fail(fmt::format("the driver {} during {} (no answer)", child_->exit_description(), method), true);
  }
  note('<', answer);
  json resp;
  try {
    resp = json::parse(answer);
  } catch (const json::parse_error& e) {
    fail(fmt::format("malformed output: the answer to {} is not JSON ({}): {}", method, e.what(), shorten(answer, 120)),
         true);
  }
  if (!resp.is_object() || resp.value("jsonrpc", std::string()) != "2.0")
    fail(fmt::format("malformed output: the answer to {} is not a JSON-RPC 2.0 response: {}", method,
                     shorten(answer, 120)),
         true);
  if (!resp.contains("id") || resp["id"] != json(id))
    fail(fmt::format("malformed output: the answer to {} (id {}) has id {}", method, id,
                     resp.contains("id") ? resp["id"].dump() : "(none)"),
         true);
  const bool has_result = resp.contains("result"), has_error = resp.contains("error");
  if (has_result == has_error)
    fail(fmt::format("malformed output: the answer to {} must have exactly one of result and error", method), true);
  if (has_error && (!resp["error"].is_object() || !resp["error"].contains("code") || !resp["error"]["code"].is_number_integer()))
    fail(fmt::format("malformed output: the error answer to {} has no integer code", method), true);
  return resp;
}

json DriverSession::request(const std::string& method, const json& params, std::chrono::milliseconds timeout) {
  ensure_started();
  std::lock_guard lock(mu_);
  if (timeout.count() <= 0) timeout = config_.call_timeout;
  const auto id = next_id_++;
  const std::string line = json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump();
  note('>', line);
  return exchange(line, id, method, timeout);
}

json DriverSession::request_raw(const std::string& line, std::chrono::milliseconds timeout) {
  ensure_started();
  std::lock_guard lock(mu_);
  note('>', line);
  const auto deadline = Clock::now() + timeout;
  if (!child_->write_line(line, deadline)) fail("could not send a raw request: the driver " + child_->exit_description(), true);
  std::string answer;
  const auto st = child_->read_line(answer, deadline, kMaxLine);
  if (st == ChildProcess::ReadStatus::Timeout) fail(fmt::format("no answer to a raw request within {} ms", timeout.count()), true);
  if (st != ChildProcess::ReadStatus::Line)
    fail(fmt::format("the driver {} after a raw request", child_->exit_description()), true);
  note('<', answer);
  try {
    return json::parse(answer);
  } catch (const json::parse_error&) {
    fail("malformed output: the answer to a raw request is not JSON: " + shorten(answer, 120), true);
  }
}

}  // namespace facecert::drivers
