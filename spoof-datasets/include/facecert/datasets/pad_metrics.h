// ISO/IEC 30107-3 presentation attack detection metrics from trials (6.1.4): APCER per PAI
// species and the worst species (APCER_AP), BPCER, the non-response rates APNRR and BPNRR, and for
// full systems IAPMR; every rate with its count, denominator and a two-sided 95% Clopper-Pearson
// interval (rule of three, 3/n, as the upper bound when there is no error). With scores: the DET
// curve and BPCER at APCER = 5% and 1%.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace facecert::datasets {

struct PadTrial {
  enum class Decision { Accept, Reject, NoResponse };  // accept = taken as bona fide
  std::string species;    // kBonaFide or a PAI species label (free text, taken as it is)
  Decision decision = Decision::NoResponse;
  std::optional<double> score;  // higher = more bona fide (accept when score >= threshold)
  std::string id;               // the lab's id of the presentation, for traceability
  std::optional<bool> matched;  // full system: the attack was accepted as the imitated person (IAPMR)
};

struct Rate {
  std::size_t count = 0;  // errors (or non-responses)
  std::size_t total = 0;  // denominator
  double value = 0;       // count / total (0 when total is 0)
  double lower = 0, upper = 0;  // 95% interval
  std::string method;           // "clopper-pearson" or "rule-of-three" ("none" when total is 0: [0, 1])
  std::optional<double> clopper_pearson_upper;  // count 0: the exact upper bound, beside 3/n
};

struct SpeciesResult {
  std::string species;
  std::size_t presented = 0, accepted = 0, rejected = 0, no_response = 0;
  Rate apcer;                  // accepted / (presented - no_response)
  Rate apnrr;                  // no_response / presented
  std::optional<Rate> iapmr;   // matched / presented, when trials carry `matched`
};

struct DetPoint {
  double threshold = 0, apcer = 0, bpcer = 0;
};

struct PadResult {
  std::vector<SpeciesResult> species;  // PAI species only, sorted by name
  std::string worst_species;           // highest APCER (ties: more presentations, then name)
  Rate apcer_ap;                       // the worst species' APCER
  std::size_t bona_fide_presented = 0, bona_fide_rejected = 0, bona_fide_no_response = 0;
  Rate bpcer;  // rejected bona fide / (bona fide presented - no_response)
  Rate bpnrr;  // bona fide no_response / bona fide presented
  std::vector<DetPoint> det;                  // when every responded trial has a score
  std::optional<double> bpcer_at_apcer_5, bpcer_at_apcer_1;  // APCER taken as APCER_AP at each threshold
};

// Two-sided interval for `count` errors in `total` trials at the given confidence.
Rate make_rate(std::size_t count, std::size_t total, double confidence = 0.95);

// The regularised incomplete beta function I_x(a, b) and its inverse in x (for the intervals).
double incomplete_beta(double a, double b, double x);
double inverse_incomplete_beta(double a, double b, double p);

PadResult compute_pad_metrics(const std::vector<PadTrial>& trials, double confidence = 0.95);
nlohmann::json to_json(const PadResult& result);

// A lab's table (CSV, header row): `species`, `decision` (accept|reject|empty), optional `score`,
// `id`, `matched` (yes|no|true|false|1|0). Throws DatasetError "file:line: ..." on bad input.
std::vector<PadTrial> read_pad_csv(const std::filesystem::path& csv);

// DET curve (APCER_AP against BPCER, normal-deviate axes) as a standalone SVG; per-species bars
// (APCER with its interval) as another.
std::string det_curve_svg(const PadResult& result, const std::string& title);
std::string species_bars_svg(const PadResult& result, const std::string& title);

}  // namespace facecert::datasets
