// The `screen` presenter on a real X server (Xvfb): the clip is really shown on the display (read
// back from the screen with xwd), and a device that saw nothing (the reference device has no
// camera on this display) is recorded as a non-response, not as an answer.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <thread>

#include <opencv2/core.hpp>

#include "facecert/drivers/registry.h"
#include "facecert/harness/presenter.h"
#include "facecert/harness/refdev_process.h"

namespace facecert::harness {
namespace {

bool on_path(const char* tool) {
  return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
}

class Xvfb {
 public:
  explicit Xvfb(const std::string& display) : display_(display) {
    pid_ = fork();
    if (pid_ == 0) {
      execlp("Xvfb", "Xvfb", display.c_str(), "-screen", "0", "800x600x24", "-nolisten", "tcp", static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
  }
  ~Xvfb() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }

 private:
  std::string display_;
  pid_t pid_ = -1;
};

std::uint32_t be32(const std::string& b, std::size_t at) {
  return (std::uint32_t(std::uint8_t(b[at])) << 24) | (std::uint32_t(std::uint8_t(b[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(b[at + 2])) << 8) | std::uint32_t(std::uint8_t(b[at + 3]));
}

// Whether the screen shows the colour `rgb` anywhere (sampled every 8 pixels), from an XWD dump of the
// root window (X11 XWD format 7: a big-endian header, the window name, the colour map, the pixels).
// Without a window manager the window is not made full screen, so it is looked for everywhere.
bool screen_shows(const std::string& display, std::array<int, 3> rgb) {
  const std::string cmd = "xwd -root -silent -display " + display;
  FILE* p = popen(cmd.c_str(), "r");
  std::string dump;
  std::array<char, 65536> buf{};
  for (std::size_t n; p && (n = fread(buf.data(), 1, buf.size(), p)) > 0;) dump.append(buf.data(), n);
  if (p) pclose(p);
  if (dump.size() < 100 || be32(dump, 4) != 7) return false;
  const std::uint32_t header = be32(dump, 0), width = be32(dump, 16), height = be32(dump, 20),
                      byte_order = be32(dump, 28), bpp = be32(dump, 44), bytes_per_line = be32(dump, 48),
                      red_mask = be32(dump, 56), green_mask = be32(dump, 60), blue_mask = be32(dump, 64),
                      ncolors = be32(dump, 76);
  const std::size_t pixels = header + 12u * ncolors, step = bpp / 8;
  if (step < 3 || step > 4) return false;
  const auto channel = [](std::uint32_t v, std::uint32_t mask) {
    int shift = 0;
    while (mask && !(mask & 1)) mask >>= 1, ++shift;
    return static_cast<int>((v >> shift) & mask);
  };
  for (std::uint32_t y = 0; y < height; y += 8)
    for (std::uint32_t x = 0; x < width; x += 8) {
      const std::size_t at = pixels + std::size_t(y) * bytes_per_line + std::size_t(x) * step;
      if (at + step > dump.size()) return false;
      std::uint32_t v = 0;
      for (std::size_t i = 0; i < step; ++i)  // LSB first (byte order 0) or MSB first
        v |= std::uint32_t(std::uint8_t(dump[at + i])) << (8 * (byte_order == 0 ? i : step - 1 - i));
      if (std::abs(channel(v, red_mask) - rgb[0]) <= 12 && std::abs(channel(v, green_mask) - rgb[1]) <= 12 &&
          std::abs(channel(v, blue_mask) - rgb[2]) <= 12)
        return true;
    }
  return false;
}

TEST(ScreenPresenter, ShowsTheClipOnTheDisplayAndRecordsNoAnswerFromADeviceThatSawNothing) {
  if (!on_path("Xvfb") || !on_path("xwd")) GTEST_SKIP() << "Xvfb and xwd are needed (scripts/install-deps.sh)";
  const std::string display = ":" + std::to_string(90 + getpid() % 9);
  Xvfb x(display);
  RefdevProcess device({});
  auto driver = drivers::DriverRegistry::instance().make(device.profile().driver_config());

  const auto* info = find_presenter("screen");
  ASSERT_NE(info, nullptr);
  auto presenter = info->make();
  PresentationItem item;
  item.id = "solid-blue";
  item.kind = "replay";
  item.subject = "S01";
  // Blue frames, BGR: what the screen must show while the last frame is held.
  for (int i = 0; i < 3; ++i) item.clip.frames.emplace_back(480, 640, CV_8UC3, cv::Scalar(200, 30, 20));
  item.clip.fps = 10;
  PresenterOptions options;
  options.display = display;
  options.countdown_s = 0;
  options.settle_s = 1.0;
  options.answer_timeout = std::chrono::milliseconds(1200);
  // Read the screen every 150 ms while the presenter works (the GUI's start-up takes a while).
  std::atomic<bool> done{false};
  auto grab = std::async(std::launch::async, [&] {
    int reads = 0;
    bool blue = false;
    for (; !done && !blue; ++reads) {
      blue = screen_shows(display, {20, 30, 200});
      std::this_thread::sleep_for(std::chrono::milliseconds(150));
    }
    return std::make_pair(blue, reads);
  });
  const auto record = presenter->present(item, *driver, options, {});
  done = true;
  const auto [showed_blue, reads] = grab.get();
  EXPECT_EQ(record.frames_shown, 3u);
  EXPECT_TRUE(showed_blue) << "the clip's colour never appeared on " << display << " in " << reads << " screen reads";
  EXPECT_FALSE(record.answer.has_value()) << "the device has no camera on this display";
  EXPECT_NE(record.note.find("no recognition event"), std::string::npos) << record.note;
  EXPECT_FALSE(record.key_frame.empty());
}

TEST(ScreenPresenter, NoDisplayIsAClearErrorNotACrash) {
  RefdevProcess device({});
  auto driver = drivers::DriverRegistry::instance().make(device.profile().driver_config());
  PresentationItem item;
  item.clip.frames.emplace_back(48, 64, CV_8UC3, cv::Scalar(0, 0, 0));
  PresenterOptions options;
  options.display = ":59";  // no server there
  options.countdown_s = 0;
  // OpenCV's GTK backend cannot open the display: the presenter reports it as a DriverError, or
  // (when this process already opened another display) refuses to switch.
  EXPECT_THROW(find_presenter("screen")->make()->present(item, *driver, options, {}), std::exception);
}

}  // namespace
}  // namespace facecert::harness
