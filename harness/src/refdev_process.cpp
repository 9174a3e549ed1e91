#include "facecert/harness/refdev_process.h"

#include "facecert/probes/network_policy.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <openssl/rand.h>

#include "facecert/harness/xml_util.h"
#include "facecert/probes/network_policy.h"

namespace facecert::harness {
namespace {

std::string random_password() {
  std::array<unsigned char, 18> raw{};
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1)
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  std::string out;
  for (unsigned char c : raw) out += fmt::format("{:02x}", c);
  return out + "Aa!";  // satisfies any complexity rule the device enforces (5.3.auth.complexity)
}

std::string log_tail(const std::filesystem::path& log) {
  try {
    std::string s = read_file_bytes(log);
    if (s.size() > 600) s = "..." + s.substr(s.size() - 600);
    for (char& c : s)
      if (c == '\n') c = ' ';
    return s;
  } catch (const std::exception&) {
    return "(no log)";
  }
}

bool wait_exit(int pid, std::chrono::milliseconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return true;
    ::usleep(20000);
  }
  return false;
}

}  // namespace

std::filesystem::path find_refdev_binary() {
  if (const char* env = std::getenv("FACECERT_REFDEV"); env && *env) return env;
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto beside = self.parent_path() / "facecert-refdev";
    if (std::filesystem::exists(beside)) return beside;
  }
  return "facecert-refdev";
}

RefdevProcess::RefdevProcess(Options options) : options_(std::move(options)) {
  if (options_.binary.empty()) options_.binary = find_refdev_binary();
  char tmpl[] = "/tmp/facecert-refdev-XXXXXX";
  if (!::mkdtemp(tmpl)) throw std::runtime_error("cannot create a temporary data directory in /tmp");
  data_dir_ = tmpl;
  password_ = random_password();
  if (options_.log_file.empty()) options_.log_file = data_dir_ / "refdev.log";

  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) != 0) throw std::runtime_error("pipe() failed");
  const int log_fd = ::open(options_.log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (log_fd < 0)
    throw std::runtime_error(fmt::format("{}: cannot create the device log", options_.log_file.string()));

  std::vector<std::string> args{options_.binary.string(), "--data-dir", data_dir_.string(),
                                "--listen", "127.0.0.1", "--port", "0"};
  for (const auto& f : options_.flaws) {
    args.push_back("--flaw");
    args.push_back(f);
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork() failed");
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // a killed runner must not leave the device running
    ::dup2(pipefd[1], STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::setenv("FACECERT_REFDEV_PASSWORD", password_.c_str(), 1);
    ::execvp(argv[0], argv.data());
    ::dprintf(log_fd, "cannot execute %s\n", argv[0]);
    ::_exit(127);
  }
  ::close(pipefd[1]);
  out_fd_ = pipefd[0];

  // Read stdout until the readiness line; everything goes to the log as well.
  std::string buffer;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(options_.start_timeout_s);
  const std::string marker = "listening on ";
  while (url_.empty()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{out_fd_, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char chunk[512];
    const ssize_t n = ::read(out_fd_, chunk, sizeof chunk);
    if (n <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
    (void)!::write(log_fd, chunk, static_cast<std::size_t>(n));
    for (std::size_t nl; (nl = buffer.find('\n')) != std::string::npos; buffer.erase(0, nl + 1)) {
      const std::string line = buffer.substr(0, nl);
      if (auto at = line.find(marker); at != std::string::npos) url_ = line.substr(at + marker.size());
      // Further listeners announced before readiness (flaw plaintext-features): their ports join
      // the capture filter.
      if (auto at = line.find(" on http"); url_.empty() && at != std::string::npos) {
        try {
          extra_ports_.push_back(parse_url(line.substr(at + 4)).port);
        } catch (const std::exception&) {
        }
      }
    }
  }
  if (url_.empty()) {
    ::close(log_fd);
    stop();
    throw std::runtime_error(fmt::format("{} did not start: {}", options_.binary.string(),
                                         log_tail(options_.log_file)));
  }
  // Keep draining stdout so the device never blocks on a full pipe.
  drain_ = std::thread([fd = out_fd_, log_fd] {
    char chunk[4096];
    for (ssize_t n; (n = ::read(fd, chunk, sizeof chunk)) > 0;)
      (void)!::write(log_fd, chunk, static_cast<std::size_t>(n));
    ::close(log_fd);
  });
}

RefdevProcess::~RefdevProcess() { stop(); }

void RefdevProcess::stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    if (!wait_exit(pid_, std::chrono::seconds(5))) {
      ::kill(pid_, SIGKILL);
      wait_exit(pid_, std::chrono::seconds(2));
    }
    pid_ = -1;
  }
  if (drain_.joinable()) drain_.join();
  if (out_fd_ >= 0) {
    ::close(out_fd_);
    out_fd_ = -1;
  }
  if (!data_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);  // face data must not outlive the run
    data_dir_.clear();
  }
}

DeviceProfile RefdevProcess::profile() const {
  DeviceProfile p;
  p.id = "refdev";
  p.driver = "refdev";
  p.url = url_;
  p.user = "admin";
  p.password = password_;
  p.password_source = "generated for this run";
  p.product_profiles = {"identification", "verification"};
  p.iface = "lo";
  p.addresses = {parse_url(url_).host};
  p.extra_ports = extra_ports_;
  // 7.1: the device started here and the test station share the one loopback address; that is
  // the whole registered network. No VLAN is declared: loopback frames never carry tags.
  auto allowed = std::make_shared<probes::DeviceAllowList>();
  if (const auto ip = probes::parse_ip(p.addresses.front())) allowed->addresses.insert(*ip);
  p.allowed_devices = allowed;
  return p;
}

}  // namespace facecert::harness
