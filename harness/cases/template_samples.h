// What the 6.1.3 case types share: subjects' images, templates made under protection keys through
// the driver, the device's own comparator, and the evidence of an unlinkability measurement
// (score files, the metric's JSON and its plot). Subjects are the demo face photographs; samples
// are distinct variations of them (datasets::vary), so no two presented images are the same bytes.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/datasets/generator.h"
#include "facecert/drivers/driver.h"
#include "facecert/harness/case_type.h"
#include "facecert/probes/template_metrics.h"

namespace facecert::harness::cases {

// Subjects: 0 and 1 are the demo photographs ("astronaut.jpg", "messi5.jpg"), 2.. the synthetic
// identities of spoof-datasets' generator (S01.., their enrolment stills). Two real people give the
// unlinkability measure only two mated and two non-mated groups of scores, whose places under one
// key pair decide D_sys by chance (0.09-0.33 on the compliant reference device): more subjects.
constexpr std::size_t kMaxTemplateSubjects = 2 + datasets::kMaxIdentities;
std::string template_subject_name(std::size_t s);
const cv::Mat& template_subject_photo(std::size_t s);  // throws std::out_of_range past the last

// Variation `i` of subject `s`, deterministic by the case and (s, i); recorded as presented.
drivers::Image subject_sample(CaseContext& ctx, std::size_t subject, int i);

// A key made for the case and revoked when the guard goes (best effort): keys are the device's
// "applications", and a test must not leave them behind.
class ScopedTemplateKey {
 public:
  explicit ScopedTemplateKey(drivers::Driver& d) : d_(d), id_(d.create_template_key()) {}
  ~ScopedTemplateKey();
  ScopedTemplateKey(const ScopedTemplateKey&) = delete;
  ScopedTemplateKey& operator=(const ScopedTemplateKey&) = delete;
  const std::string& id() const { return id_; }
  void revoke();  // now, throwing DriverError when the device refuses

 private:
  drivers::Driver& d_;
  std::string id_;
  bool revoked_ = false;
};

probes::TemplateBlob to_blob(const drivers::FaceTemplate& t);

// Mated and non-mated comparisons across two keys: templates[key][subject][variation].
struct CrossKeyScores {
  std::vector<double> mated, nonmated;
  std::vector<probes::TemplatePair> mated_pairs, nonmated_pairs;
};
using TemplateGrid = std::vector<std::vector<drivers::FaceTemplate>>;  // [subject][variation]
// Every template of A against every template of B: the same subject is mated (the same image too),
// other subjects non-mated. Scores by the device's comparator when it has one.
CrossKeyScores cross_key_scores(CaseContext& ctx, const TemplateGrid& a, const TemplateGrid& b, bool device_scores);

// Writes mated.txt / nonmated.txt (one score a line), unlinkability.json and unlinkability.svg as
// evidence of the case; returns their references.
std::vector<EvidenceRef> unlinkability_evidence(CaseContext& ctx, const std::string& prefix,
                                                const std::vector<double>& mated, const std::vector<double>& nonmated,
                                                const probes::UnlinkabilityResult& result, const std::string& title);

}  // namespace facecert::harness::cases
