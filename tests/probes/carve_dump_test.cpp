// Storage carving of raw dumps (6.1.2): images planted at known unaligned offsets in flash-like
// bytes are found exactly (offset, length, format, faces), fragments are partial, clean is empty.
#include <gtest/gtest.h>

#include "facecert/probes/storage_carver.h"
#include "probes/carve_dump_support.h"
#include "probes/frame_builder_support.h"

namespace facecert::test {
namespace {

using probes::CarveOptions;
using probes::CarvedItem;

// Small chunks so that planted images cross chunk ends and the window re-read is exercised.
CarveOptions small_chunks(bool faces = true) {
  CarveOptions o;
  o.faces = faces;
  o.chunk_bytes = 64 * 1024;
  return o;
}

probes::CarveReport carve_one(const TempDir& dir, const DumpBytes& dump, const CarveOptions& o) {
  write_file(dir / "dump.bin", dump);
  return probes::carve_storage({dir / "dump.bin"}, o);
}

TEST(CarveDump, FindsEveryPlantedImageAtItsOffset) {
  TempDir dir;
  DumpBytes dump = flash_like(2 << 20, 7);
  const DumpBytes face = demo_image("astronaut.jpg", ".jpg", 256);
  const DumpBytes plain = demo_image("fruits.jpg", ".jpg", 256);
  const DumpBytes dqt = dqt_first(demo_image("astronaut.jpg", ".jpg", 256, 70));
  const DumpBytes png = demo_image("building.jpg", ".png", 96);
  const DumpBytes bmp = demo_image("baboon.jpg", ".bmp", 48);
  const DumpBytes webp = demo_image("building.jpg", ".webp", 64);
  const std::string json = "{\"user\":\"u17\",\"photo\":\"" + base64_encode(demo_image("astronaut.jpg", ".jpg", 200)) + "\"}";
  ASSERT_EQ(dqt[3], 0xDB);
  plant(dump, 100003, face);
  plant(dump, 65536 * 3 - 1001, plain);  // crosses a chunk end
  plant(dump, 700001, dqt);
  plant(dump, 900017, png);
  plant(dump, 1100019, bmp);
  plant(dump, 1300021, DumpBytes(json.begin(), json.end()));
  plant(dump, 1500023, webp);
  const auto r = carve_one(dir, dump, small_chunks());
  ASSERT_EQ(r.items.size(), 7u) << probes::to_json(r).dump(1);
  const auto expect = [&](std::size_t k, std::uint64_t offset, std::uint64_t length, const char* format,
                          const char* container) {
    const CarvedItem& i = r.items[k];
    EXPECT_EQ(i.offset, offset) << k;
    EXPECT_EQ(i.length, length) << k;
    EXPECT_EQ(i.format, format) << k;
    EXPECT_EQ(i.container, container) << k;
    EXPECT_FALSE(i.partial) << k;
    EXPECT_TRUE(i.decoded) << k;
  };
  expect(0, 100003, face.size(), "JPEG", "raw");
  expect(1, 65536 * 3 - 1001, plain.size(), "JPEG", "raw");
  expect(2, 700001, dqt.size(), "JPEG", "raw");
  expect(3, 900017, png.size(), "PNG", "raw");
  expect(4, 1100019, bmp.size(), "BMP", "raw");
  expect(5, 1300021 + json.find("/9j/"), json.rfind('"') - json.find("/9j/"), "JPEG", "base64");
  expect(6, 1500023, webp.size(), "WebP", "raw");
  EXPECT_EQ(r.items[0].faces, 1);  // astronaut
  EXPECT_EQ(r.items[1].faces, 0);  // fruits
  EXPECT_EQ(r.items[2].faces, 1);  // astronaut, DQT-first
  EXPECT_EQ(r.items[5].faces, 1);  // astronaut, base64
  EXPECT_EQ(r.items[0].width, 256);
  EXPECT_EQ(r.items[3].width, 96);
  EXPECT_EQ(r.items[6].width, 64);
  EXPECT_EQ(r.items[6].height, 64);
  EXPECT_EQ(r.totals.with_faces, 3u);
  EXPECT_TRUE(r.warnings.empty());
}

TEST(CarveDump, CleanFlashGivesNothing) {
  TempDir dir;
  const auto r = carve_one(dir, flash_like(3 << 20, 11), small_chunks());
  EXPECT_TRUE(r.items.empty()) << probes::to_json(r).dump(1);
  EXPECT_EQ(r.totals.bytes_scanned, 3u << 20);
}

TEST(CarveDump, FragmentedJpegIsPartialWithItsHeader) {
  TempDir dir;
  const DumpBytes face = demo_image("astronaut.jpg", ".jpg", 256);
  const std::size_t cut = jpeg_scan_start(face) + (face.size() - jpeg_scan_start(face)) / 2;
  DumpBytes fragmented(face.begin(), face.begin() + static_cast<std::ptrdiff_t>(cut));
  const DumpBytes foreign = random_block(4096, 3);
  fragmented.insert(fragmented.end(), foreign.begin(), foreign.end());
  fragmented.insert(fragmented.end(), face.begin() + static_cast<std::ptrdiff_t>(cut), face.end());
  DumpBytes dump = random_block(256 * 1024, 5);
  plant(dump, 30011, fragmented);
  const auto r = carve_one(dir, dump, small_chunks());
  ASSERT_EQ(r.items.size(), 1u) << probes::to_json(r).dump(1);
  EXPECT_EQ(r.items[0].offset, 30011u);
  EXPECT_TRUE(r.items[0].partial);
  EXPECT_GE(r.items[0].length, cut);  // the header and the scan data before the foreign block
  EXPECT_LT(r.items[0].length, cut + foreign.size());
  EXPECT_TRUE(r.items[0].decoded);  // decoded as far as the scan data goes
}

TEST(CarveDump, JpegCutAtEndOfFileIsPartial) {
  TempDir dir;
  const DumpBytes face = demo_image("astronaut.jpg", ".jpg", 256);
  DumpBytes dump = random_block(1001, 9);
  dump.insert(dump.end(), face.begin(), face.begin() + static_cast<std::ptrdiff_t>(face.size() * 6 / 10));
  const auto r = carve_one(dir, dump, small_chunks());
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].offset, 1001u);
  EXPECT_TRUE(r.items[0].partial);
  EXPECT_EQ(r.items[0].length, face.size() * 6 / 10);
  EXPECT_EQ(r.totals.partial, 1u);
}

