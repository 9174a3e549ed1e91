#include "process_child.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

extern char** environ;

namespace facecert::drivers {
namespace {

constexpr std::size_t kStderrTail = 16 * 1024;

int ms_until(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(std::min<long long>(left.count(), 1000000));
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

ChildProcess::ChildProcess(const std::filesystem::path& exe, const std::vector<std::string>& args,
                           const std::vector<std::string>& extra_env) {
  int in[2], out[2], err[2], status_pipe[2];
  if (::pipe2(in, O_CLOEXEC) || ::pipe2(out, O_CLOEXEC) || ::pipe2(err, O_CLOEXEC) ||
      ::pipe2(status_pipe, O_CLOEXEC))
    throw std::runtime_error(fmt::format("{}: cannot make pipes: {}", exe.string(), std::strerror(errno)));
  std::vector<std::string> argv_s{exe.string()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (char** e = environ; *e; ++e) env_s.emplace_back(*e);
  env_s.insert(env_s.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error(fmt::format("{}: fork failed: {}", exe.string(), std::strerror(errno)));
  if (pid_ == 0) {
    ::setpgid(0, 0);  // its own group: a timeout kills the driver and whatever it started
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::signal(SIGPIPE, SIG_DFL);
    ::execve(argv[0], argv.data(), envp.data());
    const int e = errno;
    [[maybe_unused]] auto n = ::write(status_pipe[1], &e, sizeof e);
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  ::close(status_pipe[1]);
  in_fd_ = in[1];
  out_fd_ = out[0];
  err_fd_ = err[0];
  int child_errno = 0;
  const auto n = ::read(status_pipe[0], &child_errno, sizeof child_errno);
  ::close(status_pipe[0]);
  if (n == static_cast<ssize_t>(sizeof child_errno)) {
    ::waitpid(pid_, &status_, 0);
    exited_ = true;
    close_fd(in_fd_);
    close_fd(out_fd_);
    close_fd(err_fd_);
    throw std::runtime_error(fmt::format("cannot start {}: {}", exe.string(), std::strerror(child_errno)));
  }
  ::fcntl(out_fd_, F_SETFL, ::fcntl(out_fd_, F_GETFL) | O_NONBLOCK);
  ::fcntl(in_fd_, F_SETFL, ::fcntl(in_fd_, F_GETFL) | O_NONBLOCK);
  err_reader_ = std::thread([this] {
    char buf[4096];
    for (;;) {
      const auto r = ::read(err_fd_, buf, sizeof buf);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return;
      std::lock_guard lock(err_mu_);
      err_tail_.append(buf, static_cast<std::size_t>(r));
      if (err_tail_.size() > 2 * kStderrTail) err_tail_.erase(0, err_tail_.size() - kStderrTail);
    }
  });
}

ChildProcess::~ChildProcess() {
  close_fd(in_fd_);
  if (!exited_) {
    reap_nonblocking();
    if (!exited_) {
      signal(SIGKILL);
      ::waitpid(pid_, &status_, 0);
      exited_ = true;
    }
  }
  close_fd(out_fd_);
  // The stderr pipe closes when the last process holding it is gone: whatever the driver started
  // in its group goes with it.
  if (pid_ > 0) ::kill(-pid_, SIGKILL);
  if (err_reader_.joinable()) err_reader_.join();
  close_fd(err_fd_);
}

bool ChildProcess::write_line(const std::string& line, std::chrono::steady_clock::time_point deadline) {
  if (in_fd_ < 0) return false;
  std::string data = line + "\n";
  std::size_t off = 0;
  while (off < data.size()) {
    const auto w = ::write(in_fd_, data.data() + off, data.size() - off);
    if (w > 0) {
      off += static_cast<std::size_t>(w);
      continue;
    }
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && errno == EAGAIN) {
      pollfd p{in_fd_, POLLOUT, 0};
      const int ms = ms_until(deadline);
      if (ms == 0 || ::poll(&p, 1, ms) <= 0) return false;
      continue;
    }
    return false;  // EPIPE: the child closed its stdin or exited
  }
  return true;
}

ChildProcess::ReadStatus ChildProcess::read_line(std::string& line, std::chrono::steady_clock::time_point deadline,
                                                 std::size_t max_bytes) {
  for (;;) {
    if (const auto nl = out_buf_.find('\n'); nl != std::string::npos) {
      line = out_buf_.substr(0, nl);
      out_buf_.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return ReadStatus::Line;
    }
    if (out_buf_.size() > max_bytes) return ReadStatus::TooLong;
    if (out_fd_ < 0) return ReadStatus::Eof;
    pollfd p{out_fd_, POLLIN, 0};
    const int ms = ms_until(deadline);
    const int pr = ::poll(&p, 1, ms);
    if (pr < 0 && errno == EINTR) continue;
    if (pr == 0) return ReadStatus::Timeout;
    char buf[65536];
    const auto r = ::read(out_fd_, buf, sizeof buf);
    if (r > 0) {
      out_buf_.append(buf, static_cast<std::size_t>(r));
      continue;
    }
    if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    close_fd(out_fd_);  // EOF: a last line without a newline is still a line
    if (!out_buf_.empty()) {
      line = std::move(out_buf_);
      out_buf_.clear();
      return ReadStatus::Line;
    }
    return ReadStatus::Eof;
  }
}

void ChildProcess::close_stdin() { close_fd(in_fd_); }

void ChildProcess::reap_nonblocking() {
  if (exited_ || pid_ <= 0) return;
  if (::waitpid(pid_, &status_, WNOHANG) == pid_) exited_ = true;
}

bool ChildProcess::wait_exit(std::chrono::steady_clock::time_point deadline) {
  while (!exited_) {
    reap_nonblocking();
    if (exited_) break;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

void ChildProcess::signal(int sig) {
  if (pid_ > 0 && !exited_) {
    ::kill(-pid_, sig);
    ::kill(pid_, sig);
  }
}

std::string ChildProcess::exit_description() const {
  if (!exited_) return "is still running";
  if (WIFEXITED(status_)) return fmt::format("exited with status {}", WEXITSTATUS(status_));
  if (WIFSIGNALED(status_)) return fmt::format("was killed by signal {} ({})", WTERMSIG(status_), strsignal(WTERMSIG(status_)));
  return "ended";
}

std::string ChildProcess::stderr_tail() const {
  std::lock_guard lock(err_mu_);
  return err_tail_.size() > kStderrTail ? err_tail_.substr(err_tail_.size() - kStderrTail) : err_tail_;
}

}  // namespace facecert::drivers
