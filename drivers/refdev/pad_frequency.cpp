// 6.1.4 cue: a printed face is made of halftone dots, a displayed face of a screen's pixel grid;
// both are periodic and show as isolated peaks in the face region's spectrum, which a live face's
// spectrum (smoothly falling off, plus white sensor noise) does not have. Peaks at JPEG's 8-pixel
// block frequencies (8 pixels, 16 in chroma) are ignored: every camera frame has them.
#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "pad_cues.h"

namespace facecert::refdev::pad {
namespace {

double peak_score(const cv::Mat& channel, int block_px) {
  const int n = channel.rows;
  cv::Mat f;
  channel.convertTo(f, CV_32F);
  f -= cv::mean(f)[0];
  cv::Mat window;
  cv::createHanningWindow(window, f.size(), CV_32F);
  f = f.mul(window);
  cv::Mat spectrum;
  cv::dft(f, spectrum, cv::DFT_COMPLEX_OUTPUT);
  // Log power per bin of the upper half plane (the lower half mirrors it), by integer radius.
  const int half = n / 2, block = n / block_px;
  std::vector<std::vector<float>> rings(static_cast<std::size_t>(half + 1));
  cv::Mat logp(n, n, CV_32F, cv::Scalar(0));
  for (int v = 0; v <= half; ++v)
    for (int u = -half + 1; u < half; ++u) {
      const int x = (u + n) % n;
      const cv::Vec2f c = spectrum.at<cv::Vec2f>(v, x);
      const float p = std::log(c[0] * c[0] + c[1] * c[1] + 1e-6f);
      logp.at<float>(v, x) = p;
      const int r = static_cast<int>(std::lround(std::hypot(u, v)));
      if (r <= half) rings[static_cast<std::size_t>(r)].push_back(p);
    }
  std::vector<float> median(rings.size(), 0), spread(rings.size(), 1);
  for (std::size_t r = 0; r < rings.size(); ++r) {
    auto& ring = rings[r];
    if (ring.size() < 8) continue;
    std::nth_element(ring.begin(), ring.begin() + static_cast<long>(ring.size() / 2), ring.end());
    median[r] = ring[ring.size() / 2];
  }
  // Peaks: residual above the ring's median (log power; white noise's maximum is ~ln(bins) ~ 8).
  std::vector<float> peaks;
  const int r_min = std::max(4, n / 16);
  for (int v = 0; v <= half; ++v)
    for (int u = -half + 1; u < half; ++u) {
      const int r = static_cast<int>(std::lround(std::hypot(u, v)));
      if (r < r_min || r > half) continue;
      const bool jpeg = (std::abs(u) % block <= 1 || std::abs(u) % block == block - 1) &&
                        (v % block <= 1 || v % block == block - 1);
      if (jpeg) continue;
      peaks.push_back(logp.at<float>(v, (u + n) % n) - median[static_cast<std::size_t>(r)]);
    }
  if (peaks.size() < 4) return 0;
  std::partial_sort(peaks.begin(), peaks.begin() + 4, peaks.end(), std::greater<>());
  // The mean of the top four (a screen or halftone has several peaks: angles, harmonics), above
  // what white noise's extremes reach.
  return std::max(0.0, (peaks[0] + peaks[1] + peaks[2] + peaks[3]) / 4.0);
}

}  // namespace

Periodicity periodicity(const cv::Mat& bgr, const cv::Rect& face) {
  // The face's inner part, not resized (resampling would blur the pattern away), a multiple of 16.
  int n = std::clamp(static_cast<int>(face.width * 0.6) / 16 * 16, 48, 128);
  n = std::min(n, std::min(bgr.cols, bgr.rows) / 16 * 16);
  if (n < 32) return {};
  const cv::Point c(face.x + face.width / 2, face.y + face.height / 2);
  cv::Rect box(c.x - n / 2, c.y - n / 2, n, n);
  box.x = std::clamp(box.x, 0, bgr.cols - n);
  box.y = std::clamp(box.y, 0, bgr.rows - n);
  const cv::Mat crop = bgr(box);
  cv::Mat grey;
  cv::cvtColor(crop, grey, cv::COLOR_BGR2GRAY);
  std::vector<cv::Mat> ch;
  cv::split(crop, ch);
  cv::Mat chroma;
  cv::subtract(ch[2], ch[0], chroma, cv::noArray(), CV_32F);
  // Chroma is subsampled 2x in JPEG: its blocks are 16 pixels.
  return {peak_score(grey, 8), peak_score(chroma, 16)};
}

}  // namespace facecert::refdev::pad