TEST(CarveDump, CutJpegBeforeErasedFlashEndsWhereTheImageEnds) {
  TempDir dir;
  const DumpBytes face = demo_image("astronaut.jpg", ".jpg", 256);
  DumpBytes cut(face.begin(), face.begin() + static_cast<std::ptrdiff_t>(face.size() / 2));
  while (cut.back() == 0x00 || cut.back() == 0xFF) cut.pop_back();
  DumpBytes dump = random_block(1 << 20, 21);
  std::fill(dump.begin() + 5000, dump.begin() + 300000, 0x00);  // zeroed, then erased space
  std::fill(dump.begin() + 300000, dump.begin() + 700000, 0xFF);
  plant(dump, 5003, cut);
  const auto r = carve_one(dir, dump, small_chunks());
  ASSERT_EQ(r.items.size(), 1u) << probes::to_json(r).dump(1);
  EXPECT_EQ(r.items[0].offset, 5003u);
  EXPECT_TRUE(r.items[0].partial);
  EXPECT_EQ(r.items[0].length, cut.size());
}

TEST(CarveDump, ExifThumbnailIsItsOwnItem) {
  TempDir dir;
  const DumpBytes thumb = demo_image("astronaut.jpg", ".jpg", 160);
  const DumpBytes photo = with_exif_thumbnail(demo_image("astronaut.jpg", ".jpg", 400), thumb);
  DumpBytes dump = random_block(512 * 1024, 13);
  plant(dump, 77777, photo);
  const auto r = carve_one(dir, dump, small_chunks());
  ASSERT_EQ(r.items.size(), 2u) << probes::to_json(r).dump(1);
  EXPECT_EQ(r.items[0].offset, 77777u);
  EXPECT_EQ(r.items[0].length, photo.size());
  EXPECT_EQ(r.items[0].container, "raw");
  EXPECT_EQ(r.items[1].offset, 77777u + 6 + 20);  // SOI, APP1 header, Exif and TIFF header
  EXPECT_EQ(r.items[1].length, thumb.size());
  EXPECT_EQ(r.items[1].container, "exif-thumbnail");
  EXPECT_EQ(r.items[1].width, 160);
  EXPECT_EQ(r.items[1].faces, 1);
}

// Found by fuzz_carver: a base64 PNG whose IHDR is cut off was read past the decoded bytes.
TEST(CarveDump, CutHeadersGiveNothing) {
  TempDir dir;
  const std::string text = "x iVBORw0KGgoAAAANSUhEUgAA BM6\x00\x00\x00\x00 RIFF";
  const auto r = carve_one(dir, DumpBytes(text.begin(), text.end()), small_chunks());
  EXPECT_TRUE(r.items.empty());
}

TEST(CarveDump, NoFacesLocatesWithoutDecoding) {
  TempDir dir;
  DumpBytes dump = random_block(300 * 1024, 17);
  plant(dump, 12345, demo_image("astronaut.jpg", ".jpg", 256));
  const auto r = carve_one(dir, dump, small_chunks(false));
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].faces, -1);
  EXPECT_FALSE(r.items[0].decoded);
  EXPECT_FALSE(r.faces_checked);
  EXPECT_EQ(r.items[0].sha256.size(), 64u);
}

TEST(CarveDump, EvidenceThumbnailIsWritten) {
  TempDir dir;
  DumpBytes dump = random_block(200 * 1024, 19);
  plant(dump, 4321, demo_image("astronaut.jpg", ".jpg", 256));
  CarveOptions o = small_chunks();
  o.evidence_dir = dir / "evidence";
  const auto r = carve_one(dir, dump, o);
  ASSERT_EQ(r.items.size(), 1u);
  ASSERT_FALSE(r.items[0].evidence.empty());
  EXPECT_TRUE(std::filesystem::exists(dir / "evidence" / r.items[0].evidence));
}

}  // namespace
}  // namespace facecert::test
