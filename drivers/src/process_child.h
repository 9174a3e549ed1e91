// A child program with pipes on stdin, stdout and stderr: lines out, lines in with a deadline,
// stderr kept as a bounded tail by a reader thread. Used by out-of-process drivers.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace facecert::drivers {

class ChildProcess {
 public:
  // Starts `exe` with `args` in its own process group. Throws std::runtime_error naming the
  // program when it cannot be started (exec failure is reported by the child through a pipe).
  ChildProcess(const std::filesystem::path& exe, const std::vector<std::string>& args,
               const std::vector<std::string>& extra_env);
  ~ChildProcess();  // kills (SIGKILL) and reaps when still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Writes `line` and a newline. False when the child no longer reads (closed pipe) or the
  // deadline passes while the pipe is full.
  bool write_line(const std::string& line, std::chrono::steady_clock::time_point deadline);

  enum class ReadStatus { Line, Timeout, Eof, TooLong };
  // The next line of stdout (without its newline) into `line`.
  ReadStatus read_line(std::string& line, std::chrono::steady_clock::time_point deadline,
                       std::size_t max_bytes);

  void close_stdin();
  // Waits for the child to exit until the deadline; true when it has exited (and was reaped).
  bool wait_exit(std::chrono::steady_clock::time_point deadline);
  void signal(int sig);  // to the whole process group
  // "exited with status 3", "was killed by signal 9", or "is still running".
  std::string exit_description() const;
  bool exited() const { return exited_; }
  std::string stderr_tail() const;
  pid_t pid() const { return pid_; }

 private:
  void reap_nonblocking();

  pid_t pid_ = -1;
  int in_fd_ = -1, out_fd_ = -1, err_fd_ = -1;
  std::string out_buf_;
  bool exited_ = false;
  int status_ = 0;
  std::thread err_reader_;
  mutable std::mutex err_mu_;
  std::string err_tail_;
};

}  // namespace facecert::drivers
