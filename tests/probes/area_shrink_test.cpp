// The face screening's area shrink (area_shrink.h) against cv::resize with INTER_AREA: the same
// size, and each pixel within one grey level of OpenCV's, over the factors the screening uses
// (a decode a little larger than 160 to 160, 160 to 96) and whole and odd ones; bad input is refused.
#include <stdexcept>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "facecert/datasets/demo_media.h"
#include "facecert/probes/area_shrink.h"

namespace facecert::probes {
namespace {

TEST(AreaShrink, WithinOneGreyLevelOfOpenCvAtEveryFactor) {
  int compared = 0;
  for (const char* name : {"astronaut.jpg", "fruits.jpg", "baboon.jpg"}) {
    cv::Mat grey;
    cv::cvtColor(datasets::load_demo_image(name), grey, cv::COLOR_BGR2GRAY);
    for (const cv::Size from : {cv::Size(170, 213), cv::Size(160, 120), cv::Size(319, 240), cv::Size(97, 131)}) {
      cv::Mat src;
      cv::resize(grey, src, from, 0, 0, cv::INTER_AREA);
      for (const int side : {160, 96, 80, 50, 31}) {
        const double scale = static_cast<double>(side) / std::max(from.width, from.height);
        if (scale > 1) continue;
        cv::Mat ours, theirs;
        area_shrink(src, ours, scale);
        cv::resize(src, theirs, cv::Size(), scale, scale, cv::INTER_AREA);
        ASSERT_EQ(ours.size(), theirs.size()) << name << " " << from << " to " << side;
        cv::Mat diff;
        cv::absdiff(ours, theirs, diff);
        double worst = 0;
        cv::minMaxLoc(diff, nullptr, &worst);
        EXPECT_LE(worst, 1.0) << name << " " << from << " to " << side;
        ++compared;
      }
    }
  }
  EXPECT_GE(compared, 50);
}

TEST(AreaShrink, ScaleOneCopiesAndFlatStaysFlat) {
  cv::Mat flat(77, 55, CV_8UC1, cv::Scalar(200)), out;
  area_shrink(flat, out, 0.37);
  EXPECT_EQ(out.size(), cv::Size(cvRound(55 * 0.37), cvRound(77 * 0.37)));
  EXPECT_EQ(cv::countNonZero(out != 200), 0);
  cv::Mat ramp(10, 12, CV_8UC1);
  for (int y = 0; y < ramp.rows; ++y)
    for (int x = 0; x < ramp.cols; ++x) ramp.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>(x * 20 + y);
  area_shrink(ramp, out, 1.0);
  EXPECT_EQ(cv::countNonZero(out != ramp), 0);
}

TEST(AreaShrink, RefusesColourAndGrowing) {
  cv::Mat out;
  EXPECT_THROW(area_shrink(cv::Mat(10, 10, CV_8UC3), out, 0.5), std::invalid_argument);
  EXPECT_THROW(area_shrink(cv::Mat(10, 10, CV_8UC1), out, 1.5), std::invalid_argument);
  EXPECT_THROW(area_shrink(cv::Mat(10, 10, CV_8UC1), out, 0), std::invalid_argument);
}

}  // namespace
}  // namespace facecert::probes
