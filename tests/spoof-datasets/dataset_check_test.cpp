// validate: missing, undecodable and duplicate media, unknown extensions, and the coverage
// warnings; stats counts.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "facecert/datasets/clip.h"
#include "facecert/datasets/dataset_check.h"
#include "facecert/probes/media_io.h"
#include "spoof-datasets/dataset_test_support.h"

namespace fd = facecert::datasets;
using facecert::test::datasets::ScratchDir;

namespace {

bool has(const std::vector<fd::DatasetProblem>& problems, bool error, const std::string& text, std::size_t line = 0) {
  for (const auto& p : problems)
    if (p.is_error() == error && (p.message + " " + p.file).find(text) != std::string::npos && (!line || p.line == line))
      return true;
  return false;
}

TEST(DatasetCheck, FindsMediaProblems) {
  ScratchDir d;
  facecert::media::imwrite((d.path / "good.png").string(), cv::Mat(8, 8, CV_8UC3, cv::Scalar(1, 2, 3)));
  d.file("broken.jpg", "not a jpeg");
  d.file("notes.txt", "x");
  const auto csv = d.file("m.csv",
                          "file,kind,subject\n"
                          "good.png,bona_fide,alice\n"     // 2
                          "broken.jpg,print,alice\n"       // 3
                          "missing.png,replay,alice\n"     // 4
                          "notes.txt,print,alice\n"        // 5
                          "./good.png,print,alice\n"       // 6: same file as line 2
                          "good.png,print,carol\n");       // 7: same again; carol has only attacks
  const auto ds = fd::read_manifest(csv);
  const auto problems = fd::validate(ds);
  EXPECT_TRUE(has(problems, true, "cannot decode", 3));
  EXPECT_TRUE(has(problems, true, "no such file", 4));
  EXPECT_TRUE(has(problems, true, "unknown extension '.txt'", 5));
  EXPECT_TRUE(has(problems, true, "the same file as line 2", 6));
  EXPECT_TRUE(has(problems, true, "the same file as line 2", 7));
  EXPECT_TRUE(has(problems, false, "subject 'carol' has only attacks"));
  EXPECT_FALSE(has(problems, true, "good.png", 2));
  // Without decoding, the broken JPEG passes.
  EXPECT_FALSE(has(fd::validate(ds, {false}), true, "cannot decode"));
  const auto j = fd::to_json(problems);
  EXPECT_EQ(j["errors"], 5);
  EXPECT_EQ(j["problems"][0]["line"], 3);
}

TEST(DatasetCheck, DecodesVideos) {
  ScratchDir d;
  fd::Clip clip;
  for (int i = 0; i < 3; ++i) clip.frames.push_back(cv::Mat(32, 32, CV_8UC3, cv::Scalar(10 * i, 20, 30)));
  fd::write_clip(d.path / "live.avi", clip);
  d.file("fake.avi", "RIFF but not really");
  const auto ds = fd::read_manifest(d.file("m.csv", "file,kind,subject\nlive.avi,bona_fide,a\nfake.avi,replay,a\n"));
  const auto problems = fd::validate(ds);
  EXPECT_FALSE(has(problems, true, "live.avi"));
  EXPECT_TRUE(has(problems, true, "cannot decode", 3));
}

TEST(DatasetCheck, CoverageWarnings) {
  ScratchDir d;
  const auto only_attacks = fd::read_manifest(d.file("a.csv", "file,kind,subject\nx.png,print,a\ny.png,replay,b\n"));
  const auto p = fd::validate(only_attacks, {false});
  EXPECT_TRUE(has(p, false, "no bona fide item"));
  EXPECT_FALSE(has(p, false, "has only attacks")) << "not repeated when there is no bona fide at all";
  const auto species = fd::read_manifest(
      d.file("b.csv", "file,kind,subject\nb.png,bona_fide,a\nx.png,print,a\ny.png,mask_3d,b\n"));
  const auto q = fd::validate(species, {false});
  EXPECT_TRUE(has(q, false, "species 'mask_3d': none of the 1 subject(s) it imitates has a bona fide item"));
  EXPECT_FALSE(has(q, false, "species 'print'"));
  EXPECT_TRUE(has(q, false, "subject 'b' has only attacks"));
}

TEST(DatasetCheck, Stats) {
  ScratchDir d;
  const auto ds = fd::read_manifest(d.file("m.csv", "file,kind,subject,split\na.png,bona_fide,s1,enrol\n"
                                                    "b.mov,print,s1,test\nc.avi,print,s2,test\nd.xyz,replay,s2,\n"));
  const auto s = fd::stats(ds);
  EXPECT_EQ(s.items, 4u);
  EXPECT_EQ(s.subjects, 2u);
  EXPECT_EQ(s.bona_fide, 1u);
  EXPECT_EQ(s.attacks, 3u);
  EXPECT_EQ(s.per_kind.at("print"), 2u);
  EXPECT_EQ(s.per_split.at("test"), 2u);
  EXPECT_EQ(s.per_split.at("(none)"), 1u);
  EXPECT_EQ(s.per_media.at("video"), 2u);
  EXPECT_EQ(s.per_media.at("unknown"), 1u);
  EXPECT_EQ(fd::to_json(s)["per_subject"]["s2"], 2);
}

}  // namespace
