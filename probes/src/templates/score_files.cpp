// Score files for the unlinkability measure: plain text (what facecert and most tools write), raw
// float64 (what the reference script reads with numpy.fromfile) and the trial/key files of the
// reference's speech adaptations. Every error names the file, and the line where there is one.
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

#include <fmt/format.h>

#include "facecert/probes/template_metrics.h"

namespace facecert::probes {
namespace {

std::string read_all(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) throw ProbeError(fmt::format("{}: no such file", file.string()));
  if (std::filesystem::is_directory(file, ec)) throw ProbeError(fmt::format("{}: is a directory", file.string()));
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ProbeError(fmt::format("{}: cannot be read", file.string()));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw ProbeError(fmt::format("{}: read error", file.string()));
  return bytes;
}

// Text is what has no NUL and no control byte other than white space; anything else is binary.
bool looks_like_text(const std::string& bytes) {
  for (unsigned char c : bytes)
    if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v') || c == 0x7f)
      return false;
  return true;
}

// Calls `on_line(line_number, tokens)` for each line with something on it; '#' starts a comment.
// Split by hand, not with streams: score files of millions of lines are usual.
template <typename OnLine>
void for_each_line(const std::string& text, OnLine on_line) {
  std::vector<std::string> tokens;
  std::size_t number = 1, pos = 0;
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; };
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::size_t hash = text.find('#', pos);
    const std::size_t stop = hash < end ? hash : end;
    tokens.clear();
    for (std::size_t i = pos; i < stop;) {
      while (i < stop && space(text[i])) ++i;
      std::size_t j = i;
      while (j < stop && !space(text[j])) ++j;
      if (j > i) tokens.emplace_back(text, i, j - i);
      i = j;
    }
    if (!tokens.empty()) on_line(number, tokens);
    pos = end + 1;
    ++number;
  }
}

double parse_score(const std::string& token, const std::filesystem::path& file, std::size_t line) {
  double v = 0;
  const char* begin = token.data() + (token.size() > 1 && token[0] == '+' ? 1 : 0);
  const auto [end, ec] = std::from_chars(begin, token.data() + token.size(), v);
  const std::string where = fmt::format("{}:{}", file.string(), line);
  if (ec == std::errc::result_out_of_range) throw ProbeError(fmt::format("{}: '{}' is out of range", where, token));
  if (ec != std::errc() || end != token.data() + token.size())
    throw ProbeError(fmt::format("{}: '{}' is not a number", where, token));
  if (std::isnan(v)) throw ProbeError(fmt::format("{}: score is NaN", where));
  if (std::isinf(v)) throw ProbeError(fmt::format("{}: score is infinite", where));
  return v;
}

std::vector<double> parse_text(const std::string& text, const std::filesystem::path& file) {
  std::vector<double> scores;
  for_each_line(text, [&](std::size_t line, const std::vector<std::string>& tokens) {
    for (const auto& t : tokens) scores.push_back(parse_score(t, file, line));
  });
  return scores;
}

// numpy.fromfile's default: native (little-endian here) IEEE-754 doubles, back to back.
std::vector<double> parse_float64(const std::string& bytes, const std::filesystem::path& file) {
  if (bytes.size() % 8 != 0)
    throw ProbeError(fmt::format("{}: {} bytes is not a whole number of float64 scores", file.string(), bytes.size()));
  std::vector<double> scores(bytes.size() / 8);
  std::memcpy(scores.data(), bytes.data(), bytes.size());
  for (std::size_t i = 0; i < scores.size(); ++i)
    if (!std::isfinite(scores[i]))
      throw ProbeError(fmt::format("{}: float64 score {} (byte {}) is {}", file.string(), i + 1, i * 8,
                                   std::isnan(scores[i]) ? "NaN" : "infinite"));
  return scores;
}

