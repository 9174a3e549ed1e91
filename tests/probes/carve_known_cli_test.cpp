// Known samples (the images the harness presented, 6.1.2) found again by bytes or by perceptual
// hash after re-encoding, and `facecert carve`: exit codes, human lines, --json shape.
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "facecert/probes/storage_carver.h"
#include "probes/carve_dump_support.h"
#include "probes/cli_run_support.h"
#include "probes/frame_builder_support.h"

namespace facecert::test {
namespace {

TEST(CarveKnown, ExactAndNearDuplicatesAreFoundOthersAreNot) {
  TempDir dir;
  std::filesystem::create_directories(dir / "presented");
  const DumpBytes astronaut = demo_image("astronaut.jpg", ".jpg", 256, 85);
  const DumpBytes messi = demo_image("messi5.jpg", ".jpg", 256, 85);
  write_file(dir / "presented/1-astronaut.jpg", astronaut);
  write_file(dir / "presented/2-messi.jpg", messi);
  write_file(dir / "presented/3-building.jpg", demo_image("building.jpg", ".jpg", 256, 85));
  write_file(dir / "presented/manifest.txt", {'x', '\n'});  // not an image: skipped
  const auto known = probes::known_samples_from(dir / "presented");
  ASSERT_EQ(known.size(), 3u);

  DumpBytes dump = random_block(600 * 1024, 23);
  plant(dump, 1001, astronaut);                                 // the bytes the harness sent
  plant(dump, 200003, demo_image("messi5.jpg", ".jpg", 256, 40));  // re-encoded by the device
  plant(dump, 400009, demo_image("fruits.jpg", ".jpg", 256, 85));  // never presented
  write_file(dir / "dump.bin", dump);
  probes::CarveOptions o;
  o.faces = false;  // matching does not need face detection
  o.known = known;
  const auto r = probes::carve_storage({dir / "dump.bin"}, o);
  ASSERT_EQ(r.items.size(), 3u);
  ASSERT_TRUE(r.items[0].known);
  EXPECT_TRUE(r.items[0].known->exact);
  EXPECT_EQ(r.items[0].known->sample, 0u);
  ASSERT_TRUE(r.items[1].known);
  EXPECT_FALSE(r.items[1].known->exact);
  EXPECT_EQ(r.items[1].known->sample, 1u);
  EXPECT_LE(r.items[1].known->distance, 10);
  EXPECT_FALSE(r.items[2].known) << r.items[2].known->path;
  EXPECT_EQ(r.known_found, (std::vector<bool>{true, true, false}));
  EXPECT_EQ(r.totals.known_found, 2u);
}

TEST(CarveKnown, UndecodableSampleIsAnError) {
  TempDir dir;
  write_file(dir / "x.jpg", {0xFF, 0xD8, 0xFF, 0x00});
  EXPECT_THROW(probes::known_sample_from_file(dir / "x.jpg"), probes::CarveInputError);
}

TEST(CarveCli, ExitCodesFollowFacesAndKnownSamples) {
  TempDir dir;
  write_file(dir / "clean.bin", flash_like(400 * 1024, 29));
  DumpBytes faces = flash_like(400 * 1024, 31);
  plant(faces, 9999, demo_image("astronaut.jpg", ".jpg", 256));
  write_file(dir / "faces.bin", faces);
  DumpBytes plain = flash_like(400 * 1024, 37);
  plant(plain, 7777, demo_image("fruits.jpg", ".jpg", 256));
  write_file(dir / "plain.bin", plain);

  auto r = run_facecert("carve " + (dir / "clean.bin").string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("6.1.2: no image remains"), std::string::npos) << r.output;

  r = run_facecert("carve " + (dir / "faces.bin").string() + " --json " + (dir / "out.json").string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("@ 9999 (0x270f)  JPEG 256x256"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("1 face"), std::string::npos) << r.output;
  std::ifstream in(dir / "out.json");
  const auto j = nlohmann::json::parse(in);
  ASSERT_EQ(j["items"].size(), 1u);
  EXPECT_EQ(j["items"][0]["offset"], 9999);
  EXPECT_EQ(j["items"][0]["faces"], 1);
  EXPECT_EQ(j["items"][0]["container"], "raw");
  EXPECT_EQ(j["totals"]["with_faces"], 1);
  EXPECT_EQ(j["sources"][0]["kind"], "file");
  EXPECT_EQ(j["exit_code"], 1);

  // An image without a face is listed but is no face evidence; with --no-faces it may be one.
  r = run_facecert("carve " + (dir / "plain.bin").string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("0 faces"), std::string::npos) << r.output;
  r = run_facecert("carve --no-faces " + (dir / "plain.bin").string());
  EXPECT_EQ(r.exit_code, 1) << r.output;

  // A presented image still there is exit 1 even when it shows no face.
  write_file(dir / "fruits.jpg", demo_image("fruits.jpg", ".jpg", 256));
  r = run_facecert("carve " + (dir / "plain.bin").string() + " --known " + (dir / "fruits.jpg").string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("1 of 1 presented image(s) are still on the storage"), std::string::npos) << r.output;
}

TEST(CarveCli, BadInputIsExitTwoNamingTheFile) {
  TempDir dir;
  auto r = run_facecert("carve " + (dir / "nope.img").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.output, "facecert carve: " + (dir / "nope.img").string() + ": no such file or directory\n");
  r = run_facecert("carve");
  EXPECT_EQ(r.exit_code, 2) << r.output;
}

}  // namespace
}  // namespace facecert::test
