// The grey-image shrinks of the face screening, which shrinks thousands of small images a second
// and where cv::resize spent more time preparing each call than resizing.
// - area_shrink: each output pixel the mean of the input pixels it covers (cv::resize INTER_AREA).
//   OpenCV takes its generic area path for any factor that is not a whole number (a 170-pixel decode
//   to 160), building its weight table on every call; that path was a tenth of the traffic
//   analyser's time on a capture full of faces. Not bit-exact with OpenCV (float sums, rounded once):
//   within one grey level; the screening's recall was measured with it (bench/face_screen_bench).
// - exact_bilinear_shrink: cv::resize INTER_LINEAR_EXACT, bit for bit (the pyramid levels of
//   detectMultiScale, which the cascade walks must see exactly to fire on the same windows). OpenCV
//   computes each call's coefficients in software floating point (cv::softdouble), which cost as
//   much as the resize on these sizes.
// Both keep each axis' weights between calls of the same sizes (per thread).
#pragma once

#include <opencv2/core.hpp>

namespace facecert::probes {

// `src` (CV_8UC1) shrunk by `scale` (0 < scale <= 1) on both axes to the size cv::resize gives
// for it (each side rounded); dst is reallocated as needed. Throws std::invalid_argument on
// another type or scale.
void area_shrink(const cv::Mat& src, cv::Mat& dst, double scale);

// `src` (CV_8UC1) to `size` (no larger than src on either side) as cv::resize(src, dst, size, 0, 0,
// INTER_LINEAR_EXACT) does. Throws std::invalid_argument on another type or a larger size.
void exact_bilinear_shrink(const cv::Mat& src, cv::Mat& dst, cv::Size size);

}  // namespace facecert::probes
