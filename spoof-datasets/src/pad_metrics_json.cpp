// The PAD result as JSON (the `metrics pad --json` output; docs/spoof-datasets.md).
#include "facecert/datasets/pad_metrics.h"

namespace facecert::datasets {
namespace {

nlohmann::json rate_json(const Rate& r) {
  nlohmann::json j{{"count", r.count}, {"total", r.total}, {"value", r.value},
                   {"lower", r.lower}, {"upper", r.upper}, {"method", r.method}};
  if (r.clopper_pearson_upper) j["clopper_pearson_upper"] = *r.clopper_pearson_upper;
  return j;
}

nlohmann::json optional_json(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

// At most `limit` points: the first, the last and evenly spaced ones between.
std::vector<DetPoint> thinned(const std::vector<DetPoint>& det, std::size_t limit) {
  if (det.size() <= limit) return det;
  std::vector<DetPoint> out;
  for (std::size_t k = 0; k < limit; ++k) out.push_back(det[k * (det.size() - 1) / (limit - 1)]);
  return out;
}

}  // namespace

nlohmann::json to_json(const PadResult& result) {
  auto species = nlohmann::json::array();
  for (const auto& s : result.species) {
    nlohmann::json j{{"species", s.species},   {"presented", s.presented},     {"accepted", s.accepted},
                     {"rejected", s.rejected}, {"no_response", s.no_response}, {"apcer", rate_json(s.apcer)},
                     {"apnrr", rate_json(s.apnrr)}};
    if (s.iapmr) j["iapmr"] = rate_json(*s.iapmr);
    species.push_back(std::move(j));
  }
  auto det = nlohmann::json::array();
  for (const auto& p : thinned(result.det, 200))
    det.push_back({{"threshold", p.threshold}, {"apcer_ap", p.apcer}, {"bpcer", p.bpcer}});
  return {{"standard", "ISO/IEC 30107-3"},
          {"species", std::move(species)},
          {"worst_species", result.worst_species},
          {"apcer_ap", rate_json(result.apcer_ap)},
          {"bona_fide", {{"presented", result.bona_fide_presented},
                         {"rejected", result.bona_fide_rejected},
                         {"no_response", result.bona_fide_no_response}}},
          {"bpcer", rate_json(result.bpcer)},
          {"bpnrr", rate_json(result.bpnrr)},
          {"det", std::move(det)},
          {"det_points_total", result.det.size()},
          {"bpcer_at_apcer_5", optional_json(result.bpcer_at_apcer_5)},
          {"bpcer_at_apcer_1", optional_json(result.bpcer_at_apcer_1)}};
}

}  // namespace facecert::datasets
