// The local and global unlinkability measures D<->(s) and D_sys of Gomez-Barrero et al., "General
// Framework to Evaluate Unlinkability in Biometric Template Protection Systems", IEEE TIFS 13(6),
// 2018 (clause 6.1.3; ISO/IEC 30136). Binning, densities, the D rule and the integration follow the
// authors' published script (github.com/dasec/unlinkability-metric, v2.0) so that the numbers agree
// with it: see docs/template-protection.md for how that was checked.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "facecert/probes/template_metrics.h"

namespace facecert::probes {
namespace {

void require_finite(std::span<const double> scores, const char* which) {
  if (scores.empty()) throw ProbeError(fmt::format("no {} scores", which));
  for (std::size_t i = 0; i < scores.size(); ++i)
    if (!std::isfinite(scores[i]))
      throw ProbeError(fmt::format("{} score {} is {}", which, i + 1, std::isnan(scores[i]) ? "NaN" : "infinite"));
}

// Edges as numpy.linspace makes them (lo + i * step, the last one exactly hi).
std::vector<double> even_edges(double lo, double hi, int bins) {
  std::vector<double> edges(static_cast<std::size_t>(bins) + 1);
  const double step = (hi - lo) / bins;
  for (int i = 0; i < bins; ++i) edges[static_cast<std::size_t>(i)] = i * step + lo;
  edges.back() = hi;
  return edges;
}

// Normalised histogram: bin i holds edges[i] <= s < edges[i+1], the last bin also s == hi (numpy's
// rule). The index is computed, then corrected against the stored edges so that a score on an edge
// lands where numpy puts it.
std::vector<double> density(std::span<const double> scores, const std::vector<double>& edges) {
  const std::size_t n = edges.size() - 1;
  const double lo = edges.front(), scale = static_cast<double>(n) / (edges.back() - lo);
  std::vector<std::size_t> counts(n, 0);
  for (double s : scores) {
    const double pos = (s - lo) * scale;
    std::size_t i = pos <= 0 ? 0 : std::min(static_cast<std::size_t>(pos), n - 1);
    if (i > 0 && s < edges[i]) --i;
    else if (i + 1 < n && s >= edges[i + 1]) ++i;
    ++counts[i];
  }
  std::vector<double> d(n);
  const double total = static_cast<double>(scores.size());
  for (std::size_t i = 0; i < n; ++i) d[i] = static_cast<double>(counts[i]) / (edges[i + 1] - edges[i]) / total;
  return d;
}

// D<->(s) = 2 * omega*LR / (1 + omega*LR) - 1 where omega*LR > 1, else 0; 1 where only mated
// comparisons reach the bin (LR infinite). A bin no score reaches gets 0 (it weighs nothing in D_sys).
double local_measure(double p_mated, double p_nonmated, double omega) {
  if (p_mated == 0) return 0.0;
  if (p_nonmated == 0) return 1.0;
  const double wlr = omega * (p_mated / p_nonmated);
  return wlr > 1 ? 2 * (wlr / (1 + wlr)) - 1 : 0.0;
}

// Trapezoidal rule over the bin centres, as the reference does (numpy.trapz): the outer half-bins
// are not integrated, so a fully linkable system scores just under 1.
double trapezoid(const std::vector<double>& x, const std::vector<double>& y) {
  double sum = 0;
  for (std::size_t i = 1; i < x.size(); ++i) sum += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0;
  return sum;
}

}  // namespace

int default_unlinkability_bins(std::size_t mated_count) {
  if (mated_count < 10)
    throw ProbeError(fmt::format(
        "{} mated score(s): the default bin count, min(mated/10, 100), needs at least 10; give the bins", mated_count));
  return static_cast<int>(std::min<std::size_t>(mated_count / 10, 100));
}

UnlinkabilityResult compute_unlinkability(std::span<const double> mated, std::span<const double> nonmated,
                                          const UnlinkabilityOptions& options) {
  require_finite(mated, "mated");
  require_finite(nonmated, "non-mated");
  if (!(options.omega > 0) || !std::isfinite(options.omega))
    throw ProbeError(fmt::format("omega must be a positive number, not {}", options.omega));
  if (options.bins < 0) throw ProbeError(fmt::format("bins must be at least 1, not {}", options.bins));
  UnlinkabilityResult r;
  r.omega = options.omega;
  r.bins = options.bins > 0 ? options.bins : default_unlinkability_bins(mated.size());
  r.mated_count = mated.size();
  r.nonmated_count = nonmated.size();
  const auto [mlo, mhi] = std::minmax_element(mated.begin(), mated.end());
  const auto [nlo, nhi] = std::minmax_element(nonmated.begin(), nonmated.end());
  const double lo = std::min(*mlo, *nlo), hi = std::max(*mhi, *nhi);
  if (!(hi > lo)) throw ProbeError(fmt::format("all scores are equal ({}): no range to bin", lo));

  r.bin_edges = even_edges(lo, hi, r.bins);
  r.bin_centres.resize(static_cast<std::size_t>(r.bins));
  for (std::size_t i = 0; i < r.bin_centres.size(); ++i) r.bin_centres[i] = (r.bin_edges[i + 1] + r.bin_edges[i]) / 2;
  r.mated_density = density(mated, r.bin_edges);
  r.nonmated_density = density(nonmated, r.bin_edges);
  r.local_d.resize(r.bin_centres.size());
  std::vector<double> weighted(r.bin_centres.size());
  for (std::size_t i = 0; i < r.local_d.size(); ++i) {
    r.local_d[i] = local_measure(r.mated_density[i], r.nonmated_density[i], r.omega);
    weighted[i] = r.local_d[i] * r.mated_density[i];
  }
  r.d_sys = trapezoid(r.bin_centres, weighted);
  return r;
}

nlohmann::json to_json(const UnlinkabilityResult& r) {
  return {{"measure", "unlinkability (Gomez-Barrero et al., IEEE TIFS 2018)"},
          {"d_sys", r.d_sys},
          {"omega", r.omega},
          {"bins", r.bins},
          {"mated_count", r.mated_count},
          {"nonmated_count", r.nonmated_count},
          {"bin_edges", r.bin_edges},
          {"bin_centres", r.bin_centres},
          {"mated_density", r.mated_density},
          {"nonmated_density", r.nonmated_density},
          {"local_d", r.local_d}};
}

}  // namespace facecert::probes
