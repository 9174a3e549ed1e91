// 6.1.2: verification must delete the ID document's original image right after verifying, and
// identification must delete the face image right after identifying. The device is listed before
// and after the presentations; any stored file whose bytes are a presented capture, and any new
// file of a capture category, is evidence that the image was kept.
#include <chrono>
#include <map>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "face_exercise.h"
#include "facecert/harness/evidence_store.h"

namespace facecert::harness::cases {
namespace {

using drivers::Capability;

nlohmann::json media_json(const std::vector<drivers::StoredMedia>& media) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& m : media)
    a.push_back({{"path", m.path}, {"category", m.category}, {"size", m.size},
                 {"sha256", m.sha256}, {"modified", m.modified}});
  return a;
}

// Categories a device uses for what the camera or the document reader delivered. Enrolment images
// and templates are the gallery, which the clause lets the device keep.
bool is_capture_category(const std::string& c) {
  return c == "capture" || c == "id-document" || c == "snapshot" || c == "frame";
}

CaseOutcome run(CaseContext& ctx) {
  drivers::Driver& d = *ctx.driver;
  if (!d.has(Capability::Identify) && !d.has(Capability::Verify))
    return {Verdict::NotApplicable, "the device neither verifies nor identifies", {}, {}};

  const auto before = d.list_media();
  std::map<std::string, std::string> known_before;  // path -> sha256
  for (const auto& m : before) known_before[m.path] = m.sha256;

  ExerciseLog log = exercise_with_faces(ctx);
  // "Right after": the device gets a short grace period, then must hold nothing of the captures.
  std::this_thread::sleep_for(std::chrono::milliseconds(ctx.param_int("grace_ms")));
  const auto after = d.list_media();
  clean_up(ctx, log);

  std::map<std::string, const PresentedBytes*> captures;  // sha256 -> presented capture
  for (const auto& p : log.presented)
    if (p.purpose != "enrolment") captures[p.sha256] = &p;

  nlohmann::json kept = nlohmann::json::array();
  std::vector<std::string> lines;
  for (const auto& m : after) {
    const bool is_new = !known_before.count(m.path) || known_before[m.path] != m.sha256;
    auto hit = captures.find(m.sha256);
    if (hit != captures.end()) {
      kept.push_back({{"path", m.path}, {"sha256", m.sha256}, {"matches", hit->second->purpose}});
      lines.push_back(fmt::format("{} (identical to the {} image presented)", m.path,
                                  hit->second->purpose));
    } else if (is_new && is_capture_category(m.category)) {
      kept.push_back({{"path", m.path}, {"sha256", m.sha256}, {"category", m.category}});
      lines.push_back(fmt::format("{} (new {} file)", m.path, m.category));
    }
  }

  CaseOutcome out;
  out.measurements = {{"presented_captures", captures.size()},
                      {"media_before", before.size()},
                      {"media_after", after.size()},
                      {"kept_files", kept.size()},
                      {"grace_ms", ctx.param_int("grace_ms")}};
  out.evidence.push_back(ctx.evidence.add_json(
      ctx.plan_case.id, "storage-check.json",
      {{"steps", log.steps}, {"media_before", media_json(before)}, {"media_after", media_json(after)},
       {"kept", kept}},
      "device media listed before and after the presentations, and what was kept"));
  if (captures.empty()) {
    out.verdict = Verdict::Inconclusive;
    out.reason = "no capture could be presented to the device";
  } else if (!kept.empty()) {
    out.verdict = Verdict::Fail;
    out.reason = fmt::format("the device kept {} capture image(s) after verification/identification: {}",
                             kept.size(), fmt::join(lines, "; "));
  } else {
    out.verdict = Verdict::Pass;
    out.reason = fmt::format(
        "{} capture image(s) presented for verification/identification; none of them, and no new "
        "capture file, was on the device's storage {} ms later ({} media files listed)",
        captures.size(), ctx.param_int("grace_ms"), after.size());
  }
  return out;
}

const CaseTypeRegistration kRegistration{{
    "storage.no-residual-captures",
    "after 1:1 verification and 1:N identification no presented image remains on the device",
    {{"grace_ms", "1000", "how long the device may take to delete (ms)", false}},
    {Capability::ListMedia},
    true,
    false,
    run,
}};

}  // namespace
}  // namespace facecert::harness::cases
