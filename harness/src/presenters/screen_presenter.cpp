// `screen`: the clip is played full screen on a display (X11) for a physical device whose camera
// looks at the monitor: a countdown first so the inspector can step away, the clip at its rate,
// the last frame held for the settle time; the answer is the device's next recognition event.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include <opencv2/highgui.hpp>
#include <opencv2/imgproc.hpp>

#include "device_answer.h"
#include "facecert/harness/presenter.h"
#include "facecert/harness/run_state.h"
#include "facecert/probes/media_io.h"

namespace facecert::harness {
namespace {

constexpr const char* kWindow = "facecert presentation";

// A local display ":N[.S]" is a socket /tmp/.X11-unix/XN; GTK ends the whole process when it cannot
// open its display, so a local one is checked first. Remote displays are left to GTK.
void check_local_display(const std::string& display) {
  if (display.empty() || display[0] != ':') return;
  const std::string number = display.substr(1, display.find('.') - 1);
  const std::string path = "/tmp/.X11-unix/X" + number;
  const int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
  const bool up = fd >= 0 && connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
  if (fd >= 0) close(fd);
  if (!up) throw drivers::DriverError(fmt::format("screen presenter: no X server on display {} ({} does not answer)",
                                                  display, path));
}

// OpenCV's GUI backend reads DISPLAY when it starts; a process shows on one display.
void open_window(const std::string& display) {
  static std::mutex mu;
  static std::string started_on;
  std::lock_guard lock(mu);
  if (started_on.empty()) {
    const char* env = std::getenv("DISPLAY");
    const std::string d = !display.empty() ? display : env ? env : "";
    if (d.empty()) throw drivers::DriverError("screen presenter: no display (set the case's display or $DISPLAY)");
    check_local_display(d);
    setenv("DISPLAY", d.c_str(), 1);
    started_on = d;
  }
  if (!display.empty() && display != started_on)
    throw drivers::DriverError(fmt::format("screen presenter: already showing on {}, cannot switch to {}",
                                           started_on, display));
  facecert::media::namedWindow(kWindow, cv::WINDOW_NORMAL);
  facecert::media::setWindowProperty(kWindow, cv::WND_PROP_FULLSCREEN, cv::WINDOW_FULLSCREEN);
}

void show_for(const cv::Mat& image, double seconds) {
  facecert::media::imshow(kWindow, image);
  const auto until = std::chrono::steady_clock::now() +
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
  do {
    facecert::media::waitKey(1);  // lets the GUI paint
  } while (std::chrono::steady_clock::now() < until);
}

cv::Mat countdown_card(cv::Size size, int n) {
  cv::Mat card(size, CV_8UC3, cv::Scalar(0, 0, 0));
  const std::string text = std::to_string(n);
  int base = 0;
  const double scale = size.height / 120.0;
  const auto box = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, 4, &base);
  cv::putText(card, text, {(size.width - box.width) / 2, (size.height + box.height) / 2}, cv::FONT_HERSHEY_SIMPLEX,
              scale, cv::Scalar(255, 255, 255), 4, cv::LINE_AA);
  return card;
}

class ScreenPresenter : public Presenter {
 public:
  PresentationRecord present(const PresentationItem& item, drivers::Driver& driver,
                             const PresenterOptions& options, std::stop_token stop) override {
    PresentationRecord r{item.id, item.kind, item.subject, {}, {}, 0, 0, {}, {}, {}};
    if (item.clip.frames.empty()) throw drivers::DriverError("screen presenter: the item has no frame");
    open_window(options.display);
    const auto before = events_before(driver);
    const cv::Size size = item.clip.frames.front().size();
    for (int n = options.countdown_s; n > 0 && !stop.stop_requested(); --n) show_for(countdown_card(size, n), 1.0);
    r.started = now_iso8601();
    const auto t0 = std::chrono::steady_clock::now();
    const double frame_s = item.clip.fps > 0 ? 1.0 / item.clip.fps / std::max(options.speed, 1e-3) : 1.0;
    for (const auto& frame : item.clip.frames) {
      if (stop.stop_requested()) break;
      show_for(frame, frame_s);
      ++r.frames_shown;
    }
    r.key_frame = encode_frame(item.clip.frames[item.clip.frames.size() / 2]).bytes;
    show_for(item.clip.frames.back(), options.settle_s);
    r.answer = await_answer(driver, before, options.answer_timeout, stop);
    if (!r.answer) r.note = "the device recorded no recognition event within the timeout";
    show_for(cv::Mat(size, CV_8UC3, cv::Scalar(0, 0, 0)), 0.05);  // a dark screen between items
    r.finished = now_iso8601();
    r.duration_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
  }
};

const PresenterRegistration kScreen{{"screen",
                                     "full screen on a display, for a physical device pointed at the monitor",
                                     {drivers::Capability::ReadEvents},
                                     [] { return std::make_unique<ScreenPresenter>(); }}};

}  // namespace
}  // namespace facecert::harness
