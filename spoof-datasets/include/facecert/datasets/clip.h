// A presentation as frames: a still image is a clip of one frame; a video is decoded frame by frame.
#pragma once

#include <cstddef>
#include <filesystem>
#include <vector>

#include <opencv2/core.hpp>

namespace facecert::datasets {

struct Clip {
  std::vector<cv::Mat> frames;  // BGR, 8-bit
  double fps = 0;               // 0 for a still image
};

// Reads an image (one frame) or a video (up to max_frames frames, at the file's frame rate);
// throws DatasetError naming the file when it cannot be read or holds no frame.
Clip load_clip(const std::filesystem::path& file, std::size_t max_frames = 300);

// Writes frames as Motion-JPEG in an AVI container (facecert::media::VideoWriter, fourcc MJPG); throws
// DatasetError naming the file when it cannot be written.
void write_clip(const std::filesystem::path& file, const Clip& clip);

}  // namespace facecert::datasets
