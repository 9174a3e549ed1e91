// 6.1.2 by the storage itself: an API that lists no file is not proof the image is gone. After
// verifications and identifications (and the subject's deletion), the device's storage dump is
// carved; a presented capture or ID-document image still in it, byte for byte or as a re-encoded
// near-duplicate, is the decisive evidence that it was kept.
#include <chrono>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "facecert/harness/evidence_store.h"
#include "face_exercise.h"
#include "storage_checks.h"

namespace facecert::harness::cases {
namespace {

using drivers::Capability;

CaseOutcome run(CaseContext& ctx) {
  drivers::Driver& d = *ctx.driver;
  if (!d.has(Capability::Identify) && !d.has(Capability::Verify))
    return {Verdict::NotApplicable, "the device neither verifies nor identifies", {}, {}};
  ExerciseLog log = exercise_with_faces(ctx);
  std::this_thread::sleep_for(std::chrono::milliseconds(ctx.param_int("grace_ms")));
  clean_up(ctx, log);

  CaseOutcome out;
  out.evidence.push_back(ctx.evidence.add_json(ctx.plan_case.id, "exercise.json", {{"steps", log.steps}},
                                               "what the device was asked and answered"));
  const CarvedDump carved = dump_and_carve(ctx, out.evidence);
  std::size_t captures = 0;
  for (const auto& p : log.presented) captures += p.purpose != "enrolment";

  // Any presented capture of the run counts, not only this case's: a device that kept an earlier
  // case's image kept it all the same.
  std::vector<std::string> kept, enrolment, other_faces;
  for (std::size_t i = 0; i < carved.report.items.size(); ++i) {
    const auto& item = carved.report.items[i];
    const PresentedImage* p = carved.matches[i] ? &carved.presented[*carved.matches[i]] : nullptr;
    if (p && p->purpose != "enrolment")
      kept.push_back(fmt::format("{}, {}", which_presentation(*p), where_found(item)));
    else if (p)
      enrolment.push_back(where_found(item));
    else if (item.faces > 0)
      other_faces.push_back(where_found(item));
  }
  out.measurements = {{"presented_captures", captures},
                      {"presented_in_run", carved.presented.size()},
                      {"dump_bytes", carved.dump.size},
                      {"images_in_dump", carved.report.items.size()},
                      {"presented_captures_found", kept.size()},
                      {"enrolment_images_found", enrolment.size()},
                      {"other_face_images_found", other_faces.size()}};
  if (captures == 0) {
    out.verdict = Verdict::Inconclusive;
    out.reason = "no capture could be presented to the device";
  } else if (!kept.empty()) {
    out.verdict = Verdict::Fail;
    out.reason = fmt::format("{} presented capture image(s) still on the device's storage after verification/"
                             "identification: {}",
                             kept.size(), fmt::join(kept, "; "));
  } else {
    out.verdict = Verdict::Pass;
    out.reason = fmt::format(
        "{} capture image(s) presented; none of the run's {} presented images, exactly or re-encoded, is in "
        "the {} byte storage dump ({} image(s) found in it{})",
        captures, carved.presented.size(), carved.dump.size, carved.report.items.size(),
        enrolment.empty() ? "" : fmt::format(", {} of them the enrolment image", enrolment.size()));
  }
  if (!enrolment.empty() && out.verdict != Verdict::Inconclusive)
    out.reason += fmt::format("; note: the enrolment image is still stored after the subject was deleted ({})",
                              fmt::join(enrolment, "; "));
  return out;
}

const CaseTypeRegistration kRegistration{{
    "storage.no-residual-images-in-dump",
    "after 1:1 verification and 1:N identification no presented image is found by carving the device's storage",
    {{"grace_ms", "1000", "how long the device may take to delete (ms)", false}},
    {Capability::DumpStorage},
    true,
    false,
    run,
}};

}  // namespace
}  // namespace facecert::harness::cases
