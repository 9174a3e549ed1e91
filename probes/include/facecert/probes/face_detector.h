// Face detection on pixels: the Haar and LBP face cascades of Debian's opencv-data, walked by
// haar_cascade.h and lbp_cascade.h (the windows of OpenCV's detectMultiScale, faster). Shared by
// the traffic analyser (is this image a face?) and the reference device (where is the face?).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include <opencv2/core.hpp>

#include "facecert/probes/haar_cascade.h"
#include "facecert/probes/lbp_cascade.h"

namespace facecert::probes {

class FaceDetector {
 public:
  // Throws std::runtime_error naming the file when the cascade cannot be loaded.
  explicit FaceDetector(const std::filesystem::path& cascade = default_cascade_path());
  // $FACECERT_CASCADE_DIR or the build-time opencv-data folder, haarcascade_frontalface_default.xml
  static std::filesystem::path default_cascade_path();

  // Faces in a decoded image (BGR or grey). Thread-safe. Parameters as in shared/data/PROVENANCE.md:
  // scaleFactor 1.1, minNeighbors 5, minSize 30x30. Large images are searched at reduced scale.
  std::vector<cv::Rect> detect(const cv::Mat& image) const;

  // Decode an encoded image (JPEG/PNG/BMP/WebP) and count faces; -1 when it does not decode.
  int count_faces_encoded(std::span<const std::uint8_t> bytes) const;

  // The traffic analyser's question, "is there a face in this image?", asked of thousands of
  // images a second: a JPEG is decoded in grey at reduced scale (libjpeg's DCT scaling) and searched
  // at a 160-pixel side (a face of >= 15% of the side: what face-capture crops are; screen() says
  // how). The search stops at the first face, from the biggest down, so an image with a large and
  // a small face may count one. `thorough`: when that finds nothing, again at 640 as
  // detect() does (faces down to 5% of the side, in scenes). `width`/`height` are the image's
  // size from its header (0: unknown). Boxes in image pixels.
  struct Screening {
    bool decoded = false;
    int width = 0, height = 0;
    std::vector<cv::Rect> faces;
  };
  Screening screen_encoded(std::span<const std::uint8_t> bytes, bool jpeg, int width, int height,
                           bool thorough = false) const;

 private:
  std::vector<cv::Rect> search(const cv::Mat& grey, int max_side, double scale_factor, int min_neighbors,
                               int min_size) const;
  // Longer side <= max_side, by area averaging: OpenCV's (the reference device's detect(), whose
  // thresholds were measured with it) or image_shrink.h's (the screening's, faster).
  enum class Shrink { opencv_area, own_area };
  static cv::Mat shrink(const cv::Mat& grey, int max_side, double& scale, Shrink how = Shrink::opencv_area);
  static std::vector<cv::Rect> unscale(std::vector<cv::Rect> faces, double scale);
  // The Haar cascade's windows grouped as detectMultiScale groups them (min_neighbors agreeing).
  static std::vector<cv::Rect> run(const HaarCascade& cascade, const cv::Mat& small, double scale_factor,
                                   int min_neighbors, int min_size);
  // The traffic screening's stages on a grey image (any size; searched at <= 160 px).
  std::vector<cv::Rect> screen(const cv::Mat& grey) const;
  // Windows grouped as detectMultiScale groups them (clusters of more than min_neighbors).
  static std::vector<cv::Rect> grouped(std::vector<cv::Rect> hits, int min_neighbors);
  // The Haar cascade asked around LBP hits that did not add up to a face (coordinates of `small`).
  std::vector<cv::Rect> verify_hits(const cv::Mat& small, const std::vector<cv::Rect>& hits) const;
  HaarCascade haar_;  // opencv-data's Haar face cascade, walked by the project (haar_cascade.h)
  LbpCascade lbp_;    // the screening's cheap first stages; empty when not installed
};

}  // namespace facecert::probes
