// 6.1.5 / 6.2.4: at the end of the use period face data is deleted automatically (or anonymised).
// A short retention is set through the driver, a test subject enrolled and presented, and the
// device watched (bounded, with progress) until the subject's data is gone by its API; then its
// storage is carved, since "deleted" by the API is not proof the images are gone.
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
using Clock = std::chrono::steady_clock;

// What of the subject the device still holds, as its API shows it; empty: nothing.
std::vector<std::string> still_held(drivers::Driver& d, const ExerciseLog& log) {
  std::vector<std::string> held;
  if (d.has(Capability::DescribeStorage) && d.has(Capability::ReadStore)) {
    for (const auto& store : d.describe_storage()) {
      const auto records = d.read_store(store.name);
      const StoreContents c = judge_store(store, records);
      if (c.with_identity > 0) held.push_back(fmt::format("{} record(s) with the subject's identity in '{}'", c.with_identity, store.name));
      std::size_t images = 0;
      for (const auto& r : records)
        for (const auto& [field, v] : r)
          for (const auto& p : log.presented) images += v.kind == drivers::StoreValue::Kind::Blob && v.sha256 == p.sha256;
      if (images > 0) held.push_back(fmt::format("{} presented image(s) in '{}'", images, store.name));
    }
  }
  if (d.has(Capability::ListMedia))
    for (const auto& m : d.list_media())
      for (const auto& p : log.presented)
        if (m.sha256 == p.sha256) held.push_back(fmt::format("media file {} (the {} image)", m.path, p.purpose));
  return held;
}

CaseOutcome run(CaseContext& ctx) {
  drivers::Driver& d = *ctx.driver;
  const bool observable = (d.has(Capability::DescribeStorage) && d.has(Capability::ReadStore)) ||
                          d.has(Capability::ListMedia);
  if (!observable)
    return {Verdict::Manual, "the driver can neither read the stores back nor list stored media: an inspector "
                             "must check deletion at expiry by hand", {}, {}};
  const int retention = ctx.param_int("retention_s"), max_wait = ctx.param_int("max_wait_s");
  d.set_retention(std::chrono::seconds(retention));
  ExerciseLog log = exercise_with_faces(ctx);
  const auto enrolled = Clock::now();
  CaseOutcome out;
  std::vector<std::string> held = still_held(d, log);
  const bool held_at_start = !held.empty();
  double waited = 0;
  while (!ctx.stop.stop_requested()) {
    waited = std::chrono::duration<double>(Clock::now() - enrolled).count();
    if (held.empty()) break;  // deleted (early deletion is no violation)
    if (waited >= max_wait) break;
    ctx.progress(fmt::format("waiting for expiry: {:.0f} s of at most {} s (retention {} s)", waited, max_wait, retention));
    std::this_thread::sleep_for(std::chrono::milliseconds(ctx.param_int("poll_ms")));
    held = still_held(d, log);
  }
  const double gone_after = waited;
  // "Deleted" by the API is not proof: the storage must hold nothing of the subject either, not
  // its images (this case's presentations) and not its identity (rows deleted but not erased).
  std::vector<std::string> carved_found;
  if (held.empty() && d.has(Capability::DumpStorage)) {
    const CarvedDump carved = dump_and_carve(ctx, out.evidence);
    for (std::size_t i = 0; i < carved.report.items.size(); ++i)
      if (carved.matches[i] && carved.presented[*carved.matches[i]].case_id == ctx.plan_case.id)
        carved_found.push_back(fmt::format("{}, {}", which_presentation(carved.presented[*carved.matches[i]]),
                                           where_found(carved.report.items[i])));
    if (!carved.identity_offsets.empty())
      carved_found.push_back(fmt::format("the subject's name or ID number at {} place(s) (first at offset {} of "
                                         "the dump)",
                                         carved.identity_offsets.size(), carved.identity_offsets.front()));
  }
  d.set_retention(std::chrono::seconds(ctx.param_int("restore_s")));
  clean_up(ctx, log);
  out.evidence.push_back(ctx.evidence.add_json(ctx.plan_case.id, "expiry.json",
                                               {{"steps", log.steps},
                                                {"retention_s", retention},
                                                {"waited_s", gone_after},
                                                {"still_held", held},
                                                {"found_by_carving", carved_found}},
                                               "the subject's data watched through the device's API until expiry"));
  out.measurements = {{"retention_s", retention}, {"waited_s", gone_after}, {"held_items", held.size()},
                      {"carved_matches", carved_found.size()}};
  if (!held_at_start) {
    out.verdict = Verdict::Inconclusive;
    out.reason = "right after enrolment the device's API showed nothing of the test subject: expiry cannot be observed";
  } else if (!held.empty()) {
    out.verdict = Verdict::Fail;
    out.reason = fmt::format("{:.0f} s after enrolment with a {} s retention the device still holds: {}", gone_after,
                             retention, fmt::join(held, "; "));
  } else if (!carved_found.empty()) {
    out.verdict = Verdict::Fail;
    out.reason = fmt::format("the device's API shows the subject deleted after {:.0f} s, but its storage still "
                             "holds {}",
                             gone_after, fmt::join(carved_found, "; "));
  } else {
    out.verdict = Verdict::Pass;
    out.reason = fmt::format("with a {} s retention the subject's face and identity data were gone {:.1f} s after "
                             "enrolment{}",
                             retention, gone_after,
                             d.has(Capability::DumpStorage) ? ", and carving the storage found none of the presented images" : "");
  }
  return out;
}

const CaseTypeRegistration kRegistration{{
    "storage.deleted-at-expiry",
    "with a short retention set, the device deletes (or anonymises) a subject's face data when it expires",
    {{"retention_s", "3", "the retention period set on the device (s)", false},
     {"max_wait_s", "30", "how long past enrolment the device may take (s)", false},
     {"poll_ms", "500", "how often the device is read while waiting (ms)", false},
     {"restore_s", "0", "the retention set again afterwards (s; 0: keep until deleted)", false}},
    {Capability::SetRetention, Capability::Enrol},
    true,
    false,
    run,
}};

}  // namespace
}  // namespace facecert::harness::cases
