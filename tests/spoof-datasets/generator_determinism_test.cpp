// The demo-set generator (generator.h): the same seed gives the same files, another seed other
// files; the manifest lists every item with its kind, subject, instrument and conditions.
#include <fstream>
#include <iterator>
#include <random>
#include <set>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "facecert/datasets/clip.h"
#include "facecert/datasets/generator.h"

namespace fs = std::filesystem;
using namespace facecert::datasets;

namespace {

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

fs::path temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / fmt::format("facecert-gen-{}-{}", name, std::random_device{}());
  fs::remove_all(dir);
  return dir;
}

GeneratorOptions small(const fs::path& dir, std::uint32_t seed) {
  GeneratorOptions o;
  o.out_dir = dir;
  o.seed = seed;
  o.subjects = 2;
  o.per_species = 1;
  o.frames = 3;
  return o;
}

}  // namespace

TEST(GeneratorDeterminism, SameSeedSameBytesOtherSeedOtherBytes) {
  const fs::path a = temp_dir("a"), b = temp_dir("b"), c = temp_dir("c");
  const Dataset da = generate_demo_set(small(a, 7));
  const Dataset db = generate_demo_set(small(b, 7));
  const Dataset dc = generate_demo_set(small(c, 8));
  ASSERT_EQ(da.items.size(), 2u * (1 + 5));
  EXPECT_EQ(slurp(a / "manifest.csv"), slurp(b / "manifest.csv"));
  std::size_t differing = 0;
  for (const auto& item : da.items) {
    EXPECT_EQ(slurp(a / item.file), slurp(b / item.file)) << item.file;
    if (slurp(a / item.file) != slurp(c / item.file)) ++differing;
  }
  EXPECT_GE(differing, da.items.size() - 2) << "another seed should change the clips";
  for (const auto& d : {a, b, c}) fs::remove_all(d);
}

TEST(GeneratorDeterminism, ManifestDescribesEveryItem) {
  const fs::path dir = temp_dir("m");
  const Dataset set = generate_demo_set(small(dir, 1));
  const Dataset back = read_manifest(dir / "manifest.csv");
  ASSERT_EQ(back.items.size(), set.items.size());
  std::set<std::string> kinds;
  for (const auto& item : back.items) {
    kinds.insert(item.kind);
    EXPECT_FALSE(item.conditions.empty()) << item.file;
    if (!item.is_bona_fide()) {
      EXPECT_FALSE(item.instrument.empty()) << item.file;
    }
    const Clip clip = load_clip(resolve(back, item));
    if (item.split == "enrol") {
      EXPECT_EQ(clip.frames.size(), 1u);
    } else {
      EXPECT_EQ(item.split, "test");
      EXPECT_EQ(clip.frames.size(), 3u) << item.file;
      EXPECT_EQ(clip.frames[0].size(), cv::Size(640, 480));
    }
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"bona_fide", "print", "paper_mask", "replay", "animation"}));
  fs::remove_all(dir);
}

TEST(GeneratorDeterminism, RejectsBadOptions) {
  GeneratorOptions o = small(temp_dir("bad"), 1);
  o.species = {"silicone_mask"};
  EXPECT_THROW(generate_demo_set(o), std::invalid_argument);
  o = small(temp_dir("bad"), 1);
  o.frames = 0;
  EXPECT_THROW(generate_demo_set(o), std::invalid_argument);
}
