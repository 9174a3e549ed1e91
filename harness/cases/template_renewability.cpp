// 6.1.3 (a) renewable: from the same face new templates can be made, and a leaked one replaced.
// The same image under two protection keys must give different templates; each must still verify
// its subject against a fresh sample under its own key; once the old key is revoked, no template
// can be made under it and the old template matches nothing made under the new key.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "facecert/harness/evidence_store.h"
#include "template_samples.h"

namespace facecert::harness::cases {
namespace {

using drivers::Capability;

// The best of a few fresh samples: one bad capture must not fail the device.
drivers::TemplateComparison best_match(CaseContext& ctx, const drivers::FaceTemplate& enrolled, const std::string& key,
                                       int first_sample) {
  drivers::TemplateComparison best;
  for (int i = first_sample; i < first_sample + 3; ++i) {
    const auto c = ctx.driver->compare_templates(enrolled, ctx.driver->make_template(subject_sample(ctx, 0, i), key));
    if (c.match || c.score > best.score) best = c;
    if (c.match) break;
  }
  return best;
}

CaseOutcome run(CaseContext& ctx) {
  drivers::Driver& d = *ctx.driver;
  ScopedTemplateKey old_key(d), new_key(d);
  const auto image = subject_sample(ctx, 0, 0);
  const auto t_old = d.make_template(image, old_key.id());
  const auto t_new = d.make_template(image, new_key.id());
  std::vector<std::string> failed, held;
  nlohmann::json steps = nlohmann::json::array();

  const bool differ = t_old.bytes != t_new.bytes || t_old.values != t_new.values;
  const auto cross = d.compare_templates(t_old, t_new);
  steps.push_back({{"check", "same image, two keys"}, {"templates_differ", differ}, {"score", cross.score},
                   {"match", cross.match}});
  (differ ? held : failed).push_back(differ ? "the same image gives different templates under two keys"
                                            : "the same image gives the same template under two keys");
  if (cross.match) failed.push_back(fmt::format("the two keys' templates of one image match each other (score {:.3f})", cross.score));

  for (const auto* key : {&old_key, &new_key}) {
    const auto& enrolled = key == &old_key ? t_old : t_new;
    const auto c = best_match(ctx, enrolled, key->id(), key == &old_key ? 1 : 4);
    steps.push_back({{"check", "fresh sample verifies"}, {"key", key == &old_key ? "old" : "new"}, {"score", c.score},
                     {"match", c.match}});
    if (c.match)
      held.push_back(fmt::format("the {} key's template verifies a fresh sample (score {:.3f})",
                                 key == &old_key ? "old" : "new", c.score));
    else
      failed.push_back(fmt::format("the {} key's template does not verify fresh samples of its subject (best score {:.3f})",
                                   key == &old_key ? "old" : "new", c.score));
  }

  ctx.progress("revoking the old key");
  old_key.revoke();
  bool refused = false;
  std::string refusal;
  try {
    d.make_template(subject_sample(ctx, 0, 7), old_key.id());
  } catch (const drivers::DriverError& e) {
    refused = true;
    refusal = e.what();
  }
  steps.push_back({{"check", "make a template under the revoked key"}, {"refused", refused}, {"answer", refusal}});
  (refused ? held : failed).push_back(refused ? "no template can be made under the revoked key"
                                              : "the revoked key still makes templates");
  const auto leaked = d.compare_templates(t_old, d.make_template(subject_sample(ctx, 0, 8), new_key.id()));
  steps.push_back({{"check", "old template against a fresh new-key template"}, {"score", leaked.score}, {"match", leaked.match}});
  if (leaked.match)
    failed.push_back(fmt::format("the revoked key's template still matches a fresh sample under the new key (score {:.3f})",
                                 leaked.score));
  else
    held.push_back("the revoked key's template matches nothing made under the new key");

  CaseOutcome out;
  out.evidence.push_back(ctx.evidence.add_json(ctx.plan_case.id, "renewability.json",
                                               {{"steps", steps}, {"algorithm", t_new.algorithm}, {"encoding", t_new.encoding},
                                                {"template_bytes", t_new.bytes.size()}},
                                               "templates of one face under two keys, before and after revoking one"));
  out.measurements = {{"checks_failed", failed.size()}, {"checks_held", held.size()}, {"cross_key_score", cross.score},
                      {"revoked_key_refused", refused}};
  out.verdict = failed.empty() ? Verdict::Pass : Verdict::Fail;
  out.reason = failed.empty() ? fmt::format("{}", fmt::join(held, "; ")) : fmt::format("{}", fmt::join(failed, "; "));
  return out;
}

const CaseTypeRegistration kRegistration{{
    "templates.renewable",
    "templates are renewable: new keys give new templates that still verify, and a revoked key's templates are dead",
    {},
    {Capability::TemplateKeys, Capability::MakeTemplate, Capability::CompareTemplates},
    true,
    false,
    run,
}};

}  // namespace
}  // namespace facecert::harness::cases
