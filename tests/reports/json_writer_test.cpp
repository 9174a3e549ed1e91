#include <gtest/gtest.h>

#include "facecert/reports/result_json.h"
#include "facecert/reports/writer.h"
#include "reports/sample_run.h"

namespace facecert::reports {
namespace {

using namespace facecert::reports::testing;
using nlohmann::json;

json write_and_parse(const harness::RunRecord& run, const WriteOptions& options, std::string* text) {
  const auto* writer = ReportRegistry::instance().find("json");
  if (!writer) throw std::runtime_error("json writer not registered");
  const auto path = fresh_dir("json") / writer->file_name();
  writer->write(run, path, options);
  *text = read_text(path);
  return json::parse(*text);
}

TEST(JsonWriter, WritesDocumentConformingToSchema) {
  std::string text;
  const auto doc = write_and_parse(sample_run(), {}, &text);
  EXPECT_EQ(doc["schema"], "facecert.result/1");
  const auto errors = schema_violations(result_schema(), doc);
  EXPECT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(doc["cases"].size(), 6u);
  const char* words[] = {"pass", "fail", "inconclusive", "not_applicable", "manual", "not_run"};
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(doc["cases"][i]["verdict"], words[i]);
  EXPECT_EQ(doc["run"]["plan"]["id"], "SH-2021-5");
  EXPECT_EQ(doc["run"]["complete"], true);
  EXPECT_EQ(doc["cases"][1]["evidence"][0]["path"], "evidence/capture.pcapng");
  EXPECT_EQ(doc["cases"][1]["evidence"][0]["sha256"], std::string(64, 'b'));
  EXPECT_EQ(doc["cases"][0]["measurements"]["threshold"], 5);
  EXPECT_DOUBLE_EQ(doc["cases"][0]["duration_s"].get<double>(), 1.25);
}

TEST(JsonWriter, SchemaCheckerCatchesBrokenDocuments) {  // the checker above can fail
  std::string text;
  auto doc = write_and_parse(sample_run(), {}, &text);
  const auto schema = result_schema();
  auto bad_word = doc;
  bad_word["cases"][2]["verdict"] = "passed";
  EXPECT_FALSE(schema_violations(schema, bad_word).empty());
  auto missing = doc;
  missing["cases"][0].erase("reason");
  EXPECT_FALSE(schema_violations(schema, missing).empty());
  auto bad_type = doc;
  bad_type["run"]["complete"] = "yes";
  EXPECT_FALSE(schema_violations(schema, bad_type).empty());
}

TEST(JsonWriter, SummaryCountsEveryVerdict) {
  std::string text;
  const auto s = write_and_parse(sample_run(), {}, &text)["summary"];
  for (const char* w : {"pass", "fail", "inconclusive", "not_applicable", "manual", "not_run"})
    EXPECT_EQ(s["counts"][w], 1) << w;
  EXPECT_EQ(s["planned_cases"], 6);
  EXPECT_EQ(s["decided_cases"], 6);
  EXPECT_EQ(s["overall"], "fail");
}

TEST(JsonWriter, OverallIsInconclusiveWithoutFailAndPassOnlyWhenEarned) {
  auto run = sample_run();
  run.cases.erase(run.cases.begin() + 1);  // drop the fail
  run.planned_cases = 5;
  EXPECT_EQ(result_json(run, {})["summary"]["overall"], "inconclusive");
  run.cases.erase(run.cases.begin() + 1);  // drop the inconclusive
  run.planned_cases = 4;
  // pass, not_applicable, manual, not_run left: the inspector still has to conclude.
  EXPECT_EQ(result_json(run, {})["summary"]["overall"], "manual");
  {
    auto only_pass = run;
    only_pass.cases.resize(2);  // pass and not_applicable
    only_pass.planned_cases = 2;
    EXPECT_EQ(result_json(only_pass, {})["summary"]["overall"], "pass");
  }
  run.planned_cases = 5;  // one planned case never decided
  EXPECT_EQ(result_json(run, {})["summary"]["overall"], "inconclusive");
  run.planned_cases = 4;
  run.finished.clear();  // crashed run
  const auto doc = result_json(run, {});
  EXPECT_EQ(doc["summary"]["overall"], "inconclusive");
  EXPECT_EQ(doc["run"]["complete"], false);
  run.cases.clear();
  run.planned_cases = 0;
  run.finished = "2024-05-01T08:10:00Z";
  EXPECT_EQ(result_json(run, {})["summary"]["overall"], "inconclusive");
}

TEST(JsonWriter, MasksIdentityDataUnlessAskedNotTo) {
  std::string text;
  const auto doc = write_and_parse(sample_run(), {}, &text);
  EXPECT_EQ(text.find(kIdNumber), std::string::npos);
  EXPECT_EQ(text.find(kIdNumberX), std::string::npos);
  EXPECT_EQ(text.find(kMobile), std::string::npos);
  EXPECT_NE(doc["cases"][1]["reason"].get<std::string>().find(kIdMasked), std::string::npos);
  EXPECT_EQ(doc["cases"][1]["measurements"]["sample"], std::string("身份证 ") + kIdMaskedX);
  EXPECT_EQ(doc["run"]["device"]["info"]["serial"], kMobileMasked);

  WriteOptions raw;
  raw.redact = false;
  write_and_parse(sample_run(), raw, &text);
  EXPECT_NE(text.find(kIdNumber), std::string::npos);
}

}  // namespace
}  // namespace facecert::reports
