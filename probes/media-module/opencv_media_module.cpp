// facecert_media.so: OpenCV's imgcodecs, videoio and highgui behind the table of media_module_api.h,
// loaded by facecert only when an image, a video or a window is needed (media_io.h says why).
#include <memory>

#include <opencv2/highgui.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include "../src/media/media_module_api.h"

namespace {

using facecert::media::MediaModuleApi;

void* capture_open(const std::string& file) {
  auto capture = std::make_unique<cv::VideoCapture>(file);
  return capture->isOpened() ? capture.release() : nullptr;
}
bool capture_read(void* capture, cv::Mat& frame) { return static_cast<cv::VideoCapture*>(capture)->read(frame); }
double capture_get(void* capture, int property) { return static_cast<cv::VideoCapture*>(capture)->get(property); }
void capture_close(void* capture) { delete static_cast<cv::VideoCapture*>(capture); }

void* writer_open(const std::string& file, int fourcc, double fps, cv::Size size, bool color) {
  auto writer = std::make_unique<cv::VideoWriter>(file, fourcc, fps, size, color);
  return writer->isOpened() ? writer.release() : nullptr;
}
void writer_write(void* writer, const cv::Mat& frame) { static_cast<cv::VideoWriter*>(writer)->write(frame); }
void writer_close(void* writer) { delete static_cast<cv::VideoWriter*>(writer); }  // releases the file

cv::Mat imdecode(cv::InputArray buf, int flags) { return cv::imdecode(buf, flags); }
bool imencode(const std::string& ext, cv::InputArray image, std::vector<uchar>& buf, const std::vector<int>& params) {
  return cv::imencode(ext, image, buf, params);
}
cv::Mat imread(const std::string& file, int flags) { return cv::imread(file, flags); }
bool imwrite(const std::string& file, cv::InputArray image, const std::vector<int>& params) {
  return cv::imwrite(file, image, params);
}
void named_window(const std::string& name, int flags) { cv::namedWindow(name, flags); }
void set_window_property(const std::string& name, int property, double value) {
  cv::setWindowProperty(name, property, value);
}
void imshow(const std::string& name, cv::InputArray image) { cv::imshow(name, image); }
int wait_key(int delay_ms) { return cv::waitKey(delay_ms); }

constexpr MediaModuleApi kApi{facecert::media::kMediaModuleVersion,
                              imdecode,
                              imencode,
                              imread,
                              imwrite,
                              capture_open,
                              capture_read,
                              capture_get,
                              capture_close,
                              writer_open,
                              writer_write,
                              writer_close,
                              named_window,
                              set_window_property,
                              imshow,
                              wait_key};

}  // namespace

extern "C" __attribute__((visibility("default"))) const MediaModuleApi* facecert_media_module() { return &kApi; }
