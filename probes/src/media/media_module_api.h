// The table of functions facecert_media.so hands to facecert (media_io.h): shared by the loader and
// the module, built from the same sources in one build, so the layout always agrees; the version
// guards against a stale module left beside a newer program.
#pragma once

#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace facecert::media {

constexpr int kMediaModuleVersion = 1;

struct MediaModuleApi {
  int version;
  cv::Mat (*imdecode)(cv::InputArray buf, int flags);
  bool (*imencode)(const std::string& ext, cv::InputArray image, std::vector<uchar>& buf,
                   const std::vector<int>& params);
  cv::Mat (*imread)(const std::string& file, int flags);
  bool (*imwrite)(const std::string& file, cv::InputArray image, const std::vector<int>& params);
  void* (*capture_open)(const std::string& file);  // nullptr when it does not open
  bool (*capture_read)(void* capture, cv::Mat& frame);
  double (*capture_get)(void* capture, int property);
  void (*capture_close)(void* capture);
  void* (*writer_open)(const std::string& file, int fourcc, double fps, cv::Size size, bool color);
  void (*writer_write)(void* writer, const cv::Mat& frame);
  void (*writer_close)(void* writer);
  void (*named_window)(const std::string& name, int flags);
  void (*set_window_property)(const std::string& name, int property, double value);
  void (*imshow)(const std::string& name, cv::InputArray image);
  int (*wait_key)(int delay_ms);
};

}  // namespace facecert::media

// The module's one exported symbol.
extern "C" const facecert::media::MediaModuleApi* facecert_media_module();
#define FACECERT_MEDIA_MODULE_SYMBOL "facecert_media_module"