void require_some(const LabelledScores& s, const std::filesystem::path& file) {
  if (s.mated.empty()) throw ProbeError(fmt::format("{}: no mated (target) scores", file.string()));
  if (s.nonmated.empty()) throw ProbeError(fmt::format("{}: no non-mated (nontarget) scores", file.string()));
}

bool parse_label(const std::string& token, const std::filesystem::path& file, std::size_t line) {
  if (token == "target" || token == "1") return true;
  if (token == "nontarget" || token == "0") return false;
  throw ProbeError(fmt::format("{}:{}: label '{}' is not target/nontarget or 1/0", file.string(), line, token));
}

void require_columns(const std::vector<std::string>& tokens, std::size_t n, const std::filesystem::path& file,
                     std::size_t line, const char* what) {
  if (tokens.size() != n)
    throw ProbeError(fmt::format("{}:{}: expected {} ({} columns), found {} column(s)", file.string(), line, what, n,
                                 tokens.size()));
}

}  // namespace

std::vector<double> read_score_file(const std::filesystem::path& file, ScoreFileFormat format) {
  const std::string bytes = read_all(file);
  if (bytes.empty()) throw ProbeError(fmt::format("{}: empty file, no scores", file.string()));
  const bool text = format == ScoreFileFormat::text || (format == ScoreFileFormat::automatic && looks_like_text(bytes));
  std::vector<double> scores = text ? parse_text(bytes, file) : parse_float64(bytes, file);
  if (scores.empty()) throw ProbeError(fmt::format("{}: no scores (only blank lines and comments)", file.string()));
  return scores;
}

LabelledScores read_scored_trials(const std::filesystem::path& scores_file, const std::filesystem::path& key_file) {
  struct Trial {
    std::optional<double> score;
    std::optional<bool> mated;
    std::size_t line = 0;
  };
  std::map<std::pair<std::string, std::string>, Trial> trials;
  for_each_line(read_all(scores_file), [&](std::size_t line, const std::vector<std::string>& t) {
    require_columns(t, 3, scores_file, line, "ENROL TEST SCORE");
    auto& trial = trials[{t[0], t[1]}];
    if (trial.score) throw ProbeError(fmt::format("{}:{}: trial {} {} scored twice", scores_file.string(), line, t[0], t[1]));
    trial.score = parse_score(t[2], scores_file, line);
    trial.line = line;
  });
  for_each_line(read_all(key_file), [&](std::size_t line, const std::vector<std::string>& t) {
    require_columns(t, 3, key_file, line, "ENROL TEST target|nontarget");
    auto it = trials.find({t[0], t[1]});
    if (it == trials.end())
      throw ProbeError(fmt::format("{}:{}: trial {} {} has no score in {}", key_file.string(), line, t[0], t[1],
                                   scores_file.string()));
    if (it->second.mated) throw ProbeError(fmt::format("{}:{}: trial {} {} keyed twice", key_file.string(), line, t[0], t[1]));
    it->second.mated = parse_label(t[2], key_file, line);
  });
  LabelledScores out;
  for (const auto& [pair, trial] : trials) {
    if (!trial.mated)
      throw ProbeError(fmt::format("{}:{}: trial {} {} has no key in {}", scores_file.string(), trial.line, pair.first,
                                   pair.second, key_file.string()));
    (*trial.mated ? out.mated : out.nonmated).push_back(*trial.score);
  }
  if (trials.empty()) throw ProbeError(fmt::format("{}: no scores", scores_file.string()));
  require_some(out, scores_file);
  return out;
}

LabelledScores read_labelled_scores(const std::filesystem::path& file) {
  LabelledScores out;
  for_each_line(read_all(file), [&](std::size_t line, const std::vector<std::string>& t) {
    require_columns(t, 2, file, line, "SCORE LABEL");
    const double score = parse_score(t[0], file, line);
    (parse_label(t[1], file, line) ? out.mated : out.nonmated).push_back(score);
  });
  require_some(out, file);
  return out;
}

}  // namespace facecert::probes
