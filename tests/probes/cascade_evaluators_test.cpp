// The project's cascade evaluators (lbp_cascade.h, haar_cascade.h) against OpenCV's own
// detectMultiScale with 0 neighbours on the same cascade files: the same windows fire, on photos
// with and without faces, at the sizes and scale steps the face screening uses; the AVX2 walks fire
// on the same windows as the window-by-window ones. A bad cascade file is a clear error.
#include <algorithm>
#include <fstream>
#include <initializer_list>
#include <tuple>

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "facecert/datasets/demo_media.h"
#include "facecert/probes/face_detector.h"
#include "facecert/probes/haar_cascade.h"
#include "facecert/probes/lbp_cascade.h"

namespace facecert::probes {
namespace {

std::filesystem::path lbp_file() {
  return FaceDetector::default_cascade_path().parent_path().parent_path() / "lbpcascades" /
         "lbpcascade_frontalface.xml";
}

cv::Mat grey_at(const cv::Mat& photo, int side) {
  cv::Mat grey, small;
  cv::cvtColor(photo, grey, cv::COLOR_BGR2GRAY);
  const double scale = static_cast<double>(side) / std::max(grey.cols, grey.rows);
  cv::resize(grey, small, cv::Size(), scale, scale, cv::INTER_AREA);
  return small;
}

// Windows of `a` with a window of `b` at most `slack` pixels off in each coordinate.
int matched(const std::vector<cv::Rect>& a, const std::vector<cv::Rect>& b, int slack) {
  int n = 0;
  for (const auto& r : a)
    for (const auto& q : b)
      if (std::abs(r.x - q.x) <= slack && std::abs(r.y - q.y) <= slack && std::abs(r.width - q.width) <= slack) {
        ++n;
        break;
      }
  return n;
}

// Our windows and OpenCV's (detectMultiScale, 0 neighbours) on the demo photos, varied by `seeds`
// seeds, shrunk to each side, at each scale step.
template <class Cascade>
void expect_opencv_agrees(const std::filesystem::path& file, std::uint32_t seeds, std::initializer_list<int> sides,
                          std::initializer_list<double> steps) {
  const Cascade ours(file);
  cv::CascadeClassifier theirs(file.string());
  ASSERT_FALSE(theirs.empty());
  std::size_t ours_total = 0, theirs_total = 0, ours_matched = 0, theirs_matched = 0;
  for (const char* name : {"astronaut.jpg", "messi5.jpg", "fruits.jpg", "baboon.jpg", "building.jpg"}) {
    const cv::Mat photo = datasets::load_demo_image(name);
    for (std::uint32_t seed = 1; seed <= seeds; ++seed)
      for (const int side : sides) {
        const cv::Mat grey = grey_at(datasets::vary(photo, seed), side);
        for (const double step : steps) {
          std::vector<cv::Rect> cv_hits;
          theirs.detectMultiScale(grey, cv_hits, step, 0, 0, cv::Size(24, 24));
          const auto hits = ours.windows(grey, step, 24);
          ours_total += hits.size();
          theirs_total += cv_hits.size();
          ours_matched += static_cast<std::size_t>(matched(hits, cv_hits, 1));
          theirs_matched += static_cast<std::size_t>(matched(cv_hits, hits, 1));
        }
      }
  }
  // Another OpenCV build may resample a pyramid level a grey level differently here and there, and
  // a window near a stage threshold fall the other way: nearly all must agree (with Debian 12's
  // OpenCV 4.6 all do).
  ASSERT_GT(theirs_total, 50U);
  EXPECT_GE(theirs_matched * 100, theirs_total * 95) << theirs_matched << " of OpenCV's " << theirs_total;
  EXPECT_GE(ours_matched * 100, ours_total * 95) << ours_matched << " of ours " << ours_total;
}

TEST(LbpCascade, FiresOnTheWindowsOpenCvFiresOn) {
  if (!std::filesystem::exists(lbp_file())) GTEST_SKIP() << "opencv-data's LBP cascade is not installed";
  expect_opencv_agrees<LbpCascade>(lbp_file(), 4, {96, 160, 240}, {1.1, 1.2});
}

// The 8-windows-at-a-time walk (AVX2) fires on exactly the windows of the window-by-window one; a
// CPU without AVX2 refuses it.
template <class Cascade>
void expect_walks_agree(const std::filesystem::path& file, std::size_t at_least) {
  Cascade plain(file);
  ASSERT_TRUE(plain.set_walk(CascadeWalk::one_by_one));
  for (const CascadeWalk walk : {CascadeWalk::avx2}) {
    Cascade wide(file);
    if (!wide.set_walk(walk)) {
      EXPECT_FALSE(cpu_can_walk(walk));
      continue;
    }
    std::size_t total = 0;
    for (const char* name : {"astronaut.jpg", "messi5.jpg", "baboon.jpg"})
      for (std::uint32_t seed = 1; seed <= 3; ++seed)
        for (const int side : {96, 160, 253}) {
          const cv::Mat grey = grey_at(datasets::vary(datasets::load_demo_image(name), seed), side);
          for (const double step : {1.1, 1.2}) {
            const auto a = wide.windows(grey, step, 24), b = plain.windows(grey, step, 24);
            EXPECT_EQ(a, b) << to_string(walk) << " " << name << " " << seed << " " << side << " " << step;
            total += a.size();
          }
        }
    EXPECT_GT(total, at_least) << to_string(walk);
  }
}

TEST(LbpCascade, WideWalkFiresOnTheSameWindows) {
  if (!std::filesystem::exists(lbp_file())) GTEST_SKIP() << "opencv-data's LBP cascade is not installed";
  expect_walks_agree<LbpCascade>(lbp_file(), 100);
}

// min_size and max_size select pyramid levels: the windows of a bounded search are those of the
// whole search with a size in the bounds.
TEST(LbpCascade, SizeBoundsSelectLevelsOfTheWholeSearch) {
  if (!std::filesystem::exists(lbp_file())) GTEST_SKIP() << "opencv-data's LBP cascade is not installed";
  const LbpCascade cascade(lbp_file());
  std::vector<cv::Rect> all, bounded, expected;
  for (std::uint32_t seed = 1; seed <= 8; ++seed) {
    const cv::Mat grey = grey_at(datasets::vary(datasets::load_demo_image("messi5.jpg"), seed), 240);
    for (const auto& r : cascade.windows(grey, 1.1, 24)) {
      all.push_back(r);
      if (r.width >= 30 && r.width <= 60) expected.push_back(r);
    }
    const auto b = cascade.windows(grey, 1.1, 30, 60);
    bounded.insert(bounded.end(), b.begin(), b.end());
  }
  const auto key = [](const cv::Rect& r) { return std::tuple(r.x, r.y, r.width, r.height); };
  const auto by_key = [&key](const cv::Rect& a, const cv::Rect& b) { return key(a) < key(b); };
  std::sort(bounded.begin(), bounded.end(), by_key);
  std::sort(expected.begin(), expected.end(), by_key);
  ASSERT_GT(expected.size(), 0U);
  EXPECT_LT(expected.size(), all.size());
  EXPECT_EQ(bounded, expected);
}

// windows_until walks the same levels from the biggest windows down: never enough gives the whole
// search's windows; stopping at the first level with a hit walks only the levels down to it.
template <class Cascade>
void expect_coarse_first_stops_when_enough(const std::filesystem::path& file) {
  const Cascade cascade(file);
  const auto key = [](const cv::Rect& r) { return std::tuple(r.x, r.y, r.width, r.height); };
  const auto sorted = [&key](std::vector<cv::Rect> v) {
    std::sort(v.begin(), v.end(), [&key](const cv::Rect& a, const cv::Rect& b) { return key(a) < key(b); });
    return v;
  };
  int stopped_early = 0;
  for (std::uint32_t seed = 1; seed <= 6; ++seed) {
    const cv::Mat grey = grey_at(datasets::vary(datasets::load_demo_image("astronaut.jpg"), seed), 160);
    const auto all = cascade.windows(grey, 1.2, 24);
    int calls = 0;
    const auto never = cascade.windows_until(grey, 1.2, 24, 0, [&calls](const std::vector<cv::Rect>&) {
      ++calls;
      return false;
    });
    EXPECT_EQ(sorted(never), sorted(all)) << seed;
    const auto first_hit =
        cascade.windows_until(grey, 1.2, 24, 0, [](const std::vector<cv::Rect>& w) { return !w.empty(); });
    if (all.empty()) continue;
    EXPECT_GT(calls, 0) << seed;  // asked after each level that added windows
    ASSERT_FALSE(first_hit.empty()) << seed;
    // Only the biggest windows that fired, all of one level, and every one of them.
    const int biggest =
        std::max_element(all.begin(), all.end(), [](auto& a, auto& b) { return a.width < b.width; })->width;
    for (const auto& r : first_hit) EXPECT_EQ(r.width, biggest) << seed;
    EXPECT_EQ(first_hit.size(), static_cast<std::size_t>(std::count_if(
                                    all.begin(), all.end(), [biggest](auto& r) { return r.width == biggest; })));
    if (first_hit.size() < all.size()) ++stopped_early;
  }
  EXPECT_GT(stopped_early, 0);
}

TEST(LbpCascade, CoarseFirstSearchStopsAtTheFirstLevelThatIsEnough) {
  if (!std::filesystem::exists(lbp_file())) GTEST_SKIP() << "opencv-data's LBP cascade is not installed";
  expect_coarse_first_stops_when_enough<LbpCascade>(lbp_file());
}

std::filesystem::path haar_file() { return FaceDetector::default_cascade_path(); }

TEST(HaarCascade, CoarseFirstSearchStopsAtTheFirstLevelThatIsEnough) {
  expect_coarse_first_stops_when_enough<HaarCascade>(haar_file());
}

TEST(HaarCascade, FiresOnTheWindowsOpenCvFiresOn) {
  expect_opencv_agrees<HaarCascade>(haar_file(), 4, {96, 160}, {1.1, 1.2});
}

TEST(HaarCascade, WideWalkFiresOnTheSameWindows) { expect_walks_agree<HaarCascade>(haar_file(), 50); }

TEST(CascadeFiles, ABadCascadeFileIsAnErrorNamingIt) {
  const auto dir = std::filesystem::temp_directory_path() / "facecert-lbp-test";
  std::filesystem::create_directories(dir);
  const auto haar = FaceDetector::default_cascade_path();
  const auto garbage = dir / "garbage.xml";
  std::ofstream(garbage) << "<?xml version=\"1.0\"?><opencv_storage><cascade><stages>";
  const auto expect_error = [](auto load, const std::filesystem::path& bad) {
    try {
      load(bad);
      ADD_FAILURE() << bad << " loaded";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(bad.string()), std::string::npos) << e.what();
    }
  };
  const auto lbp = [](const std::filesystem::path& f) { LbpCascade c(f); };
  const auto haar_load = [](const std::filesystem::path& f) { HaarCascade c(f); };
  for (const auto& bad : {dir / "missing.xml", garbage, haar}) expect_error(lbp, bad);
  for (const auto& bad : {dir / "missing.xml", garbage, lbp_file()}) expect_error(haar_load, bad);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace facecert::probes
