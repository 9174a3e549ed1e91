#include "pad_evidence.h"

#include <cmath>
#include <set>

#include <fmt/format.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "facecert/harness/evidence_store.h"
#include "facecert/probes/face_detector.h"
#include "facecert/probes/media_io.h"

namespace facecert::harness::cases {
namespace {

using Decision = drivers::MatchResult::Decision;

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string trials_csv(const std::vector<datasets::PadTrial>& trials) {
  std::string csv = "id,species,decision,score,matched\n";
  for (const auto& t : trials) {
    const char* decision = t.decision == datasets::PadTrial::Decision::Accept   ? "accept"
                           : t.decision == datasets::PadTrial::Decision::Reject ? "reject"
                                                                                : "";
    csv += fmt::format("{},{},{},{},{}\n", csv_field(t.id), csv_field(t.species), decision,
                       t.score ? fmt::format("{:.6f}", *t.score) : "",
                       t.matched ? (*t.matched ? "yes" : "no") : "");
  }
  return csv;
}

nlohmann::json record_json(const PresentationRecord& r) {
  nlohmann::json j = {{"item", r.item_id},   {"kind", r.kind},         {"subject", r.subject},
                      {"started", r.started}, {"finished", r.finished}, {"duration_s", r.duration_s},
                      {"frames_shown", r.frames_shown}};
  if (r.answer) {
    j["decision"] = to_string(r.answer->decision);
    j["person"] = r.answer->person_id;
    j["score"] = r.answer->score;
    if (r.answer->attack_score) j["attack_score"] = *r.answer->attack_score;
    if (!r.answer->attack_cue.empty()) j["attack_cue"] = r.answer->attack_cue;
    j["device_answer"] = r.answer->raw;
  } else {
    j["decision"] = nullptr;
  }
  if (!r.note.empty()) j["note"] = r.note;
  return j;
}

}  // namespace

datasets::PadTrial trial_of(const PresentationRecord& record, const std::string& enrolled_as, bool verify_mode) {
  datasets::PadTrial t;
  t.species = record.kind;
  t.id = record.item_id;
  if (!record.answer || record.answer->decision == Decision::NoFace) {
    t.decision = datasets::PadTrial::Decision::NoResponse;
  } else {
    t.decision = record.answer->decision == Decision::Attack ? datasets::PadTrial::Decision::Reject
                                                             : datasets::PadTrial::Decision::Accept;
    if (record.answer->attack_score) t.score = 1.0 - *record.answer->attack_score;
  }
  if (record.kind != datasets::kBonaFide)
    t.matched = record.answer && record.answer->decision == Decision::Accepted &&
                (verify_mode || record.answer->person_id == enrolled_as);
  return t;
}

namespace {

void pixelate(cv::Mat& image, const cv::Rect& face) {
  const cv::Rect box = cv::Rect(face.x - face.width / 8, face.y - face.height / 8, face.width * 5 / 4,
                                face.height * 5 / 4) &
                       cv::Rect(0, 0, image.cols, image.rows);
  if (box.empty()) return;
  cv::Mat small;
  cv::resize(image(box), small, {std::max(1, box.width / 10), std::max(1, box.height / 10)}, 0, 0, cv::INTER_AREA);
  cv::resize(small, image(box), box.size(), 0, 0, cv::INTER_NEAREST);
}

cv::Rect scaled(const cv::Rect& r, double f) {
  return {static_cast<int>(r.x * f), static_cast<int>(r.y * f), static_cast<int>(std::ceil(r.width * f)),
          static_cast<int>(std::ceil(r.height * f))};
}

}  // namespace

cv::Mat redacted_thumbnail(const cv::Mat& frame) {
  static const probes::FaceDetector detector;
  const double scale = std::min(1.0, 160.0 / std::max(1, frame.cols));
  cv::Mat thumb;
  cv::resize(frame, thumb, {}, scale, scale, cv::INTER_AREA);
  // Reports blur faces (issue 8): the faces of the full frame pixelated in the thumbnail, then
  // softened until not even a 4x enlargement of the thumbnail shows a detectable face.
  for (const auto& f : detector.detect(frame)) pixelate(thumb, scaled(f, scale));
  for (int pass = 0; pass < 6; ++pass) {
    cv::GaussianBlur(thumb, thumb, {0, 0}, 1.0 + pass);
    cv::Mat big;
    cv::resize(thumb, big, {}, 4, 4, cv::INTER_CUBIC);
    const auto faces = detector.detect(big);
    if (faces.empty()) break;
    for (const auto& f : faces) pixelate(thumb, scaled(f, 0.25));
  }
  return thumb;
}

std::vector<EvidenceRef> write_pad_evidence(CaseContext& ctx, const std::vector<PresentationRecord>& records,
                                            const std::vector<datasets::PadTrial>& trials,
                                            const datasets::PadResult& result) {
  const std::string& id = ctx.plan_case.id;
  std::vector<EvidenceRef> refs;
  nlohmann::json presented = nlohmann::json::array();
  for (const auto& r : records) presented.push_back(record_json(r));
  refs.push_back(ctx.evidence.add_json(id, "presentations.json", presented,
                                       "every presentation: item, kind, subject, times, the device's answer"));
  refs.push_back(ctx.evidence.add_text(id, "pad-trials.csv", trials_csv(trials), "text/csv",
                                       "ISO/IEC 30107-3 trial table (facecert metrics pad --csv)"));
  refs.push_back(ctx.evidence.add_json(id, "pad-metrics.json", datasets::to_json(result),
                                       "APCER per species, APCER_AP, BPCER, APNRR, BPNRR, IAPMR with 95% intervals"));
  refs.push_back(ctx.evidence.add_text(id, "pad-species.svg", datasets::species_bars_svg(result, "APCER per PAI species"),
                                       "image/svg+xml", "APCER per PAI species with 95% Clopper-Pearson intervals"));
  if (!result.det.empty())
    refs.push_back(ctx.evidence.add_text(id, "pad-det.svg", datasets::det_curve_svg(result, "PAD DET curve"),
                                         "image/svg+xml", "DET curve: APCER_AP against BPCER over the device's scores"));
  // One successful attack per species: accepted as the imitated person first, else taken as bona fide.
  std::set<std::string> shown;
  for (int pass = 0; pass < 2; ++pass)
    for (const auto& r : records) {
      if (r.kind == datasets::kBonaFide || shown.count(r.kind) || !r.answer || r.key_frame.empty()) continue;
      const bool accepted = r.answer->decision == Decision::Accepted;
      const bool passed = r.answer->decision != Decision::Attack && r.answer->decision != Decision::NoFace;
      if (!(pass == 0 ? accepted : passed)) continue;
      const cv::Mat frame = facecert::media::imdecode(r.key_frame, cv::IMREAD_COLOR);
      if (frame.empty()) continue;
      std::vector<std::uint8_t> jpeg;
      facecert::media::imencode(".jpg", redacted_thumbnail(frame), jpeg, {cv::IMWRITE_JPEG_QUALITY, 80});
      refs.push_back(ctx.evidence.add_bytes(
          id, fmt::format("attack-{}.jpg", r.kind), jpeg, "image/jpeg",
          fmt::format("{} attack {} by the device ({}), face pixelated", r.kind,
                      accepted ? "accepted as the imitated person" : "taken as bona fide", r.item_id)));
      shown.insert(r.kind);
    }
  return refs;
}

}  // namespace facecert::harness::cases
