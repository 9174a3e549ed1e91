// 6.1.5: face recognition data and personal identity information stored apart; 6.2.4: face images
// and face features stored apart. What the device says of its layout is a claim; the verdict comes
// from reading every store back after enrolling a test subject and looking at what the records
// hold (the subject's name or ID number, image blobs, templates).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "facecert/harness/evidence_store.h"
#include "face_exercise.h"
#include "storage_checks.h"

namespace facecert::harness::cases {
namespace {

using drivers::Capability;

// `apart` is what must not share a store with face data: "identity" (6.1.5) or "face-feature"
// (6.2.4, face images apart from face features).
std::vector<std::string> violations(const std::vector<StoreContents>& stores, const std::string& apart) {
  std::vector<std::string> out;
  for (const auto& s : stores) {
    if (apart == "identity") {
      if (s.holds_claimed == "face+identity")
        out.push_back(fmt::format("store '{}' is declared by the device to hold face and identity data", s.name));
      if (s.mixed_records > 0)
        out.push_back(fmt::format("{} record(s) of store '{}' hold the subject's identity data together with "
                                  "face data",
                                  s.mixed_records, s.name));
      else if (s.with_identity > 0 && (s.with_face_image > 0 || s.with_face_feature > 0))
        out.push_back(fmt::format("store '{}' holds identity records and face data records", s.name));
    } else if (s.with_face_image > 0 && s.with_face_feature > 0) {
      out.push_back(fmt::format("store '{}' holds face images ({} record(s)) and face features ({})", s.name,
                                s.with_face_image, s.with_face_feature));
    }
  }
  return out;
}

CaseOutcome manual_with_dump(CaseContext& ctx, ExerciseLog& log) {
  CaseOutcome out;
  const CarvedDump carved = dump_and_carve(ctx, out.evidence);
  clean_up(ctx, log);
  out.verdict = Verdict::Manual;
  out.reason = fmt::format(
      "the driver cannot describe or read back the device's stores; the storage dump ({} bytes, {} image(s) "
      "carved, see storage-carve.json) is attached for the inspector to judge the layout",
      carved.dump.size, carved.report.items.size());
  return out;
}

CaseOutcome run(CaseContext& ctx) {
  drivers::Driver& d = *ctx.driver;
  const std::string apart = ctx.param("apart");
  if (apart != "identity" && apart != "face-feature")
    return {Verdict::Inconclusive, fmt::format("parameter apart='{}': expected identity or face-feature", apart), {}, {}};
  ExerciseLog log = exercise_with_faces(ctx);
  const bool readable = d.has(Capability::DescribeStorage) && d.has(Capability::ReadStore);
  if (!readable && d.has(Capability::DumpStorage)) return manual_with_dump(ctx, log);
  if (!readable) {
    clean_up(ctx, log);
    return {Verdict::Manual, "the driver can neither read the device's stores back nor dump its storage", {}, {}};
  }

  std::vector<StoreContents> stores;
  nlohmann::json layout = nlohmann::json::array();
  for (const auto& store : d.describe_storage()) {
    ctx.progress(fmt::format("reading store '{}' back", store.name));
    const auto records = d.read_store(store.name);
    stores.push_back(judge_store(store, records));
    layout.push_back({{"store", store.name},
                      {"holds", store.holds},
                      {"location_kind", store.location_kind},
                      {"location", store.location},
                      {"fields", store.fields},
                      {"judged", stores.back().to_json()}});
  }
  clean_up(ctx, log);

  CaseOutcome out;
  out.evidence.push_back(ctx.evidence.add_json(
      ctx.plan_case.id, "storage-layout.json", {{"stores", layout}, {"steps", log.steps}},
      "the device's stores as it describes them, and what their records held after enrolling a test subject "
      "(counts only, no values)"));
  std::vector<std::string> identity_in, face_in, image_in, feature_in;
  for (const auto& s : stores) {
    if (s.with_identity > 0) identity_in.push_back(s.name);
    if (s.with_face_image > 0 || s.with_face_feature > 0) face_in.push_back(s.name);
    if (s.with_face_image > 0) image_in.push_back(s.name);
    if (s.with_face_feature > 0) feature_in.push_back(s.name);
  }
  out.measurements = {{"stores", stores.size()},
                      {"stores_with_identity", identity_in.size()},
                      {"stores_with_face_data", face_in.size()}};
  const auto bad = violations(stores, apart);
  if (!bad.empty()) {
    out.verdict = Verdict::Fail;
    out.reason = fmt::format("{}", fmt::join(bad, "; "));
  } else if (face_in.empty() || (apart == "identity" && identity_in.empty())) {
    out.verdict = Verdict::Inconclusive;
    out.reason = fmt::format("after enrolling a test subject, {} was found in no store read back: the layout "
                             "cannot be judged from the records",
                             face_in.empty() ? "face data" : "its identity data");
  } else if (apart == "identity") {
    out.verdict = Verdict::Pass;
    out.reason = fmt::format("face data in {}, identity data in {}; no store or record holds both",
                             fmt::join(face_in, ", "), fmt::join(identity_in, ", "));
  } else {
    out.verdict = Verdict::Pass;
    out.reason = fmt::format("face images in {}, face features in {}; no store holds both",
                             image_in.empty() ? "no store read back" : fmt::format("{}", fmt::join(image_in, ", ")),
                             feature_in.empty() ? "no store read back" : fmt::format("{}", fmt::join(feature_in, ", ")));
  }
  return out;
}

const CaseTypeRegistration kRegistration{{
    "storage.separate-stores",
    "face data is stored apart from identity data (or face images apart from face features), judged by "
    "reading the stores back",
    {{"apart", "identity", "what must not share a store with face data: identity (6.1.5) or face-feature (6.2.4)",
      false}},
    {Capability::Enrol},
    true,
    false,
    run,
}};

}  // namespace
}  // namespace facecert::harness::cases
