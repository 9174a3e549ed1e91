// analysis.view-library (6.2.2 minimal collection / de-duplication, via GA/T 1400): facecert plays
// the upper-level view library for the plan's duration; the inspector points the device's GA/T
// 1400 upload at the URL shown. Then: inconclusive when nothing was pushed, fail when a push was
// malformed (or sent unregistered) or an appearance produced more face images than
// max_faces_per_appearance, pass otherwise. Evidence: the receiver's JSON summary (hashes and
// sizes of the images, never the images). docs/viid-receiver.md.
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "facecert/drivers/viid_receiver.h"
#include "facecert/harness/case_type.h"
#include "facecert/harness/duration.h"
#include "facecert/harness/evidence_store.h"

namespace facecert::harness::cases {
namespace {

CaseOutcome judge(const drivers::ViidSummary& s, int max_faces, const std::string& waited) {
  CaseOutcome out;
  out.measurements = {{"url", s.url},
                      {"pushes", s.pushes},
                      {"well_formed_pushes", s.well_formed_pushes},
                      {"problems", s.problems.size()},
                      {"devices", s.devices.size()},
                      {"appearances", s.dedup.appearances.size()},
                      {"max_face_images_per_appearance", s.dedup.max_face_images_per_appearance},
                      {"max_faces_per_appearance_allowed", max_faces},
                      {"max_pushes_in_one_second", s.dedup.max_pushes_in_one_second}};
  if (s.pushes == 0) {
    out.verdict = Verdict::Inconclusive;
    out.reason = fmt::format("no face or image push reached the view library at {} in {}: the device was "
                             "not configured to push there, or saw nobody", s.url, waited);
    return out;
  }
  std::vector<std::string> why;
  if (!s.problems.empty()) {
    std::string first;
    for (std::size_t i = 0; i < s.problems.size() && i < 3; ++i)
      first += fmt::format("{}{} ({})", i ? "; " : "", s.problems[i].text(), s.problems[i].request);
    why.push_back(fmt::format("{} problem(s) in what the device sent, e.g. {}", s.problems.size(), first));
  }
  for (const auto& a : s.dedup.appearances)
    if (a.face_images > max_faces) {
      why.push_back(fmt::format("device {} pushed {} face images for one appearance {}..{} (at most {} allowed: "
                                "6.2.2 minimal collection, de-duplication)",
                                a.device_id, a.face_images, a.appear_time, a.disappear_time, max_faces));
      break;
    }
  if (!why.empty()) {
    out.verdict = Verdict::Fail;
    out.reason = fmt::format("{}.", fmt::join(why, "; "));
    return out;
  }
  out.verdict = Verdict::Pass;
  out.reason = fmt::format("{} push(es) received in {}, all well formed; at most {} face image(s) per appearance "
                           "over {} appearance(s) (limit {})",
                           s.pushes, waited, s.dedup.max_face_images_per_appearance, s.dedup.appearances.size(),
                           max_faces);
  return out;
}

CaseOutcome run(CaseContext& ctx) {
  const auto duration = parse_duration(ctx.param("duration"));
  if (!duration)
    throw std::invalid_argument(fmt::format("parameter duration of case {} is not a duration: '{}'",
                                            ctx.plan_case.id, ctx.param("duration")));
  const int max_faces = ctx.param_int("max_faces_per_appearance");
  const int port = ctx.param_int("listen_port");
  if (port < 0 || port > 65535 || max_faces < 1)
    throw std::invalid_argument(fmt::format("case {}: listen_port must be 0..65535 and max_faces_per_appearance >= 1",
                                            ctx.plan_case.id));
  drivers::ViidOptions o;
  o.listen = ctx.param("listen");
  o.port = static_cast<unsigned short>(port);
  o.tls = !ctx.param_bool("plain_http");
  o.cert_file = ctx.param("cert");
  o.key_file = ctx.param("key");
  o.user = ctx.param("user");
  const char* password = std::getenv(ctx.param("password_env").c_str());
  if (password) o.password = password;
  o.on_event = ctx.progress;
  drivers::ViidReceiver receiver(o);
  receiver.start();
  ctx.progress(fmt::format("GA/T 1400 view library listening on {} (user {}, {}): point the device's upload "
                           "there; collecting for {} ms",
                           receiver.url(), o.user,
                           o.password.empty() ? "registration without Digest" : "Digest password from $" + ctx.param("password_env"),
                           duration->count()));
  const auto until = std::chrono::steady_clock::now() + *duration;
  while (std::chrono::steady_clock::now() < until && !ctx.stop.stop_requested())
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  receiver.stop();
  const auto summary = receiver.snapshot();
  CaseOutcome out = judge(summary, max_faces, ctx.param("duration"));
  out.evidence.push_back(ctx.evidence.add_json(ctx.plan_case.id, "viid-summary.json", summary.to_json(),
                                               "what the view library received: devices, faces, image sizes "
                                               "and SHA-256, problems, de-duplication figures"));
  return out;
}

const CaseTypeRegistration kRegistration{{
    "analysis.view-library",
    "act as the GA/T 1400 view library; pushes must be well formed and de-duplicated (6.2.2)",
    {{"listen", "127.0.0.1", "address the view library listens on", false},
     {"listen_port", "0", "port (0: ephemeral, shown in the progress line)", false},
     {"duration", "60s", "how long to collect pushes", false},
     {"plain_http", "false", "serve plain HTTP instead of HTTPS", false},
     {"cert", "", "server certificate (PEM); default: self-signed at start", false},
     {"key", "", "private key of cert (PEM)", false},
     {"user", "viid", "Digest user the device registers with", false},
     {"password_env", "FACECERT_VIID_PASSWORD", "environment variable with the Digest password", false},
     {"max_faces_per_appearance", "3", "most face images allowed for one appearance (6.2.2)", false}},
    {},
    false,
    false,
    run,
}};

}  // namespace
}  // namespace facecert::harness::cases
