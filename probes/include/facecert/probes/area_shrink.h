// Shrinking a grey image by area averaging (each output pixel the mean of the input pixels it
// covers, as cv::resize with INTER_AREA), for the face screening's many small shrinks: OpenCV
// takes its generic area path for any factor that is not a whole number (a 170-pixel decode to
// 160, 160 to 96), which weighs every pixel through a table it builds on each call, and that path
// was a tenth of the traffic analyser's time on a capture full of faces. Here the weights of
// each axis are a few per output pixel, kept between calls of the same sizes, and the rows are
// summed as whole vectors. Not bit-exact with OpenCV (float sums, rounded once at the end): the
// face screening's recall was measured with this shrink (bench/face_screen_bench).
#pragma once

#include <opencv2/core.hpp>

namespace facecert::probes {

// `src` (CV_8UC1) shrunk by `scale` (0 < scale <= 1) on both axes to the size cv::resize gives
// for it (each side rounded); dst is reallocated as needed. Throws std::invalid_argument on
// another type or scale.
void area_shrink(const cv::Mat& src, cv::Mat& dst, double scale);

}  // namespace facecert::probes
