// 6.1.4: verification and identification must resist presentation attacks (face photos, paper
// masks, face videos, synthesized animations). Each subject of the data set is enrolled; bona fide
// samples and attacks of every species imitating them are presented (inject, screen or manual
// presenter); the answers give the ISO/IEC 30107-3 figures: APCER per species and for the worst
// species, BPCER, the non-response rates, IAPMR, each with its 95% Clopper-Pearson interval.
#include <unistd.h>

#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "facecert/datasets/clip.h"
#include "facecert/harness/run_state.h"
#include "facecert/probes/hashing.h"
#include "facecert/probes/identity_numbers.h"
#include "pad_dataset.h"
#include "pad_evidence.h"

namespace facecert::harness::cases {
namespace {

using drivers::Capability;

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// A synthetic resident ID number per subject (valid check character, birth date 1990-01-01, Beijing
// Xicheng district code): identity data the device must keep apart, never a real person's.
std::string synthetic_id_number(std::size_t n) {
  const std::string first17 = fmt::format("11010219900101{:03d}", 100 + n % 900);
  return first17 + probes::detectors::gb11643_check_char(first17);
}

drivers::Image first_frame(const datasets::Dataset& set, const datasets::DatasetItem& item) {
  const auto clip = datasets::load_clip(datasets::resolve(set, item), 1);
  return encode_frame(clip.frames.front());
}

CaseOutcome fail_fast(Verdict v, std::string reason) {
  CaseOutcome out;
  out.verdict = v;
  out.reason = std::move(reason);
  return out;
}

struct Enrolled {
  std::map<std::string, std::string> person_of;     // subject -> device person id
  std::map<std::string, drivers::Image> image_of;   // subject -> gallery / ID document image
};

// Fills `e` as it goes, so that a failure half-way still lets the caller remove who was enrolled.
void enrol_subjects(CaseContext& ctx, const datasets::Dataset& set, const PadPlan& plan, bool verify_mode,
                    Enrolled& e) {
  std::size_t n = 0;
  for (const auto& [subject, item] : plan.enrolment) {
    auto image = first_frame(set, *item);
    ctx.state.add_presented({probes::sha256_hex(std::span<const std::uint8_t>(image.bytes)), "enrolment",
                             ctx.plan_case.id, now_iso8601(), image.bytes});
    if (!verify_mode) {
      ctx.progress(fmt::format("enrolling subject {}", subject));
      e.person_of[subject] =
          ctx.driver->enrol({fmt::format("PAD 受试者 {}", subject), synthetic_id_number(++n)}, image).person_id;
    }
    e.image_of.emplace(subject, std::move(image));
  }
}

void remove_enrolled(CaseContext& ctx, const Enrolled& e) {
  if (!ctx.driver->has(Capability::DeletePerson)) return;
  for (const auto& [subject, person] : e.person_of) try {
      ctx.driver->delete_person(person);
    } catch (const drivers::DriverError&) {  // best effort: the verdict does not depend on it
    }
}

std::string interval(const datasets::Rate& r) { return fmt::format("[{:.4f}, {:.4f}]", r.lower, r.upper); }

nlohmann::json species_table(const datasets::PadResult& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& s : r.species) {
    nlohmann::json row = {{"species", s.species},
                          {"presented", s.presented},
                          {"attack_detected", s.rejected},
                          {"taken_as_bona_fide", s.accepted},
                          {"no_response", s.no_response},
                          {"apcer", s.apcer.value},
                          {"apcer_95ci", interval(s.apcer)}};
    if (s.iapmr) row["iapmr"] = s.iapmr->value;
    rows.push_back(row);
  }
  return rows;
}

CaseOutcome judge(const datasets::PadResult& r, const PadPlan& plan, std::size_t presented, std::size_t planned,
                  double max_apcer, double max_bpcer, bool stopped) {
  CaseOutcome out;
  std::vector<std::string> failures;
  if (!plan.missing_species.empty())
    failures.push_back(fmt::format("the data set has no {} presentation", fmt::join(plan.missing_species, ", no ")));
  for (const auto& s : r.species)
    if (s.apcer.total > 0 && s.apcer.value > max_apcer)
      failures.push_back(fmt::format("{}: APCER {:.1f}% ({} of {}, 95% CI {}) above {:.1f}%", s.species,
                                     100 * s.apcer.value, s.apcer.count, s.apcer.total, interval(s.apcer),
                                     100 * max_apcer));
  if (r.bpcer.total > 0 && r.bpcer.value > max_bpcer)
    failures.push_back(fmt::format("BPCER {:.1f}% ({} of {} bona fide rejected as attacks) above {:.1f}%",
                                   100 * r.bpcer.value, r.bpcer.count, r.bpcer.total, 100 * max_bpcer));
  const std::string figures = fmt::format(
      "{} presentations; worst species {} APCER {:.1f}% (95% CI {}); BPCER {:.1f}% ({} of {})", presented,
      r.worst_species.empty() ? "-" : r.worst_species, 100 * r.apcer_ap.value, interval(r.apcer_ap),
      100 * r.bpcer.value, r.bpcer.count, r.bpcer.total);
  if (!failures.empty()) {
    out.verdict = Verdict::Fail;
    out.reason = fmt::format("{}; {}", fmt::join(failures, "; "), figures);
    return out;
  }
  std::size_t attacks_answered = 0;
  for (const auto& s : r.species) attacks_answered += s.presented - s.no_response;
  const double bpnrr = r.bpnrr.value;
  if (stopped || attacks_answered == 0 || r.bpcer.total == 0 || bpnrr > 0.5) {
    out.verdict = Verdict::Inconclusive;
    out.reason = stopped ? fmt::format("the case ran out of time after {} of {} presentations; {}", presented,
                                       planned, figures)
                         : fmt::format("too few answers to judge (attacks answered {}, bona fide answered {}, "
                                       "BPNRR {:.0f}%); {}", attacks_answered, r.bpcer.total, 100 * bpnrr, figures);
    return out;
  }
  out.verdict = Verdict::Pass;
  out.reason = fmt::format("every species within APCER {:.1f}% and BPCER within {:.1f}%: {}", 100 * max_apcer,
                           100 * max_bpcer, figures);
  return out;
}

CaseOutcome run(CaseContext& ctx) {
  const auto species = words(ctx.param("species"));
  const std::string mode = ctx.param("mode");
  const bool verify_mode = mode == "verify";
  if (mode != "identify" && mode != "verify")
    return fail_fast(Verdict::Inconclusive, fmt::format("mode '{}' is neither identify nor verify", mode));
  const PresenterInfo* info = find_presenter(ctx.param("presenter"));
  if (!info) {
    std::vector<std::string> names;
    for (const auto& [name, p] : presenter_table()) names.push_back(name);
    return fail_fast(Verdict::Inconclusive, fmt::format("unknown presenter '{}' (known: {})", ctx.param("presenter"),
                                                        fmt::join(names, ", ")));
  }
  for (const auto cap : info->requires_caps)
    if (!ctx.driver->has(cap))
      return fail_fast(Verdict::Manual,
                       fmt::format("the driver cannot {} for the '{}' presenter: present the instruments with "
                                   "presenter=manual (or screen) and an inspector",
                                   to_string(cap), info->name));
  if (!verify_mode && !ctx.driver->has(Capability::Enrol))
    return fail_fast(Verdict::Manual, "the driver cannot enrol the subjects the attacks imitate");
  if (info->name == "manual" && !isatty(STDIN_FILENO))
    return fail_fast(Verdict::Manual, "the manual presenter needs an inspector at the console (run interactively)");

  std::shared_ptr<const PadDataset> dataset;
  try {
    dataset = obtain_pad_dataset(ctx, species);
  } catch (const std::exception& e) {
    return fail_fast(Verdict::Inconclusive, fmt::format("no data set to present: {}", e.what()));
  }
  const PadDataset& ds = *dataset;
  const PadPlan plan = plan_presentations(ds.set, species, ctx.param_int("subjects"), ctx.param_int("per_species"));
  if (plan.presentations.empty())
    return fail_fast(plan.missing_species.empty() ? Verdict::Inconclusive : Verdict::Fail,
                     fmt::format("nothing to present from {} (subjects with an enrolment image and items of the "
                                 "asked kinds){}", ds.origin,
                                 plan.missing_species.empty()
                                     ? ""
                                     : fmt::format("; missing species: {}", fmt::join(plan.missing_species, ", "))));
  Enrolled enrolled;
  try {
    enrol_subjects(ctx, ds.set, plan, verify_mode, enrolled);
  } catch (const std::exception& e) {
    remove_enrolled(ctx, enrolled);
    return fail_fast(Verdict::Inconclusive, fmt::format("enrolling the subjects failed: {}", e.what()));
  }

  const auto presenter = info->make();
  PresenterOptions options;
  options.request.mode = mode;
  options.speed = ctx.param_double("speed");
  options.answer_timeout = std::chrono::milliseconds(static_cast<long>(1000 * ctx.param_double("answer_timeout_s")));
  options.display = ctx.param("display");
  options.in = &std::cin;
  options.out = &std::cout;
  std::vector<PresentationRecord> records;
  std::vector<datasets::PadTrial> trials;
  std::vector<std::string> skipped;
  for (std::size_t i = 0; i < plan.presentations.size() && !ctx.stop.stop_requested(); ++i) {
    const auto& item = *plan.presentations[i];
    PresentationItem p{item.file, item.kind, item.subject, item.instrument, {}};
    try {
      p.clip = datasets::load_clip(datasets::resolve(ds.set, item));
    } catch (const std::exception& e) {
      skipped.push_back(e.what());
      continue;
    }
    if (verify_mode) options.request.id_document = enrolled.image_of.at(item.subject);
    PresentationRecord rec;
    try {
      rec = presenter->present(p, *ctx.driver, options, ctx.stop);
    } catch (const drivers::DriverError& e) {
      remove_enrolled(ctx, enrolled);
      return fail_fast(Verdict::Inconclusive, fmt::format("the {} presenter cannot work: {}", info->name, e.what()));
    }
    if (!rec.key_frame.empty())
      ctx.state.add_presented({probes::sha256_hex(std::span<const std::uint8_t>(rec.key_frame)), "presentation",
                               ctx.plan_case.id, rec.started, rec.key_frame});
    ctx.progress(fmt::format("presentation {}/{}: {} of {} -> {}", i + 1, plan.presentations.size(), item.kind,
                             item.subject, rec.answer ? std::string(to_string(rec.answer->decision)) : "no response"));
    const auto person = enrolled.person_of.find(item.subject);
    trials.push_back(trial_of(rec, person == enrolled.person_of.end() ? "" : person->second, verify_mode));
    records.push_back(std::move(rec));
  }
  remove_enrolled(ctx, enrolled);

  const auto result = datasets::compute_pad_metrics(trials);
  CaseOutcome out = judge(result, plan, records.size(), plan.presentations.size(), ctx.param_double("max_apcer"),
                          ctx.param_double("max_bpcer"), ctx.stop.stop_requested());
  auto& m = out.measurements;
  m["dataset"] = ds.origin;
  m["presenter"] = info->name;
  m["mode"] = mode;
  m["subjects"] = plan.enrolment.size();
  m["presentations"] = records.size();
  m["per_species"] = species_table(result);
  m["worst_species"] = result.worst_species;
  m["apcer_ap"] = result.apcer_ap.value;
  m["apcer_ap_95ci"] = interval(result.apcer_ap);
  m["bona_fide_presented"] = result.bona_fide_presented;
  m["bpcer"] = result.bpcer.value;
  m["bpcer_95ci"] = interval(result.bpcer);
  m["bpnrr"] = result.bpnrr.value;
  if (result.bpcer_at_apcer_5) m["bpcer_at_apcer_5pct"] = *result.bpcer_at_apcer_5;
  if (result.bpcer_at_apcer_1) m["bpcer_at_apcer_1pct"] = *result.bpcer_at_apcer_1;
  m["max_apcer"] = ctx.param_double("max_apcer");
  m["max_bpcer"] = ctx.param_double("max_bpcer");
  if (!plan.missing_species.empty()) m["missing_species"] = plan.missing_species;
  if (!skipped.empty()) m["unreadable_items"] = skipped;
  try {
    out.evidence = write_pad_evidence(ctx, records, trials, result);
  } catch (const std::exception& e) {
    out.reason += fmt::format(" (evidence incomplete: {})", e.what());
  }
  return out;
}

const CaseTypeRegistration kRegistration{{
    "pad.presentation-attacks",
    "presentation attacks of every species against enrolled subjects; ISO/IEC 30107-3 APCER/BPCER with 95% intervals",
    {{"species", "print paper_mask replay animation", "PAI species that must be presented (a missing one fails)", false},
     {"dataset", "", "a spoof data set manifest (docs/spoof-datasets.md); empty = the demo set generated for the run", false},
     {"subjects", "5", "subjects to enrol and imitate (0 = every subject of the data set)", false},
     {"per_species", "4", "presentations per species and subject (bona fide too)", false},
     {"seed", "1", "generated demo set: seed", false},
     {"frames", "8", "generated demo set: frames per clip", false},
     {"fps", "15", "generated demo set: clip rate", false},
     {"presenter", "inject", "inject | screen | manual", false},
     {"mode", "identify", "identify (1:N against the enrolled subjects) | verify (1:1 against the ID photo)", false},
     {"speed", "1", "pacing: 1 = the clip's own rate", false},
     {"answer_timeout_s", "15", "screen/manual: how long to wait for the device's answer", false},
     {"display", "", "screen: X display (empty = $DISPLAY)", false},
     {"max_apcer", "0.07", "highest APCER accepted for any species (Android CDD 7.3.10 class 3: spoof acceptance <= 7%)", false},
     {"max_bpcer", "0.07", "highest BPCER accepted (bona fide rejected as attacks)", false}},
    {},
    true,
    false,
    run,
}};

}  // namespace
}  // namespace facecert::harness::cases
