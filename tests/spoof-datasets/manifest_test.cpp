// The manifest CSV: columns, RFC 4180 quoting, extra columns kept, errors naming file and line.
#include <gtest/gtest.h>

#include "facecert/datasets/manifest.h"
#include "spoof-datasets/dataset_test_support.h"

namespace fd = facecert::datasets;
using facecert::test::datasets::ScratchDir;

namespace {

std::string error_of(const std::filesystem::path& csv) {
  try {
    fd::read_manifest(csv);
  } catch (const fd::DatasetError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Manifest, ReadsColumnsQuotingAndExtra) {
  ScratchDir d;
  const auto csv = d.file("set/m.csv",
                          "\xEF\xBB\xBF" "file,kind,subject,instrument,lab_note\r\n"
                          "a.jpg,bona_fide,alice,,\r\n"
                          "\n"
                          "\"b, c.png\",print,alice,\"inkjet \"\"300\"\" dpi\",\"two\nlines\"\r\n"
                          "/abs/v.avi,silicone_mask,bob,mask,x\n");
  const auto ds = fd::read_manifest(csv);
  EXPECT_EQ(ds.name, "set");
  ASSERT_EQ(ds.items.size(), 3u);
  EXPECT_TRUE(ds.items[0].is_bona_fide());
  EXPECT_TRUE(ds.items[0].extra.empty());
  EXPECT_EQ(ds.items[1].file, "b, c.png");
  EXPECT_EQ(ds.items[1].instrument, "inkjet \"300\" dpi");
  EXPECT_EQ(ds.items[1].extra.at("lab_note"), "two\nlines");
  EXPECT_EQ(ds.items[1].line, 4u);
  EXPECT_EQ(ds.items[2].line, 6u);
  EXPECT_EQ(ds.items[2].kind, "silicone_mask");
  EXPECT_EQ(fd::resolve(ds, ds.items[0]), ds.root / "a.jpg");
  EXPECT_EQ(fd::resolve(ds, ds.items[2]), std::filesystem::path("/abs/v.avi"));
}

TEST(Manifest, WriteThenReadRoundTrips) {
  ScratchDir d;
  fd::Dataset ds;
  fd::DatasetItem a;
  a.file = "x y/a.jpg";
  a.kind = fd::kBonaFide;
  a.subject = "s,1";
  a.conditions = " indoor ";
  a.split = "enrol";
  a.extra["camera"] = "phone \"A\"";
  fd::DatasetItem b;
  b.file = "b.mov";
  b.kind = "replay";
  b.subject = "s2";
  b.instrument = "tablet\nscreen";
  ds.items = {a, b};
  fd::write_manifest(d.path / "m.csv", ds);
  const auto back = fd::read_manifest(d.path / "m.csv");
  ASSERT_EQ(back.items.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(back.items[i].file, ds.items[i].file);
    EXPECT_EQ(back.items[i].kind, ds.items[i].kind);
    EXPECT_EQ(back.items[i].subject, ds.items[i].subject);
    EXPECT_EQ(back.items[i].instrument, ds.items[i].instrument);
    EXPECT_EQ(back.items[i].conditions, ds.items[i].conditions);
    EXPECT_EQ(back.items[i].split, ds.items[i].split);
    EXPECT_EQ(back.items[i].extra, ds.items[i].extra);
  }
}

TEST(Manifest, ErrorsNameFileAndLine) {
  ScratchDir d;
  EXPECT_NE(error_of(d.file("e.csv", "")).find("e.csv: empty manifest"), std::string::npos);
  EXPECT_NE(error_of(d.file("m.csv", "file,kind\na.jpg,print\n")).find("m.csv:1: missing required column 'subject'"),
            std::string::npos);
  EXPECT_NE(error_of(d.file("n.csv", "file,kind,subject\na.jpg,print\n")).find("n.csv:2: 2 fields, the header has 3"),
            std::string::npos);
  EXPECT_NE(error_of(d.file("f.csv", "file,kind,subject\n\n,print,s\n")).find("f.csv:3: empty file"), std::string::npos);
  EXPECT_NE(error_of(d.file("k.csv", "file,kind,subject\na.jpg,,s\n")).find("k.csv:2: empty kind"), std::string::npos);
  const auto bad_kind = error_of(d.file("b.csv", "file,kind,subject\na.jpg,Print,s\n"));
  EXPECT_NE(bad_kind.find("b.csv:2: kind 'Print' is neither bona_fide nor a species label"), std::string::npos)
      << bad_kind;
  EXPECT_NE(error_of(d.file("q.csv", "file,kind,subject\n\"a.jpg,print,s\n")).find("q.csv:2: unterminated quoted field"),
            std::string::npos);
  EXPECT_NE(error_of(d.path / "none.csv").find("none.csv: cannot read"), std::string::npos);
}

TEST(Manifest, MediaKindByExtension) {
  EXPECT_EQ(fd::media_kind_of("a.JPG"), fd::MediaKind::Image);
  EXPECT_EQ(fd::media_kind_of("a.webp"), fd::MediaKind::Image);
  EXPECT_EQ(fd::media_kind_of("a.MOV"), fd::MediaKind::Video);
  EXPECT_EQ(fd::media_kind_of("a.avi"), fd::MediaKind::Video);
  EXPECT_EQ(fd::media_kind_of("a.txt"), fd::MediaKind::Unknown);
  EXPECT_EQ(fd::media_kind_of("noext"), fd::MediaKind::Unknown);
}

}  // namespace
