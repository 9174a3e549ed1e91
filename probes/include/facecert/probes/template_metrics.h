// Template-protection measures for clause 6.1.3 (renewable, irreversible, unlinkable face features;
// ISO/IEC 24745, ISO/IEC 30136): the unlinkability metric of Gomez-Barrero et al. (IEEE TIFS 2018)
// with its score files and plots, generic comparators for a black-box linkage attack on exported
// templates, and evidence that a template holds no image.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "facecert/probes/live_capture.h"  // ProbeError

namespace facecert::probes {

class FaceDetector;

// ---- Unlinkability (Gomez-Barrero et al., TIFS 2018; reference: github.com/dasec/unlinkability-metric)

struct UnlinkabilityOptions {
  double omega = 1.0;  // prior ratio P(mated) / P(non-mated); > 0
  int bins = 0;        // histogram bins; 0: the reference default, min(floor(mated / 10), 100)
};

struct UnlinkabilityResult {
  double d_sys = 0.0;  // global measure D_sys in [0, 1]: 0 fully unlinkable, 1 fully linkable
  double omega = 1.0;
  int bins = 0;
  std::size_t mated_count = 0, nonmated_count = 0;
  std::vector<double> bin_edges;         // bins + 1, evenly over [min, max] of all scores
  std::vector<double> bin_centres;       // bins
  std::vector<double> mated_density;     // p(s | mated) per bin (histogram normalised to a density)
  std::vector<double> nonmated_density;  // p(s | non-mated) per bin
  std::vector<double> local_d;           // D<->(s) per bin, in [0, 1]
};

// The reference implementation's default bin count; throws ProbeError when there are fewer than 10
// mated scores (the default would be 0 bins: give bins explicitly).
int default_unlinkability_bins(std::size_t mated_count);

// Throws ProbeError (one line) on empty lists, a NaN/inf score, all scores equal (no range to bin),
// omega <= 0 or bins < 1.
UnlinkabilityResult compute_unlinkability(std::span<const double> mated, std::span<const double> nonmated,
                                          const UnlinkabilityOptions& options = {});

nlohmann::json to_json(const UnlinkabilityResult& result);

// ---- Score files

enum class ScoreFileFormat {
  automatic,  // text when the file is text, else raw float64
  text,       // numbers separated by white space (one a line is usual); blank lines, '#' comments
  float64,    // raw little-endian IEEE doubles: what the reference script reads (numpy.fromfile)
};

// Throws ProbeError "FILE:LINE: ..." for a non-numeric value or NaN/inf, "FILE: ..." when missing,
// unreadable or empty.
std::vector<double> read_score_file(const std::filesystem::path& file,
                                    ScoreFileFormat format = ScoreFileFormat::automatic);

struct LabelledScores {
  std::vector<double> mated, nonmated;
};
// Kaldi / VoicePrivacy trials as the reference's speech adaptations read them: a score file of
// "ENROL TEST SCORE" lines and a key file of "ENROL TEST target|nontarget" lines (1/0 accepted).
// Pairs in the score file without a key, or keys without a score, are an error naming the line.
LabelledScores read_scored_trials(const std::filesystem::path& scores, const std::filesystem::path& key);
// One file of "SCORE LABEL" lines, label 1 (mated) or 0 (non-mated), as those adaptations write them.
LabelledScores read_labelled_scores(const std::filesystem::path& file);

// ---- Plots: the two score densities (histograms), D<->(s) on a second axis, D_sys in the title

struct UnlinkabilityPlotOptions {
  std::string title = "Unlinkability analysis";
  int width = 800, height = 480;
};
// A self-contained SVG document (no external references), ready to embed in a report.
std::string unlinkability_svg(const UnlinkabilityResult& result, const UnlinkabilityPlotOptions& options = {});
// The same figure drawn with OpenCV (BGR, 8 bit).
cv::Mat unlinkability_image(const UnlinkabilityResult& result, const UnlinkabilityPlotOptions& options = {});
// By extension: .svg or .png. Throws ProbeError naming the file on another extension or a write error.
void write_unlinkability_plot(const std::filesystem::path& out, const UnlinkabilityResult& result,
                              const UnlinkabilityPlotOptions& options = {});

// ---- Generic comparators for a black-box linkage attack on exported templates (6.1.3)

struct TemplateBlob {
  std::vector<std::uint8_t> bytes;    // as exported
  std::optional<std::vector<float>> values;  // decoded feature values, when the exporter says what they are
  std::string encoding;               // the exporter's word for it ("float32", "bits", ...); may be empty
};

// A similarity score (higher: more alike), or nullopt when the comparator does not apply to the pair.
using TemplateComparatorFn = std::function<std::optional<double>(const TemplateBlob&, const TemplateBlob&)>;
struct TemplateComparator {
  std::string name;
  std::string description;
  TemplateComparatorFn compare;
};
// The plug-in table: hamming, cosine-values, cosine-float32, cosine-float16, cosine-int8,
// ngram2-cosine, ngram3-cosine, ncd-zlib.
const std::vector<TemplateComparator>& generic_template_comparators();

// 1 - (differing bits / all bits); nullopt when the lengths differ or are 0.
std::optional<double> hamming_similarity(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);
// Cosine of two equal-length vectors; nullopt when lengths differ, are 0, or a vector is all zero.
std::optional<double> cosine_similarity(std::span<const float> a, std::span<const float> b);
// The blob read as little-endian float32 / float16 / int8 values; nullopt when the length does not
// divide or a value is not finite or not plausible as a feature (|v| > 1e6, or mostly denormal).
std::optional<std::vector<float>> decode_float32(std::span<const std::uint8_t> bytes);
std::optional<std::vector<float>> decode_float16(std::span<const std::uint8_t> bytes);
std::vector<float> decode_int8(std::span<const std::uint8_t> bytes);
// Cosine of the byte n-gram count vectors (n = 1..4); nullopt when a blob is shorter than n.
std::optional<double> ngram_cosine(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b, int n);
// 1 - normalised compression distance with zlib (level 9); nullopt for an empty blob.
std::optional<double> compression_similarity(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

using TemplatePair = std::pair<TemplateBlob, TemplateBlob>;

struct ComparatorLinkage {
  std::string comparator;
  bool applied = false;          // scored every mated and non-mated pair with some spread
  std::string note;              // why not applied, or "no spread" when every score is equal
  std::optional<UnlinkabilityResult> result;  // when applied
};
struct LinkageAttackReport {
  std::vector<ComparatorLinkage> comparators;  // in table order
  std::string worst_comparator;                // the highest D_sys; empty when none applied
  double worst_d_sys = 0.0;
};
// Scores the pairs with every generic comparator and computes D_sys for each. A comparator that
// does not apply to some pair is skipped (noted); one whose scores are all equal links nothing
// (D_sys 0, noted). Throws ProbeError when either pair list is empty.
LinkageAttackReport black_box_linkage(std::span<const TemplatePair> mated, std::span<const TemplatePair> nonmated,
                                      const UnlinkabilityOptions& options = {});

nlohmann::json to_json(const LinkageAttackReport& report);

// ---- Irreversibility evidence on one template blob (6.1.3: no image can be recovered)

struct IrreversibilityOptions {
  std::size_t typical_image_bytes = 0;  // a typical enrolment image's size; 0: size not assessed
  double far_below_ratio = 0.1;         // template / typical image at or below this is "far below"
  std::vector<int> pixel_sides = {64, 100, 112, 128};  // byte-as-pixel squares tried (grey and BGR)
  const FaceDetector* detector = nullptr;  // nullptr: the default cascade is loaded
};

struct ImageSignatureFinding {
  std::string format;  // JPEG, PNG, BMP, WebP
  std::size_t offset = 0, length = 0;
  bool complete = false;  // the structure walks to its end; else truncated or broken
};

struct IrreversibilityEvidence {
  std::size_t template_bytes = 0;
  std::vector<ImageSignatureFinding> image_signatures;  // images (or starts of them) in the blob
  bool decodes_as_image = false;                        // facecert::media::imdecode accepts the blob
  std::vector<std::string> faces_as_pixels;             // "112x112 grey: 1 face" for each hit
  std::optional<double> size_ratio;                     // template / typical image
  bool size_far_below_image = false;                    // ratio at or below far_below_ratio
  bool image_found() const {
    return !image_signatures.empty() || decodes_as_image || !faces_as_pixels.empty();
  }
  std::vector<std::string> summary;  // one line per check, verdict-ready
};

IrreversibilityEvidence inspect_template_for_image(std::span<const std::uint8_t> blob,
                                                   const IrreversibilityOptions& options = {});

nlohmann::json to_json(const IrreversibilityEvidence& evidence);

}  // namespace facecert::probes
