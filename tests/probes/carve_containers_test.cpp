// Storage carving of what a device's data directory holds (6.1.2, 6.1.5): SQLite blobs named by
// table, column and rowid, deleted rows still in the file, tar members, directories with entries
// that cannot be read, and inputs that are not there.
#include <sys/stat.h>

#include <cstdlib>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "facecert/probes/storage_carver.h"
#include "probes/carve_dump_support.h"
#include "probes/frame_builder_support.h"

namespace facecert::test {
namespace {

void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
}

void insert_blob(sqlite3* db, int id, const DumpBytes& blob) {
  sqlite3_stmt* s = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "INSERT INTO faces(id, name, photo) VALUES (?, 'someone', ?)", -1, &s, nullptr),
            SQLITE_OK);
  sqlite3_bind_int(s, 1, id);
  sqlite3_bind_blob(s, 2, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
  EXPECT_EQ(sqlite3_step(s), SQLITE_DONE);
  sqlite3_finalize(s);
}

TEST(CarveContainers, SqliteBlobsAreNamedAndDeletedRowsStillFound) {
  TempDir dir;
  const auto file = dir / "faces.db";
  const DumpBytes big = demo_image("astronaut.jpg", ".jpg", 256);    // spills into overflow pages
  const DumpBytes small = demo_image("messi5.jpg", ".jpg", 48, 60);  // fits in one page
  const DumpBytes deleted = demo_image("fruits.jpg", ".jpg", 40, 60);
  ASSERT_LT(small.size(), 3000u);
  ASSERT_LT(deleted.size(), 3000u);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  exec(db, "PRAGMA secure_delete = OFF; CREATE TABLE faces(id INTEGER PRIMARY KEY, name TEXT, photo BLOB);");
  insert_blob(db, 1, big);
  insert_blob(db, 2, small);
  insert_blob(db, 3, deleted);
  exec(db, "DELETE FROM faces WHERE id = 3;");
  sqlite3_close(db);

  probes::CarveOptions o;
  const auto r = probes::carve_storage({file}, o);
  ASSERT_EQ(r.sources.size(), 1u);
  EXPECT_EQ(r.sources[0].kind, "sqlite");
  std::vector<std::string> containers;
  for (const auto& i : r.items) containers.push_back(i.container);
  // The deleted row is found by the raw scan only; the live ones once each, under their table.
  ASSERT_EQ(r.items.size(), 3u) << probes::to_json(r).dump(1);
  EXPECT_EQ(r.items[0].container, "raw");
  EXPECT_EQ(r.items[0].length, deleted.size());
  EXPECT_EQ(r.items[1].container, "sqlite:faces.photo rowid=1");
  EXPECT_EQ(r.items[1].length, big.size());
  EXPECT_EQ(r.items[1].faces, 1);
  EXPECT_EQ(r.items[2].container, "sqlite:faces.photo rowid=2");
  EXPECT_EQ(r.items[2].length, small.size());
}

TEST(CarveContainers, TarMembersNameTheImages) {
  TempDir dir;
  std::filesystem::create_directories(dir / "data/photos");
  write_file(dir / "data/log.bin", random_block(5000, 1));
  const DumpBytes face = demo_image("astronaut.jpg", ".jpg", 256);
  write_file(dir / "data/photos/face-0001.jpg", face);
  const std::string cmd = "tar -C " + dir.path.string() + " --format=ustar -cf " + (dir / "dump.tar").string() +
                          " data/log.bin data/photos/face-0001.jpg";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  const auto r = probes::carve_storage({dir / "dump.tar"}, {});
  ASSERT_EQ(r.items.size(), 1u) << probes::to_json(r).dump(1);
  EXPECT_EQ(r.sources[0].kind, "tar");
  EXPECT_EQ(r.items[0].container, "tar:data/photos/face-0001.jpg");
  EXPECT_EQ(r.items[0].offset % 512, 0u);
  EXPECT_EQ(r.items[0].length, face.size());
  EXPECT_EQ(r.items[0].faces, 1);
}

TEST(CarveContainers, DirectoryEntriesThatCannotBeReadAreWarnings) {
  TempDir dir;
  std::filesystem::create_directories(dir / "data/sub");
  write_file(dir / "data/sub/a.bin", demo_image("astronaut.jpg", ".jpg", 200));
  write_file(dir / "data/empty.bin", {});
  ASSERT_EQ(::mkfifo((dir / "data/pipe").c_str(), 0600), 0);
  std::filesystem::create_symlink(dir / "data/gone.jpg", dir / "data/dangling");
  const auto r = probes::carve_storage({dir / "data"}, {});
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].source, (dir / "data/sub/a.bin").string());
  EXPECT_EQ(r.sources.size(), 2u);  // a.bin and the empty file
  ASSERT_EQ(r.warnings.size(), 3u) << probes::to_json(r).dump(1);
  const std::string all = r.warnings[0] + "\n" + r.warnings[1] + "\n" + r.warnings[2];
  EXPECT_NE(all.find("dangling: dangling symlink"), std::string::npos) << all;
  EXPECT_NE(all.find("empty.bin: empty file"), std::string::npos) << all;
  EXPECT_NE(all.find("pipe: a FIFO, skipped"), std::string::npos) << all;
}

TEST(CarveContainers, NamesFromTheDeviceAreOneLineOfUtf8) {
  TempDir dir;
  std::filesystem::create_directories(dir / "data");
  write_file(dir / "data" / "bad\nname\xff.bin", {});
  const auto r = probes::carve_storage({dir / "data"}, {});
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("bad\\x0Aname\\xFF.bin: empty file"), std::string::npos) << r.warnings[0];
}

TEST(CarveContainers, BadTopLevelInputsAreErrorsNamingThem) {
  TempDir dir;
  try {
    probes::carve_storage({dir / "missing.img"}, {});
    FAIL() << "no error";
  } catch (const probes::CarveInputError& e) {
    EXPECT_EQ(std::string(e.what()), (dir / "missing.img").string() + ": no such file or directory");
  }
  ASSERT_EQ(::mkfifo((dir / "pipe").c_str(), 0600), 0);
  EXPECT_THROW(probes::carve_storage({dir / "pipe"}, {}), probes::CarveInputError);
  write_file(dir / "empty.img", {});
  const auto r = probes::carve_storage({dir / "empty.img"}, {});
  EXPECT_TRUE(r.items.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("empty file"), std::string::npos);
}

}  // namespace
}  // namespace facecert::test
