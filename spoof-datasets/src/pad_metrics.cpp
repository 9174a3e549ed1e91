// ISO/IEC 30107-3 PAD metrics (6.1.4): APCER per PAI species, APCER_AP, BPCER, APNRR, BPNRR,
// IAPMR, the DET curve and BPCER at fixed APCER. Definitions: docs/spoof-datasets.md.
#include "facecert/datasets/pad_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "facecert/datasets/manifest.h"

namespace facecert::datasets {
namespace {

// Continued fraction of I_x(a, b) (modified Lentz), valid for x < (a + 1) / (a + b + 2).
double beta_fraction(double a, double b, double x) {
  constexpr double tiny = 1e-300, eps = 1e-15;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  if (std::fabs(d) < tiny) d = tiny;
  d = 1 / d;
  double f = d;
  for (int m = 1; m <= 1000; ++m) {
    const double m2 = 2.0 * m;
    double num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));  // even step
    d = 1 + num * d;
    c = 1 + num / c;
    d = std::fabs(d) < tiny ? 1 / tiny : 1 / d;
    if (std::fabs(c) < tiny) c = tiny;
    f *= d * c;
    num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));  // odd step
    d = 1 + num * d;
    c = 1 + num / c;
    d = std::fabs(d) < tiny ? 1 / tiny : 1 / d;
    if (std::fabs(c) < tiny) c = tiny;
    const double delta = d * c;
    f *= delta;
    if (std::fabs(delta - 1) < eps) break;
  }
  return f;
}

Rate undefined_rate() {
  Rate r;
  r.upper = 1;
  r.method = "none";
  return r;
}

}  // namespace

double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  if (x < (a + 1) / (a + b + 2)) return front * beta_fraction(a, b, x) / a;
  return 1 - front * beta_fraction(b, a, 1 - x) / b;  // symmetry I_x(a,b) = 1 - I_{1-x}(b,a)
}

double inverse_incomplete_beta(double a, double b, double p) {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  double lo = 0, hi = 1;  // I_x is increasing in x: bisection to double precision
  for (int i = 0; i < 200 && hi - lo > 1e-15; ++i) {
    const double mid = (lo + hi) / 2;
    (incomplete_beta(a, b, mid) < p ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

Rate make_rate(std::size_t count, std::size_t total, double confidence) {
  if (total == 0) return undefined_rate();
  Rate r;
  r.count = count;
  r.total = total;
  r.value = double(count) / double(total);
  const double alpha = 1 - confidence, x = double(count), n = double(total);
  r.lower = count == 0 ? 0 : inverse_incomplete_beta(x, n - x + 1, alpha / 2);
  r.upper = count == total ? 1 : inverse_incomplete_beta(x + 1, n - x, 1 - alpha / 2);
  r.method = "clopper-pearson";
  if (count == 0) {
    // Rule of three: 3/n is the one-sided 95% bound for no error (-ln(alpha)/n in general).
    r.clopper_pearson_upper = r.upper;
    const double k = std::fabs(confidence - 0.95) < 1e-12 ? 3.0 : -std::log(alpha);
    r.upper = std::min(1.0, k / n);
    r.method = "rule-of-three";
  }
  return r;
}

namespace {

bool responded(const PadTrial& t) { return t.decision != PadTrial::Decision::NoResponse; }

// DET points: threshold t accepts score >= t. APCER_AP(t) the worst species; BPCER(t) rejected
// bona fide. Thresholds at every distinct score and one above the highest (nothing accepted).
void compute_det(const std::vector<PadTrial>& trials, PadResult& r) {
  std::map<std::string, std::vector<double>> attack;
  std::vector<double> bona, all;
  for (const auto& t : trials) {
    if (!responded(t)) continue;
    if (!t.score) return;  // the DET needs a score on every responded trial
    (t.species == kBonaFide ? bona : attack[t.species]).push_back(*t.score);
    all.push_back(*t.score);
  }
  if (bona.empty() || attack.empty()) return;
  for (auto& [s, v] : attack) std::sort(v.begin(), v.end());
  std::sort(bona.begin(), bona.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  all.push_back(std::nextafter(all.back(), std::numeric_limits<double>::infinity()));
  for (double th : all) {
    DetPoint p{th, 0, 0};
    for (const auto& [s, v] : attack) {
      const auto accepted = v.end() - std::lower_bound(v.begin(), v.end(), th);
      p.apcer = std::max(p.apcer, double(accepted) / double(v.size()));
    }
    p.bpcer = double(std::lower_bound(bona.begin(), bona.end(), th) - bona.begin()) / double(bona.size());
    r.det.push_back(p);
  }
  auto at = [&](double target) -> std::optional<double> {
    std::optional<double> best;
    for (const auto& p : r.det)
      if (p.apcer <= target + 1e-12 && (!best || p.bpcer < *best)) best = p.bpcer;
    return best;
  };
  r.bpcer_at_apcer_5 = at(0.05);
  r.bpcer_at_apcer_1 = at(0.01);
}

}  // namespace

PadResult compute_pad_metrics(const std::vector<PadTrial>& trials, double confidence) {
  using D = PadTrial::Decision;
  PadResult r;
  std::map<std::string, SpeciesResult> species;
  std::map<std::string, std::pair<std::size_t, std::size_t>> matched;  // species -> (matched, carrying)
  for (const auto& t : trials) {
    if (t.species == kBonaFide) {
      ++r.bona_fide_presented;
      r.bona_fide_rejected += t.decision == D::Reject;
      r.bona_fide_no_response += t.decision == D::NoResponse;
      continue;
    }
    auto& s = species[t.species];
    s.species = t.species;
    ++s.presented;
    s.accepted += t.decision == D::Accept;
    s.rejected += t.decision == D::Reject;
    s.no_response += t.decision == D::NoResponse;
    if (t.matched) {
      auto& m = matched[t.species];
      m.first += *t.matched;
      ++m.second;
    }
  }
  for (auto& [name, s] : species) {
    s.apcer = make_rate(s.accepted, s.presented - s.no_response, confidence);
    s.apnrr = make_rate(s.no_response, s.presented, confidence);
    if (const auto it = matched.find(name); it != matched.end())
      s.iapmr = make_rate(it->second.first, it->second.second, confidence);
    r.species.push_back(s);
  }
  const SpeciesResult* worst = nullptr;
  for (const auto& s : r.species) {
    if (s.apcer.total == 0) continue;
    if (!worst || s.apcer.value > worst->apcer.value ||
        (s.apcer.value == worst->apcer.value && s.presented > worst->presented))
      worst = &s;  // species are in name order, so a full tie keeps the first name
  }
  if (worst) {
    r.worst_species = worst->species;
    r.apcer_ap = worst->apcer;
  } else {
    r.apcer_ap = undefined_rate();
  }
  r.bpcer = make_rate(r.bona_fide_rejected, r.bona_fide_presented - r.bona_fide_no_response, confidence);
  r.bpnrr = make_rate(r.bona_fide_no_response, r.bona_fide_presented, confidence);
  compute_det(trials, r);
  return r;
}

}  // namespace facecert::datasets
