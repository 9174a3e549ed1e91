// `inject`: the clip goes through the driver's media input frame by frame, each frame sent when
// its time in the clip comes (divided by `speed`), as a camera would deliver it; the device
// judges the presentation when it ends.
#include <thread>

#include <fmt/format.h>

#include "facecert/harness/presenter.h"
#include "facecert/harness/run_state.h"

namespace facecert::harness {
namespace {

class InjectPresenter : public Presenter {
 public:
  PresentationRecord present(const PresentationItem& item, drivers::Driver& driver,
                             const PresenterOptions& options, std::stop_token stop) override {
    PresentationRecord r{item.id, item.kind, item.subject, now_iso8601(), {}, 0, 0, {}, {}, {}};
    const auto t0 = std::chrono::steady_clock::now();
    const double fps = item.clip.fps > 0 ? item.clip.fps : 1.0;
    const double speed = options.speed > 0 ? options.speed : 1.0;
    try {
      const std::string id = driver.begin_presentation(options.request);
      const std::size_t mid = item.clip.frames.size() / 2;
      for (std::size_t i = 0; i < item.clip.frames.size() && !stop.stop_requested(); ++i) {
        const double t = static_cast<double>(i) / fps;
        std::this_thread::sleep_until(t0 + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                               std::chrono::duration<double>(t / speed)));
        auto frame = encode_frame(item.clip.frames[i]);
        driver.present_frame(id, frame, t);
        if (i == mid) r.key_frame = std::move(frame.bytes);
        ++r.frames_shown;
      }
      r.answer = driver.end_presentation(id);
    } catch (const drivers::DriverError& e) {
      // The device did not answer (timeout, refused, malformed): a non-response (ISO/IEC 30107-3).
      r.note = e.what();
    }
    r.finished = now_iso8601();
    r.duration_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
  }
};

const PresenterRegistration kInject{{"inject",
                                     "through the driver's media input, frame by frame at the clip's rate",
                                     {drivers::Capability::PresentClip},
                                     [] { return std::make_unique<InjectPresenter>(); }}};

}  // namespace
}  // namespace facecert::harness
