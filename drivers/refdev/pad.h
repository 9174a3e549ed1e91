// Presentation attack detection (6.1.4) of the reference device: judges a presentation from its
// pixels and its motion only, never from names or labels. It is a real detector and not a perfect
// one: its error rates on the demo set are measured by the 6.1.4 cases and reported as they are.
#pragma once

#include <map>
#include <span>
#include <string>

#include <opencv2/core.hpp>

namespace facecert::refdev {

struct PadFrame {
  cv::Mat bgr;    // decoded frame, 8-bit BGR
  double t = 0;   // seconds since the presentation's first frame
};

struct PadVerdict {
  bool attack = false;
  double attack_score = 0;  // 0 = surely bona fide .. 1 = surely an attack; decision at 0.5
  std::string cue;          // the cue that decided, e.g. "moire", "halftone", "no-blink"; "" when bona fide
  std::map<std::string, double> cues;  // every cue's value, for the device's raw answer (evidence)
};

class PresentationAttackDetector {
 public:
  PresentationAttackDetector();
  ~PresentationAttackDetector();
  PresentationAttackDetector(const PresentationAttackDetector&) = delete;
  PresentationAttackDetector& operator=(const PresentationAttackDetector&) = delete;

  // One frame (a still) or a clip. Thread-safe. Frames with no face: judged on what there is.
  PadVerdict judge(std::span<const PadFrame> frames) const;

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace facecert::refdev
