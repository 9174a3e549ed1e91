// The presentation attack detector's cues (pad.h), one per file: pad_frequency.cpp (periodic
// patterns in the face's spectrum: halftone dots, a screen's pixel grid, moire) and
// pad_liveness.cpp (blinks from the eye aspect ratio, planar motion of the face region).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include <opencv2/core.hpp>

#include "facecert/probes/face_landmarks.h"

namespace facecert::refdev::pad {

// Strength of the strongest periodic components in the face region (0 ~ none), from the grey
// image and from its red-blue chroma (a screen's sub-pixel stripes are coloured).
struct Periodicity {
  double grey = 0, chroma = 0;
};
Periodicity periodicity(const cv::Mat& bgr, const cv::Rect& face);

// Eye aspect ratio per frame (nullopt where no landmarks were fitted) and whether the eyes went
// open -> closed -> open.
struct Blink {
  std::vector<std::optional<double>> ear;
  double ear_min = 0, ear_max = 0;
  bool blinked = false;
};
Blink blink(std::span<const cv::Mat> bgr, const cv::Rect& face, const probes::FaceLandmarker& landmarker);

// How far the face region's motion is from one plane's (a homography): the 80th percentile of the
// distance of a 5x5 grid of patches' motion (phase correlation) from the best homography, in pixels, the largest over the frames.
// nullopt when too few points could be tracked.
struct Planarity {
  double residual_px = 0;  // ~0.3-0.8 for a flat instrument; a turning head moves its nose off-plane
  int points = 0;          // patches with a readable motion
};
std::optional<Planarity> planarity(std::span<const cv::Mat> grey, const cv::Rect& face);

}  // namespace facecert::refdev::pad
