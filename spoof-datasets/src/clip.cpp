#include "facecert/datasets/clip.h"

#include <fmt/format.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "facecert/datasets/manifest.h"
#include "facecert/probes/media_io.h"

namespace facecert::datasets {

Clip load_clip(const std::filesystem::path& file, std::size_t max_frames) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw DatasetError(fmt::format("{}: no such file", file.string()));
  Clip clip;
  if (media_kind_of(file) == MediaKind::Image) {
    cv::Mat frame = facecert::media::imread(file.string(), cv::IMREAD_COLOR);
    if (frame.empty()) throw DatasetError(fmt::format("{}: not a readable image", file.string()));
    clip.frames.push_back(std::move(frame));
    return clip;
  }
  facecert::media::VideoCapture video(file.string());
  if (!video.isOpened()) throw DatasetError(fmt::format("{}: not a readable video", file.string()));
  clip.fps = video.get(cv::CAP_PROP_FPS);
  if (!(clip.fps > 0 && clip.fps < 1000)) clip.fps = 25;  // containers without a rate: a camera's usual
  cv::Mat frame;
  while (clip.frames.size() < max_frames && video.read(frame) && !frame.empty()) {
    if (frame.channels() == 1) cv::cvtColor(frame, frame, cv::COLOR_GRAY2BGR);
    clip.frames.push_back(frame.clone());
  }
  if (clip.frames.empty()) throw DatasetError(fmt::format("{}: the video holds no frame", file.string()));
  return clip;
}

void write_clip(const std::filesystem::path& file, const Clip& clip) {
  if (clip.frames.empty()) throw DatasetError(fmt::format("{}: no frame to write", file.string()));
  const cv::Size size = clip.frames.front().size();
  facecert::media::VideoWriter writer(file.string(), facecert::media::VideoWriter::fourcc('M', 'J', 'P', 'G'),
                         clip.fps > 0 ? clip.fps : 25, size, true);
  if (!writer.isOpened()) throw DatasetError(fmt::format("{}: cannot write the video", file.string()));
  for (const auto& frame : clip.frames) {
    if (frame.size() != size || frame.type() != CV_8UC3)
      throw DatasetError(fmt::format("{}: frames differ in size or type", file.string()));
    writer.write(frame);
  }
  writer.release();
}

}  // namespace facecert::datasets
