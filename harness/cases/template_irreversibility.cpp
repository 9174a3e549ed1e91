// 6.1.3 (b) irreversible: no face image can be recovered from a template. Checked on evidence, not
// on the vendor's word: the template holds no image (no image signature, nothing that decodes,
// no face when its bytes are laid out as pixels) and is far smaller than an image; and a search
// attack: with leaked templates and the device's own comparator, an attacker tries a pool of
// candidate images (faces of other subjects and non-face photographs) for one whose template
// matches. Its success rate is reported against the chance rate, the device's false-match rate on
// independent non-mated pairs scaled to the pool size.
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "facecert/datasets/demo_media.h"
#include "facecert/harness/evidence_store.h"
#include "template_samples.h"

namespace facecert::harness::cases {
namespace {

using drivers::Capability;

CaseOutcome run(CaseContext& ctx) {
  drivers::Driver& d = *ctx.driver;
  const int leaked_count = ctx.param_int("leaked"), pool_size = ctx.param_int("pool");
  ScopedTemplateKey key(d);
  std::vector<drivers::FaceTemplate> leaked;
  std::size_t image_bytes = 0;
  for (int i = 0; i < leaked_count; ++i) {
    const auto img = subject_sample(ctx, 0, i);
    image_bytes = std::max(image_bytes, img.bytes.size());
    leaked.push_back(d.make_template(img, key.id()));
  }
  probes::IrreversibilityOptions options;
  options.typical_image_bytes = image_bytes;
  const auto evidence = probes::inspect_template_for_image(leaked.front().bytes, options);

  // The attacker's pool: the other subject's faces and non-face photographs, never subject 0.
  ctx.progress("search attack with the device's comparator");
  std::vector<drivers::FaceTemplate> pool;
  for (int i = 0; i < pool_size; ++i) pool.push_back(d.make_template(subject_sample(ctx, 1, i), key.id()));
  for (const char* other : {"fruits.jpg", "baboon.jpg", "building.jpg"}) {
    drivers::Image img;
    img.bytes = datasets::encode_jpeg(datasets::load_demo_image(other));
    try {
      pool.push_back(d.make_template(img, key.id()));
    } catch (const drivers::DriverError&) {  // no face in it: the device makes no template
    }
  }
  std::size_t broken = 0;
  for (const auto& t : leaked) {
    bool hit = false;
    for (const auto& c : pool)
      if (!hit && d.compare_templates(t, c).match) hit = true;
    broken += hit;
  }
  // Chance: independent non-mated pairs (other samples of both subjects) at the device's threshold.
  std::size_t false_matches = 0, trials = 0;
  for (int i = 0; i < leaked_count; ++i)
    for (int j = 0; j < leaked_count; ++j, ++trials)
      false_matches += d.compare_templates(d.make_template(subject_sample(ctx, 0, 100 + i), key.id()),
                                           d.make_template(subject_sample(ctx, 1, 100 + j), key.id()))
                           .match;
  const double fmr = trials ? static_cast<double>(false_matches) / static_cast<double>(trials) : 0.0;
  const double chance = 1.0 - std::pow(1.0 - fmr, static_cast<double>(pool.size()));
  const double success = static_cast<double>(broken) / static_cast<double>(leaked.size());

  CaseOutcome out;
  out.evidence.push_back(ctx.evidence.add_json(
      ctx.plan_case.id, "irreversibility.json",
      {{"template_evidence", probes::to_json(evidence)},
       {"attack", {{"leaked_templates", leaked.size()}, {"pool", pool.size()}, {"broken", broken}, {"success_rate", success},
                   {"false_match_rate", fmr}, {"fmr_trials", trials}, {"chance_rate", chance}}},
       {"algorithm", leaked.front().algorithm},
       {"encoding", leaked.front().encoding}},
      "what a template holds, and a search attack with the device's comparator"));
  out.measurements = {{"template_bytes", evidence.template_bytes},
                      {"image_found_in_template", evidence.image_found()},
                      {"attack_success_rate", success},
                      {"attack_chance_rate", chance},
                      {"pool", pool.size()}};
  if (evidence.size_ratio) out.measurements["template_to_image_ratio"] = *evidence.size_ratio;
  const double margin = ctx.param_double("max_excess");
  if (evidence.image_found()) {
    out.verdict = Verdict::Fail;
    out.reason = fmt::format("the template holds an image: {}", fmt::join(evidence.summary, "; "));
  } else if (success > chance + margin) {
    out.verdict = Verdict::Fail;
    out.reason = fmt::format("a search attack matched {} of {} leaked templates from a pool of {} images without the "
                             "subject's ({:.0f}%, chance {:.0f}%)",
                             broken, leaked.size(), pool.size(), 100 * success, 100 * chance);
  } else {
    out.verdict = Verdict::Pass;
    out.reason = fmt::format("{}; a search attack over {} candidate images matched {} of {} leaked templates ({:.0f}%, "
                             "chance {:.0f}%)",
                             fmt::join(evidence.summary, "; "), pool.size(), broken, leaked.size(), 100 * success,
                             100 * chance);
  }
  return out;
}

const CaseTypeRegistration kRegistration{{
    "templates.irreversible",
    "templates hold no image and a search attack with the device's comparator does no better than chance",
    {{"leaked", "4", "templates of the subject the attacker holds", false},
     {"pool", "12", "candidate face images of another subject in the attacker's pool", false},
     {"max_excess", "0.25", "how far the attack's success rate may exceed chance", false}},
    {Capability::TemplateKeys, Capability::MakeTemplate, Capability::CompareTemplates},
    true,
    false,
    run,
}};

}  // namespace
}  // namespace facecert::harness::cases
