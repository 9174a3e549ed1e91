// Image files, encoded images, videos and windows through OpenCV's imgcodecs, videoio and highgui,
// loaded on first use from the module facecert_media.so (probes/media-module/).
//
// Why a module: those three libraries pull about 240 further shared libraries into the process
// (GDAL, Qt, GStreamer, FFmpeg, ...). Loading them cost 0.11 s at every start of every facecert
// program, a tenth of `pcap analyze` on a 1 GB capture (issue 4: >= 1 GB/s); a command that never
// touches an image no longer pays it. The functions mirror OpenCV's of the same name.
#pragma once

#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace facecert::media {

// OpenCV's flag values (cv::IMREAD_*, cv::IMWRITE_*, cv::WINDOW_*) apply: include
// <opencv2/imgcodecs.hpp> for the names only; nothing from it is linked.
cv::Mat imdecode(cv::InputArray buf, int flags);
bool imencode(const std::string& ext, cv::InputArray image, std::vector<uchar>& buf,
              const std::vector<int>& params = {});
cv::Mat imread(const std::string& file, int flags = 1 /* cv::IMREAD_COLOR */);
bool imwrite(const std::string& file, cv::InputArray image, const std::vector<int>& params = {});

class VideoCapture {
 public:
  explicit VideoCapture(const std::string& file);
  ~VideoCapture();
  VideoCapture(const VideoCapture&) = delete;
  VideoCapture& operator=(const VideoCapture&) = delete;
  bool isOpened() const { return handle_ != nullptr; }
  bool read(cv::Mat& frame);
  double get(int property) const;  // cv::CAP_PROP_*; 0 when not open

 private:
  void* handle_ = nullptr;
};

class VideoWriter {
 public:
  VideoWriter(const std::string& file, int fourcc, double fps, cv::Size size, bool color = true);
  ~VideoWriter();
  VideoWriter(const VideoWriter&) = delete;
  VideoWriter& operator=(const VideoWriter&) = delete;
  bool isOpened() const { return handle_ != nullptr; }
  void write(const cv::Mat& frame);
  void release();
  static int fourcc(char c1, char c2, char c3, char c4) {
    return (c1 & 255) | (c2 & 255) << 8 | (c3 & 255) << 16 | (c4 & 255) << 24;
  }

 private:
  void* handle_ = nullptr;
};

void namedWindow(const std::string& name, int flags);
void setWindowProperty(const std::string& name, int property, double value);
void imshow(const std::string& name, cv::InputArray image);
int waitKey(int delay_ms);

}  // namespace facecert::media
