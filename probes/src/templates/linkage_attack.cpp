// The black-box linkage attack (6.1.3 unlinkability; ISO/IEC 30136): score mated pairs (one subject,
// two applications/keys) and non-mated pairs with every generic comparator, D_sys for each, and
// the worst, since an attacker picks whichever comparator links best.
#include <fmt/format.h>

#include "facecert/probes/template_metrics.h"

namespace facecert::probes {
namespace {

// The comparator's scores for every pair, or the index of the first pair it cannot score.
struct PairScores {
  std::vector<double> scores;
  std::optional<std::size_t> unscored;
};

PairScores score_pairs(const TemplateComparator& c, std::span<const TemplatePair> pairs) {
  PairScores out;
  out.scores.reserve(pairs.size());
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto s = c.compare(pairs[i].first, pairs[i].second);
    if (!s) {
      out.unscored = i;
      return out;
    }
    out.scores.push_back(*s);
  }
  return out;
}

bool all_equal(const std::vector<double>& a, const std::vector<double>& b) {
  const double first = a.front();
  for (double x : a) if (x != first) return false;
  for (double x : b) if (x != first) return false;
  return true;
}

ComparatorLinkage link_with(const TemplateComparator& c, std::span<const TemplatePair> mated,
                            std::span<const TemplatePair> nonmated, const UnlinkabilityOptions& options) {
  ComparatorLinkage out{c.name, false, {}, {}};
  const PairScores m = score_pairs(c, mated), n = score_pairs(c, nonmated);
  if (m.unscored || n.unscored) {
    out.note = m.unscored ? fmt::format("does not apply to mated pair {}", *m.unscored + 1)
                          : fmt::format("does not apply to non-mated pair {}", *n.unscored + 1);
    return out;
  }
  out.applied = true;
  if (all_equal(m.scores, n.scores)) {  // the comparator cannot tell any pair apart: it links nothing
    out.note = "no spread: every pair scores the same";
    UnlinkabilityResult flat;
    flat.omega = options.omega;
    flat.mated_count = m.scores.size();
    flat.nonmated_count = n.scores.size();
    out.result = flat;
    return out;
  }
  out.result = compute_unlinkability(m.scores, n.scores, options);
  return out;
}

}  // namespace

LinkageAttackReport black_box_linkage(std::span<const TemplatePair> mated, std::span<const TemplatePair> nonmated,
                                      const UnlinkabilityOptions& options) {
  if (mated.empty() || nonmated.empty())
    throw ProbeError(fmt::format("linkage attack needs mated and non-mated pairs ({} mated, {} non-mated)",
                                 mated.size(), nonmated.size()));
  LinkageAttackReport report;
  for (const auto& c : generic_template_comparators()) {
    report.comparators.push_back(link_with(c, mated, nonmated, options));
    const auto& l = report.comparators.back();
    if (l.result && (report.worst_comparator.empty() || l.result->d_sys > report.worst_d_sys)) {
      report.worst_comparator = l.comparator;
      report.worst_d_sys = l.result->d_sys;
    }
  }
  return report;
}

nlohmann::json to_json(const LinkageAttackReport& report) {
  nlohmann::json comparators = nlohmann::json::array();
  for (const auto& c : report.comparators) {
    nlohmann::json j{{"comparator", c.comparator}, {"applied", c.applied}, {"note", c.note}};
    if (c.result) j["unlinkability"] = to_json(*c.result);
    comparators.push_back(std::move(j));
  }
  return {{"comparators", comparators},
          {"worst_comparator", report.worst_comparator},
          {"worst_d_sys", report.worst_d_sys}};
}

}  // namespace facecert::probes
