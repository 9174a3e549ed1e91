// A run directory as `facecert run` leaves it, built without a device: the real plan's copy
// (plan.xml), a journal with cases of the real plan ids (6.1.3 pass with an SVG plot, 7.0 fail with
// traffic.json flows and a pixelated face thumbnail, manual 4 and 6.1.1, identity data to mask),
// and evidence files with their true hashes. For the report-form tests (issue 8).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "facecert/harness/result.h"

namespace facecert::reports::testing {

inline constexpr const char* kRunIdNumber = "110101199003074477";  // valid GB 11643 number

std::filesystem::path make_report_run_dir(const std::string& tag);

// The demo photo with a face (spoof-datasets/demo/astronaut.jpg), pixelated or not.
cv::Mat demo_face(bool pixelated);

// Every data: URI image in an HTML page, decoded (SVG images are skipped: they hold no pixels).
std::vector<cv::Mat> embedded_raster_images(const std::string& html);

// A temp folder for lab keys so that tests never touch ~/.config.
std::string test_keys_dir();

}  // namespace facecert::reports::testing
