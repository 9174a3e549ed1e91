#include "template_samples.h"

#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>

#include <fmt/format.h>

#include "facecert/datasets/demo_media.h"
#include "facecert/harness/evidence_store.h"
#include "facecert/harness/run_state.h"
#include "facecert/probes/hashing.h"

namespace facecert::harness::cases {

std::string template_subject_name(std::size_t s) {
  static const char* const demo[] = {"astronaut.jpg", "messi5.jpg"};
  return s < 2 ? demo[s] : fmt::format("synthetic identity S{:02}", s - 1);
}

const cv::Mat& template_subject_photo(std::size_t s) {
  if (s >= kMaxTemplateSubjects)
    throw std::out_of_range(fmt::format("template subject {} (at most {})", s + 1, kMaxTemplateSubjects));
  // Made once per process: a synthetic identity costs a landmark warp of the base head.
  static std::mutex mu;
  static std::map<std::size_t, cv::Mat> photos;
  std::lock_guard lock(mu);
  auto it = photos.find(s);
  if (it == photos.end())
    it = photos
             .emplace(s, s < 2 ? datasets::load_demo_image(template_subject_name(s))
                               : datasets::identity_still(static_cast<int>(s - 2)))
             .first;
  return it->second;
}

drivers::Image subject_sample(CaseContext& ctx, std::size_t subject, int i) {
  const auto base = static_cast<std::uint32_t>(std::hash<std::string>{}(ctx.plan_case.id));
  drivers::Image img;
  img.bytes = datasets::encode_jpeg(
      datasets::vary(template_subject_photo(subject), base + static_cast<std::uint32_t>(1000 * subject + i)));
  ctx.state.add_presented({probes::sha256_hex(std::span<const std::uint8_t>(img.bytes)), "template-sample",
                           ctx.plan_case.id, now_iso8601(), img.bytes});
  return img;
}

ScopedTemplateKey::~ScopedTemplateKey() {
  if (revoked_) return;
  try {
    d_.revoke_template_key(id_);
  } catch (const std::exception&) {  // best effort: the case's outcome is already decided
  }
}

void ScopedTemplateKey::revoke() {
  d_.revoke_template_key(id_);
  revoked_ = true;
}

probes::TemplateBlob to_blob(const drivers::FaceTemplate& t) {
  probes::TemplateBlob b;
  b.bytes = t.bytes;
  if (!t.values.empty()) b.values = t.values;
  b.encoding = t.encoding;
  return b;
}

CrossKeyScores cross_key_scores(CaseContext& ctx, const TemplateGrid& a, const TemplateGrid& b, bool device_scores) {
  CrossKeyScores out;
  for (std::size_t sa = 0; sa < a.size(); ++sa)
    for (std::size_t sb = 0; sb < b.size(); ++sb)
      for (const auto& ta : a[sa])
        for (const auto& tb : b[sb]) {
          if (ctx.stop.stop_requested()) return out;
          auto& scores = sa == sb ? out.mated : out.nonmated;
          auto& pairs = sa == sb ? out.mated_pairs : out.nonmated_pairs;
          if (device_scores) scores.push_back(ctx.driver->compare_templates(ta, tb).score);
          pairs.emplace_back(to_blob(ta), to_blob(tb));
        }
  return out;
}

std::vector<EvidenceRef> unlinkability_evidence(CaseContext& ctx, const std::string& prefix,
                                                const std::vector<double>& mated, const std::vector<double>& nonmated,
                                                const probes::UnlinkabilityResult& result, const std::string& title) {
  const auto lines = [](const std::vector<double>& v) {
    std::string s;
    for (double x : v) s += fmt::format("{:.9g}\n", x);
    return s;
  };
  std::vector<EvidenceRef> refs;
  const std::string& id = ctx.plan_case.id;
  refs.push_back(ctx.evidence.add_text(id, prefix + "mated.txt", lines(mated), "text/plain",
                                       "mated scores (same subject, two keys), one a line"));
  refs.push_back(ctx.evidence.add_text(id, prefix + "nonmated.txt", lines(nonmated), "text/plain",
                                       "non-mated scores (other subjects, two keys), one a line"));
  refs.push_back(ctx.evidence.add_json(id, prefix + "unlinkability.json", probes::to_json(result),
                                       "D_sys and the local measure D(s) per bin (Gomez-Barrero et al. 2018)"));
  probes::UnlinkabilityPlotOptions plot;
  plot.title = title;
  refs.push_back(ctx.evidence.add_text(id, prefix + "unlinkability.svg", probes::unlinkability_svg(result, plot),
                                       "image/svg+xml", "score distributions and D(s)"));
  return refs;
}

}  // namespace facecert::harness::cases
