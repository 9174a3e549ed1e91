// A lab's PAD trial table (CSV with a header): species, decision, and optional score, id, matched.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "facecert/datasets/manifest.h"
#include "facecert/datasets/pad_metrics.h"
#include "manifest_csv.h"

namespace facecert::datasets {
namespace {

std::string lower_trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  std::string out = s.substr(b, s.find_last_not_of(" \t") - b + 1);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return out;
}

}  // namespace

std::vector<PadTrial> read_pad_csv(const std::filesystem::path& csv_file) {
  const std::string name = csv_file.string();
  const auto records = csv::read(csv_file);
  if (records.empty()) throw DatasetError(fmt::format("{}: empty file (no header row)", name));
  std::map<std::string, std::size_t> column;
  for (std::size_t c = 0; c < records[0].fields.size(); ++c) column.emplace(lower_trimmed(records[0].fields[c]), c);
  for (const char* required : {"species", "decision"})
    if (!column.count(required))
      throw DatasetError(fmt::format("{}:{}: missing column '{}' (needs species,decision; optional score,id,matched)",
                                     name, records[0].line, required));
  auto col = [&](const char* n) { const auto it = column.find(n); return it == column.end() ? std::string::npos : it->second; };
  const std::size_t species = col("species"), decision = col("decision"), score = col("score"), id = col("id"),
                    matched = col("matched");
  std::vector<PadTrial> trials;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    if (rec.fields.size() != records[0].fields.size())
      throw DatasetError(fmt::format("{}:{}: {} fields, the header has {}", name, rec.line, rec.fields.size(),
                                     records[0].fields.size()));
    PadTrial t;
    t.species = rec.fields[species];
    const auto b = t.species.find_first_not_of(" \t");
    t.species = b == std::string::npos ? "" : t.species.substr(b, t.species.find_last_not_of(" \t") - b + 1);
    if (t.species.empty()) throw DatasetError(fmt::format("{}:{}: empty species", name, rec.line));
    const auto d = lower_trimmed(rec.fields[decision]);
    if (d == "accept") t.decision = PadTrial::Decision::Accept;
    else if (d == "reject") t.decision = PadTrial::Decision::Reject;
    else if (d.empty()) t.decision = PadTrial::Decision::NoResponse;
    else
      throw DatasetError(fmt::format("{}:{}: decision '{}' is not accept, reject or empty (no response)", name,
                                     rec.line, rec.fields[decision]));
    if (score != std::string::npos) {
      const auto s = lower_trimmed(rec.fields[score]);
      if (!s.empty()) {
        char* end = nullptr;
        const double v = std::strtod(s.c_str(), &end);
        if (end != s.c_str() + s.size() || !std::isfinite(v))
          throw DatasetError(fmt::format("{}:{}: score '{}' is not a finite number", name, rec.line, rec.fields[score]));
        t.score = v;
      }
    }
    if (id != std::string::npos) t.id = rec.fields[id];
    if (matched != std::string::npos) {
      const auto m = lower_trimmed(rec.fields[matched]);
      if (m == "yes" || m == "true" || m == "1") t.matched = true;
      else if (m == "no" || m == "false" || m == "0") t.matched = false;
      else if (!m.empty())
        throw DatasetError(fmt::format("{}:{}: matched '{}' is not yes, no, true, false, 1, 0 or empty", name,
                                       rec.line, rec.fields[matched]));
    }
    trials.push_back(std::move(t));
  }
  return trials;
}

}  // namespace facecert::datasets
