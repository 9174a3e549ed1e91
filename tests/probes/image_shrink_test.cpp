// The face screening's shrinks (image_shrink.h) against cv::resize: the area shrink within one grey
// level of INTER_AREA over the factors the screening uses (a decode a little larger than 160 to
// 160, 160 to 96) and whole and odd ones; the bilinear one equal to INTER_LINEAR_EXACT, pixel for
// pixel, on every pyramid level of the cascade searches and on odd sizes; bad input is refused.
#include <stdexcept>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include "facecert/datasets/demo_media.h"
#include "../../probes/src/image_shrink.h"

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

TEST(ExactBilinearShrink, EqualsOpenCvsBitExactResizeOnEveryLevel) {
  int compared = 0;
  for (const char* name : {"astronaut.jpg", "baboon.jpg"}) {
    cv::Mat grey;
    cv::cvtColor(datasets::load_demo_image(name), grey, cv::COLOR_BGR2GRAY);
    for (const cv::Size from : {cv::Size(160, 120), cv::Size(128, 160), cv::Size(160, 213), cv::Size(97, 131),
                                cv::Size(64, 64), cv::Size(300, 37)}) {
      cv::Mat src;
      cv::resize(grey, src, from, 0, 0, cv::INTER_AREA);
      // The levels of the screening's pyramids (steps 1.1 and 1.2) and a few odd sizes.
      std::vector<cv::Size> sizes{
          {from.width - 1, from.height}, {from.width / 2, from.height / 2}, {1, 1}, {from.width, from.height / 3}};
      for (const double step : {1.1, 1.2})
        for (double f = step; cvRound(from.width / f) >= 20 && cvRound(from.height / f) >= 20; f *= step)
          sizes.emplace_back(cvRound(from.width / f), cvRound(from.height / f));
      for (const cv::Size to : sizes) {
        cv::Mat ours, theirs;
        exact_bilinear_shrink(src, ours, to);
        cv::resize(src, theirs, to, 0, 0, cv::INTER_LINEAR_EXACT);
        ASSERT_EQ(ours.size(), theirs.size());
        EXPECT_EQ(cv::countNonZero(ours != theirs), 0) << name << " " << from << " to " << to;
        ++compared;
      }
    }
  }
  EXPECT_GE(compared, 150);
}

// Every width from 40 to 129 to every smaller one (some 7,000 size pairs: past the 4,096 kept
// per thread, so the cache is trimmed on the way), still OpenCV's pixels.
TEST(ExactBilinearShrink, EqualsOpenCvOnThousandsOfSizePairs) {
  cv::Mat grey;
  cv::cvtColor(datasets::load_demo_image("baboon.jpg"), grey, cv::COLOR_BGR2GRAY);
  int pairs = 0, differing = 0;
  for (int from = 40; from < 130; ++from) {
    const cv::Mat src = grey(cv::Rect(0, 0, from, 3)).clone();
    for (int to = 1; to <= from; ++to, ++pairs) {
      cv::Mat ours, theirs;
      exact_bilinear_shrink(src, ours, {to, 2});
      cv::resize(src, theirs, {to, 2}, 0, 0, cv::INTER_LINEAR_EXACT);
      differing += cv::countNonZero(ours != theirs) > 0;
    }
  }
  EXPECT_GT(pairs, 4096);
  EXPECT_EQ(differing, 0) << "of " << pairs << " size pairs";
}

TEST(AreaShrink, RefusesColourAndGrowing) {
  cv::Mat out;
  EXPECT_THROW(area_shrink(cv::Mat(10, 10, CV_8UC3), out, 0.5), std::invalid_argument);
  EXPECT_THROW(area_shrink(cv::Mat(10, 10, CV_8UC1), out, 1.5), std::invalid_argument);
  EXPECT_THROW(area_shrink(cv::Mat(10, 10, CV_8UC1), out, 0), std::invalid_argument);
  EXPECT_THROW(exact_bilinear_shrink(cv::Mat(10, 10, CV_8UC3), out, {5, 5}), std::invalid_argument);
  EXPECT_THROW(exact_bilinear_shrink(cv::Mat(10, 10, CV_8UC1), out, {11, 5}), std::invalid_argument);
}

}  // namespace
}  // namespace facecert::probes
