// 6.1.3 (c) unlinkable: features made from the same face in two applications cannot be linked.
// Templates of each subject's samples are made under two protection keys (two "applications");
// every template of one key is compared with every template of the other: the same subject (and
// the same image) gives mated scores, other subjects non-mated ones. D_sys (Gomez-Barrero et al.,
// IEEE TIFS 2018) of the device's own comparator, and of generic comparators on the exported bytes
// (what an attacker without the comparator would try), must stay near 0.
#include <algorithm>

#include <fmt/format.h>

#include "facecert/harness/evidence_store.h"
#include "template_samples.h"

namespace facecert::harness::cases {
namespace {

using drivers::Capability;

CaseOutcome run(CaseContext& ctx) {
  drivers::Driver& d = *ctx.driver;
  const int variations = ctx.param_int("variations");
  const int subject_count = ctx.param_int("subjects");
  const double max_dsys = ctx.param_double("max_dsys");
  if (subject_count < 2 || static_cast<std::size_t>(subject_count) > kMaxTemplateSubjects || variations < 1)
    return {Verdict::Inconclusive,
            fmt::format("parameters subjects={} variations={}: expected 2..{} subjects and at least 1 variation",
                        subject_count, variations, kMaxTemplateSubjects),
            {},
            {}};
  const auto subjects = static_cast<std::size_t>(subject_count);
  ScopedTemplateKey key_a(d), key_b(d);
  TemplateGrid a(subjects), b(subjects);
  for (std::size_t s = 0; s < subjects; ++s)
    for (int i = 0; i < variations && !ctx.stop.stop_requested(); ++i) {
      ctx.progress(fmt::format("templates of subject {} ({}) sample {} under two keys", s + 1, template_subject_name(s), i + 1));
      const auto img = subject_sample(ctx, s, i);
      a[s].push_back(d.make_template(img, key_a.id()));
      b[s].push_back(d.make_template(img, key_b.id()));
    }
  const bool device_comparator = d.has(Capability::CompareTemplates);
  ctx.progress("comparing across the keys");
  const CrossKeyScores scores = cross_key_scores(ctx, a, b, device_comparator);
  if (ctx.stop.stop_requested()) return {Verdict::Inconclusive, "the case ran out of time", {}, {}};

  CaseOutcome out;
  double worst = 0;
  std::string worst_by;
  if (device_comparator) {
    const auto r = probes::compute_unlinkability(scores.mated, scores.nonmated);
    const auto refs = unlinkability_evidence(ctx, "device-", scores.mated, scores.nonmated, r,
                                             fmt::format("Unlinkability, device comparator: D_sys = {:.3f}", r.d_sys));
    out.evidence.insert(out.evidence.end(), refs.begin(), refs.end());
    out.measurements["d_sys_device"] = r.d_sys;
    worst = r.d_sys;
    worst_by = "the device's comparator";
  }
  const auto black = probes::black_box_linkage(scores.mated_pairs, scores.nonmated_pairs);
  out.evidence.push_back(ctx.evidence.add_json(ctx.plan_case.id, "black-box-linkage.json", probes::to_json(black),
                                               "D_sys of generic comparators on the exported template bytes"));
  out.measurements["d_sys_black_box_worst"] = black.worst_d_sys;
  out.measurements["black_box_worst_comparator"] = black.worst_comparator;
  if (black.worst_d_sys > worst) {
    worst = black.worst_d_sys;
    worst_by = fmt::format("the generic '{}' comparator on the exported bytes", black.worst_comparator);
  }
  out.measurements["d_sys_worst"] = worst;
  out.measurements["mated_pairs"] = scores.mated_pairs.size();
  out.measurements["nonmated_pairs"] = scores.nonmated_pairs.size();
  out.measurements["max_dsys"] = max_dsys;
  const std::string figures =
      fmt::format("{} mated and {} non-mated cross-key pairs ({} subjects x {} samples, two keys)", scores.mated_pairs.size(),
                  scores.nonmated_pairs.size(), subjects, variations);
  if (worst > max_dsys) {
    out.verdict = Verdict::Fail;
    out.reason = fmt::format("templates of one face under two keys can be linked: D_sys {:.3f} by {} (limit {:.2f}); {}",
                             worst, worst_by, max_dsys, figures);
  } else {
    out.verdict = Verdict::Pass;
    out.reason = fmt::format("D_sys at most {:.3f} ({}; limit {:.2f}); {}", worst,
                             worst_by.empty() ? "no comparator applied" : worst_by, max_dsys, figures);
  }
  return out;
}

const CaseTypeRegistration kRegistration{{
    "templates.unlinkable",
    "templates of the same face made under two protection keys cannot be linked (D_sys, Gomez-Barrero et al. 2018)",
    {{"subjects", "6", "people: the two demo photographs, then synthetic identities (at most 14)", false},
     {"variations", "12", "samples per subject (6 x 12 x 12 = 864 mated pairs: about 90 bins)", false},
     {"max_dsys", "0.3", "the largest acceptable D_sys over the device's and the generic comparators", false}},
    {Capability::TemplateKeys, Capability::MakeTemplate},
    true,
    false,
    run,
}};

}  // namespace
}  // namespace facecert::harness::cases
