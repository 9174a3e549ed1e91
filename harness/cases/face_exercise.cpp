#include "face_exercise.h"

#include <functional>

#include <fmt/format.h>

#include "facecert/datasets/demo_media.h"
#include "facecert/probes/hashing.h"
#include "facecert/harness/run_state.h"

namespace facecert::harness::cases {
namespace {

PresentedBytes remember(CaseContext& ctx, ExerciseLog& log, const drivers::Image& img,
                        const std::string& purpose) {
  PresentedBytes p{purpose, probes::sha256_hex(std::span<const std::uint8_t>(img.bytes)), img.bytes.size()};
  ctx.state.add_presented({p.sha256, purpose, ctx.plan_case.id, now_iso8601(), img.bytes});
  log.presented.push_back(p);
  return p;
}

nlohmann::json answer(const drivers::MatchResult& r) {
  return {{"decision", std::string(drivers::to_string(r.decision))},
          {"person_id", r.person_id},
          {"score", r.score}};
}

}  // namespace

drivers::Image face_image(const CaseContext& ctx, const std::string& name, std::uint32_t seed) {
  const auto base = static_cast<std::uint32_t>(std::hash<std::string>{}(ctx.plan_case.id));
  drivers::Image img;
  img.bytes = datasets::encode_jpeg(datasets::vary(datasets::load_demo_image(name), base + seed));
  img.mime = "image/jpeg";
  return img;
}

ExerciseLog exercise_with_faces(CaseContext& ctx) {
  using drivers::Capability;
  ExerciseLog log;
  drivers::Driver& d = *ctx.driver;
  if (d.has(Capability::Enrol)) {
    const auto img = face_image(ctx, "astronaut.jpg", 1);
    remember(ctx, log, img, "enrolment");
    ctx.progress("enrolling a test subject");
    const auto r = d.enrol({kTestSubjectName, kTestSubjectIdNumber}, img);
    log.enrolled_person = r.person_id;
    log.steps.push_back({{"step", "enrol"}, {"person_id", r.person_id}});
    // 7.0: face features are face data too; a device that exports them makes them travel.
    if (d.has(Capability::ExportTemplate) && !ctx.stop.stop_requested()) {
      ctx.progress("exporting the subject's face template");
      const auto t = d.export_template(r.person_id);
      log.templates_exported += 1;
      log.steps.push_back({{"step", "export_template"},
                           {"person_id", r.person_id},
                           {"algorithm", t.algorithm},
                           {"dims", t.dims}});
    }
  }
  if (ctx.stop.stop_requested()) return log;
  if (d.has(Capability::Identify)) {
    const auto img = face_image(ctx, "astronaut.jpg", 2);
    remember(ctx, log, img, "identification");
    ctx.progress("1:N identification");
    log.steps.push_back({{"step", "identify"}, {"answer", answer(d.identify(img))}});
  }
  if (ctx.stop.stop_requested()) return log;
  if (d.has(Capability::Verify)) {
    const auto doc = face_image(ctx, "astronaut.jpg", 3);
    const auto live = face_image(ctx, "astronaut.jpg", 4);
    remember(ctx, log, doc, "verification-id-document");
    remember(ctx, log, live, "verification-live");
    ctx.progress("1:1 verification");
    log.steps.push_back({{"step", "verify"}, {"answer", answer(d.verify(doc, live))}});
  }
  return log;
}

void clean_up(CaseContext& ctx, ExerciseLog& log) {
  if (log.enrolled_person.empty() || !ctx.driver->has(drivers::Capability::DeletePerson)) return;
  try {
    ctx.driver->delete_person(log.enrolled_person);
    log.steps.push_back({{"step", "delete_person"}, {"person_id", log.enrolled_person}});
  } catch (const std::exception& e) {
    log.steps.push_back({{"step", "delete_person"}, {"error", e.what()}});
  }
}

}  // namespace facecert::harness::cases
