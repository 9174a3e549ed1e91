// The refdev's ustar writer (storage dumps), read back by a strict reader and by GNU tar.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <unistd.h>

#include "tar_reader_support.h"
#include "tar_writer.h"

namespace facecert::refdev {
namespace {

using facecert::testing::find_entry;
using facecert::testing::read_tar;

std::string gnu_tar_listing(const std::string& archive) {
  const auto file = std::filesystem::temp_directory_path() /
                    fmt::format("facecert-tar-writer-{}.tar", ::getpid());
  std::ofstream(file, std::ios::binary) << archive;
  const std::string listing = facecert::testing::gnu_tar_listing(file);
  std::filesystem::remove(file);
  return listing;
}

TEST(RefdevTarWriter, WritesFilesFoldersAndLongPathsGnuTarAccepts) {
  std::string archive;
  TarWriter tar(archive);
  const std::string long_dir(120, 'd');  // longer than ustar's 100-byte name: goes to prefix
  const std::string content(1000, 'x');
  tar.add_directory("faces", 0755, 1700000000);
  tar.add_file("faces/a.jpg", content, 0600, 1700000000);
  tar.add_file("empty.txt", "", 0644, 1700000000);
  tar.add_file(long_dir + "/file.bin", "abc", 0644, 1700000000);
  tar.finish();

  EXPECT_EQ(archive.size() % 512, 0u);
  const auto entries = read_tar(archive);
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0].path, "faces/");
  EXPECT_EQ(entries[0].type, '5');
  ASSERT_NE(find_entry(entries, "faces/a.jpg"), nullptr);
  EXPECT_EQ(find_entry(entries, "faces/a.jpg")->content, content);
  ASSERT_NE(find_entry(entries, long_dir + "/file.bin"), nullptr);
  EXPECT_EQ(find_entry(entries, "empty.txt")->content, "");

  const std::string listing = gnu_tar_listing(archive);
  EXPECT_NE(listing.find("faces/a.jpg"), std::string::npos) << listing;
  EXPECT_NE(listing.find(long_dir + "/file.bin"), std::string::npos) << listing;
  EXPECT_NE(listing.find("1000"), std::string::npos) << listing;
  EXPECT_NE(listing.find("exit 0"), std::string::npos) << listing;
}

TEST(RefdevTarWriter, RefusesAPathUstarCannotHold) {
  std::string archive;
  TarWriter tar(archive);
  EXPECT_THROW(tar.add_file(std::string(101, 'n'), "x", 0644, 0), std::invalid_argument);
  EXPECT_THROW(tar.add_file(std::string(160, 'p') + "/name", "x", 0644, 0), std::invalid_argument);
  EXPECT_THROW(tar.add_file("", "x", 0644, 0), std::invalid_argument);
}

TEST(RefdevTarWriter, AChangedHeaderByteFailsTheChecksum) {
  std::string archive;
  TarWriter tar(archive);
  tar.add_file("a", "x", 0644, 0);
  tar.finish();
  archive[0] = 'b';
  EXPECT_THROW(read_tar(archive), std::runtime_error);
}

}  // namespace
}  // namespace facecert::refdev
