#include "refdev_process_support.h"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <openssl/evp.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "facecert/probes/media_io.h"

extern char** environ;

namespace facecert::testing {
namespace fs = std::filesystem;
namespace {

fs::path fresh_dir() {
  static int counter = 0;
  const auto dir = fs::temp_directory_path() /
                   fmt::format("facecert-refdev-test-{}-{}", ::getpid(), counter++);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Spawns the binary with stdout/stderr to pipes; returns pid.
pid_t spawn(const std::vector<std::string>& args, int out_fd[2], int err_fd[2]) {
  std::vector<std::string> argv_s{FACECERT_REFDEV_BIN};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s{std::string("FACECERT_REFDEV_PASSWORD=") +
                                 RefdevProcess::kPassword};
  for (char** e = environ; *e; ++e)
    if (std::string(*e).rfind("FACECERT_REFDEV_PASSWORD=", 0) != 0) env_s.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out_fd[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err_fd[1], 2);
  posix_spawn_file_actions_addclose(&fa, out_fd[0]);
  posix_spawn_file_actions_addclose(&fa, err_fd[0]);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  ::close(out_fd[1]);
  ::close(err_fd[1]);
  if (rc != 0) throw std::runtime_error(fmt::format("{}: cannot spawn", FACECERT_REFDEV_BIN));
  return pid;
}

std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  return out;
}

}  // namespace

RefdevProcess::RefdevProcess(const std::vector<std::string>& args) : data_dir_(fresh_dir()) {
  std::vector<std::string> all{"--data-dir", data_dir_.string(), "--port", "0"};
  all.insert(all.end(), args.begin(), args.end());
  int out_fd[2], err_fd[2];
  if (::pipe(out_fd) != 0 || ::pipe(err_fd) != 0) throw std::runtime_error("pipe failed");
  pid_ = spawn(all, out_fd, err_fd);
  ::close(err_fd[0]);  // stderr not needed while running (pipe closed: writes get EPIPE)
  // Lines before the readiness line announce further listeners (flaw plaintext-features).
  const std::string prefix = "facecert-refdev listening on ";
  std::string text;
  const auto ready = [&] {
    const auto at = text.find(prefix);
    return at != std::string::npos && text.find('\n', at) != std::string::npos;
  };
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (!ready() && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out_fd[0], POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    char buf[256];
    const ssize_t n = ::read(out_fd[0], buf, sizeof buf);
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(out_fd[0]);
  if (!ready()) {
    stop();
    throw std::runtime_error(fmt::format("facecert-refdev did not start: '{}'", text));
  }
  const auto at = text.find(prefix);
  announced_ = text.substr(0, at);
  url_ = text.substr(at + prefix.size(), text.find('\n', at) - at - prefix.size());
}

RefdevProcess::~RefdevProcess() {
  stop();
  std::error_code ec;
  fs::remove_all(data_dir_, ec);
}

int RefdevProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

drivers::DriverConfig RefdevProcess::config(const std::string& password) const {
  drivers::DriverConfig c;
  c.driver = "refdev";
  c.base_url = url_;
  c.user = "admin";
  c.password = password;
  c.timeout = std::chrono::milliseconds(8000);
  return c;
}

std::pair<int, std::string> run_refdev(const std::vector<std::string>& args) {
  int out_fd[2], err_fd[2];
  if (::pipe(out_fd) != 0 || ::pipe(err_fd) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = spawn(args, out_fd, err_fd);
  ::close(out_fd[0]);
  std::string err = read_all(err_fd[0]);
  ::close(err_fd[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, err};
}

std::vector<std::uint8_t> read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read", file.string()));
  return {std::istreambuf_iterator<char>(in), {}};
}

drivers::Image demo_image(const std::string& name) {
  return {read_bytes(fs::path(FACECERT_SOURCE_DIR) / "spoof-datasets/demo" / name), "image/jpeg"};
}

drivers::Image varied(const drivers::Image& photo, double gain, int dx, int dy, double scale,
                      double noise_sigma, int quality) {
  cv::Mat img = facecert::media::imdecode(photo.bytes, cv::IMREAD_COLOR);
  cv::Mat out;
  img.convertTo(out, -1, gain, 0);
  cv::Mat m = cv::getRotationMatrix2D(cv::Point2f(out.cols / 2.f, out.rows / 2.f), 0, scale);
  m.at<double>(0, 2) += dx;
  m.at<double>(1, 2) += dy;
  cv::warpAffine(out, out, m, out.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  if (noise_sigma > 0) {
    cv::Mat noise(out.size(), CV_16SC3), wide;
    cv::randn(noise, 0, noise_sigma);
    out.convertTo(wide, CV_16SC3);
    wide += noise;
    wide.convertTo(out, CV_8UC3);
  }
  drivers::Image result;
  facecert::media::imencode(".jpg", out, result.bytes, {cv::IMWRITE_JPEG_QUALITY, quality});
  return result;
}

std::string sha256_hex(const std::vector<std::uint8_t>& bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  std::string out;
  for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

}  // namespace facecert::testing
