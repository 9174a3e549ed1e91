#include <gtest/gtest.h>

#include <fstream>

#include "facecert/reports/writer.h"
#include "reports/sample_run.h"

namespace facecert::reports {
namespace {

using namespace facecert::reports::testing;

TEST(ReportRegistry, FindsTheBuiltInWritersByName) {
  const auto names = ReportRegistry::instance().names();
  for (const char* n : {"html", "json", "junit"})
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(ReportRegistry::instance().find("json")->file_name(), "result.json");
  EXPECT_EQ(ReportRegistry::instance().find("html")->file_name(), "report.html");
  EXPECT_EQ(ReportRegistry::instance().find("no-such-format"), nullptr);
}

struct DummyWriter final : ReportWriter {
  std::string name() const override { return "dummy"; }
  std::string file_name() const override { return "dummy.txt"; }
  void write(const harness::RunRecord&, const std::filesystem::path&,
             const WriteOptions&) const override {}
};

TEST(ReportRegistry, RefusesTheSameNameTwice) {
  ReportRegistry registry;
  registry.add(std::make_unique<DummyWriter>());
  EXPECT_THROW(registry.add(std::make_unique<DummyWriter>()), std::logic_error);
}

TEST(ReportWriters, UnwritablePathThrowsNamingIt) {
  const auto dir = fresh_dir("unwritable");
  const auto blocker = dir / "not-a-directory";
  std::ofstream(blocker) << "x";
  for (const char* name : {"json", "junit", "html"}) {
    const auto* writer = ReportRegistry::instance().find(name);
    ASSERT_NE(writer, nullptr) << name;
    const auto target = blocker / writer->file_name();  // parent is a file: nobody can write here
    try {
      writer->write(sample_run(), target, {});
      ADD_FAILURE() << name << " wrote to " << target;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(target.string()), std::string::npos) << e.what();
    }
  }
}

TEST(ReportWriters, LeaveNoTempFileBehind) {
  const auto dir = fresh_dir("tidy");
  for (const char* name : {"json", "junit", "html"}) {
    const auto* writer = ReportRegistry::instance().find(name);
    writer->write(sample_run(), dir / writer->file_name(), {});
  }
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++files;
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
  }
  EXPECT_EQ(files, 3u);
}

}  // namespace
}  // namespace facecert::reports
