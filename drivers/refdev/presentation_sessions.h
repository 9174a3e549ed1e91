// Clip presentations in progress (6.1.4): the frames a presentation has received so far, held in
// memory only (6.1.2: images are not stored) until the presentation ends or is abandoned.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace facecert::refdev {

struct PresentationFrame {
  std::string bytes;  // the encoded frame as received
  double t = 0;       // seconds since the first frame, as the presenter gave it
};

struct Presentation {
  std::string mode;      // identify | verify
  std::string id_image;  // verify: the ID document photo
  std::vector<PresentationFrame> frames;
  std::chrono::steady_clock::time_point last_touch;
};

class PresentationSessions {
 public:
  static constexpr std::size_t kMaxOpen = 8;      // a camera has one scene; a few for retries
  static constexpr std::size_t kMaxFrames = 300;  // 20 s at 15 fps
  static constexpr std::chrono::seconds kIdle{30};

  // Throws RequestError 503 busy when kMaxOpen are open (after dropping idle ones).
  std::string open(std::string mode, std::string id_image);
  // Throws RequestError 404 noSuchPresentation, 400 badParameters (time going back), 413 tooManyFrames.
  std::size_t add_frame(const std::string& id, std::string bytes, double t);
  // Removes and returns the presentation; 404 when unknown.
  Presentation close(const std::string& id);

 private:
  void drop_idle();  // with mu_ held
  std::mutex mu_;
  std::map<std::string, Presentation> open_;
};

}  // namespace facecert::refdev
