// `manual`: the inspector presents a physical instrument (a print, a mask, a phone playing a video)
// to the device when prompted and confirms; the answer is the device's next recognition event, or
// what the inspector reads off the device when the driver cannot read events.
#include <istream>
#include <ostream>
#include <string>

#include <fmt/format.h>

#include "device_answer.h"
#include "facecert/harness/presenter.h"
#include "facecert/harness/run_state.h"

namespace facecert::harness {
namespace {

std::string ask(const PresenterOptions& o, const std::string& prompt) {
  *o.out << prompt << std::flush;
  std::string line;
  if (!std::getline(*o.in, line))
    throw drivers::DriverError("manual presenter: no inspector at the console (input closed)");
  return line;
}

class ManualPresenter : public Presenter {
 public:
  PresentationRecord present(const PresentationItem& item, drivers::Driver& driver,
                             const PresenterOptions& options, std::stop_token stop) override {
    if (!options.in || !options.out) throw drivers::DriverError("manual presenter: no console given");
    PresentationRecord r{item.id, item.kind, item.subject, {}, {}, 0, 0, {}, {}, {}};
    const bool events = driver.has(drivers::Capability::ReadEvents);
    const auto before = events ? events_before(driver) : std::vector<drivers::RecognitionEvent>{};
    const std::string what = item.kind == "bona_fide" ? "a bona fide presentation (the live subject)"
                                                      : fmt::format("the {} instrument", item.kind);
    const auto go = ask(options, fmt::format("\n[6.1.4] Present {} of subject {}{}.\n  Press Enter when it is "
                                             "in front of the camera (s + Enter to skip): ",
                                             what, item.subject,
                                             item.instrument.empty() ? "" : " (" + item.instrument + ")"));
    r.started = now_iso8601();
    const auto t0 = std::chrono::steady_clock::now();
    if (go == "s" || go == "S") {
      r.note = "skipped by the inspector";
    } else if (events) {
      r.answer = await_answer(driver, before, options.answer_timeout, stop);
      if (!r.answer) r.note = "the device recorded no recognition event within the timeout";
    } else {
      const auto a = ask(options, "  What did the device answer? a = accepted, r = rejected, t = attack detected, "
                                  "n = no response: ");
      drivers::MatchResult m;
      m.raw = fmt::format("{{\"inspector\":\"{}\"}}", a == "a" || a == "r" || a == "t" ? a : "n");
      if (a == "a") m.decision = drivers::MatchResult::Decision::Accepted;
      if (a == "r") m.decision = drivers::MatchResult::Decision::Rejected;
      if (a == "t") m.decision = drivers::MatchResult::Decision::Attack;
      if (a == "a" || a == "r" || a == "t")
        r.answer = m;
      else
        r.note = "no response, as the inspector recorded";
    }
    r.frames_shown = 0;  // a physical instrument: nothing shown by facecert
    r.finished = now_iso8601();
    r.duration_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
  }
};

const PresenterRegistration kManual{{"manual",
                                     "the inspector presents a physical instrument when prompted and confirms",
                                     {},
                                     [] { return std::make_unique<ManualPresenter>(); }}};

}  // namespace
}  // namespace facecert::harness
