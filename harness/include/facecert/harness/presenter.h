// Presenters put a presentation item (a bona fide sample or an attack instrument) in front of the
// product for 6.1.4, and record what was presented, when, and what the product answered:
//   inject  through the driver's media input, frame by frame at the clip's rate;
//   screen  full screen on a display, for a physical device pointed at a monitor (countdown,
//           settle time; the answer from the device's recognition events);
//   manual  the inspector presents a physical instrument when prompted and confirms.
// Each presenter lives in one file under harness/src/presenters/ and registers itself by name.
#pragma once

#include <chrono>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "facecert/datasets/clip.h"
#include "facecert/drivers/driver.h"

namespace facecert::harness {

struct PresentationItem {
  std::string id;          // e.g. "S01/print/02.avi" (the manifest's file)
  std::string kind;        // bona_fide or a PAI species
  std::string subject;
  std::string instrument;  // as the manifest describes it (for the inspector's prompt)
  datasets::Clip clip;     // a still is one frame with fps 0
};

struct PresenterOptions {
  drivers::PresentationRequest request;    // identify, or verify with the ID document photo
  double speed = 1.0;                      // 1 = the clip's own rate
  std::chrono::milliseconds answer_timeout{15000};
  std::string display;                     // screen: X display, e.g. ":0" ("" = $DISPLAY)
  double settle_s = 1.0;                   // screen: the last frame held before reading the answer
  int countdown_s = 3;                     // screen: seconds of countdown before the clip
  std::istream* in = nullptr;              // manual: the inspector's console
  std::ostream* out = nullptr;
};

struct PresentationRecord {
  std::string item_id, kind, subject;
  std::string started, finished;  // ISO 8601 UTC
  double duration_s = 0;
  std::size_t frames_shown = 0;
  std::optional<drivers::MatchResult> answer;  // none: no response within the timeout
  std::string note;                            // why there is no answer, or what the inspector said
  std::vector<std::uint8_t> key_frame;         // the encoded middle frame as presented (6.1.2 checks)
};

class Presenter {
 public:
  virtual ~Presenter() = default;
  // Never throws for the device's failure to answer (that is a non-response, in `note`); throws
  // drivers::DriverError only when the presenter itself cannot work (no display, no console).
  virtual PresentationRecord present(const PresentationItem& item, drivers::Driver& driver,
                                     const PresenterOptions& options, std::stop_token stop) = 0;
};

struct PresenterInfo {
  std::string name, summary;
  std::vector<drivers::Capability> requires_caps;  // what the driver must offer
  std::function<std::unique_ptr<Presenter>()> make;
};

const std::map<std::string, PresenterInfo>& presenter_table();
const PresenterInfo* find_presenter(const std::string& name);

struct PresenterRegistration {
  explicit PresenterRegistration(PresenterInfo info);
};

// A frame as the camera would send it: JPEG, quality 92.
drivers::Image encode_frame(const cv::Mat& bgr);

}  // namespace facecert::harness
