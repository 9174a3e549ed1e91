#include <opencv2/imgcodecs.hpp>

#include "facecert/harness/presenter.h"
#include "facecert/probes/media_io.h"

namespace facecert::harness {
namespace {
std::map<std::string, PresenterInfo>& table() {
  static std::map<std::string, PresenterInfo> t;
  return t;
}
}  // namespace

const std::map<std::string, PresenterInfo>& presenter_table() { return table(); }

const PresenterInfo* find_presenter(const std::string& name) {
  const auto it = table().find(name);
  return it == table().end() ? nullptr : &it->second;
}

PresenterRegistration::PresenterRegistration(PresenterInfo info) {
  auto name = info.name;
  table().emplace(std::move(name), std::move(info));
}

drivers::Image encode_frame(const cv::Mat& bgr) {
  drivers::Image img;
  if (!facecert::media::imencode(".jpg", bgr, img.bytes, {cv::IMWRITE_JPEG_QUALITY, 92}))
    throw drivers::DriverError("cannot encode a frame as JPEG");
  return img;
}

}  // namespace facecert::harness
