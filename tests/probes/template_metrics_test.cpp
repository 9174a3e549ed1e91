// Template-protection measures (6.1.3): the unlinkability metric against a hand-worked case and the
// published behaviour, score files and their errors, plots, generic comparators and the linkage
// attack, irreversibility evidence.
#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>
#include <cstring>
#include <functional>
#include <fstream>
#include <random>

#include <opencv2/imgcodecs.hpp>
#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include "facecert/probes/face_detector.h"
#include "facecert/probes/media_io.h"
#include "facecert/probes/template_metrics.h"
#include "probes/frame_builder_support.h"

namespace facecert::probes {
namespace {

template <typename Distribution>
std::vector<double> draw(std::size_t n, Distribution d, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<double> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}
std::vector<double> gaussian(std::size_t n, double mean, double sd, unsigned seed) {
  return draw(n, std::normal_distribution<double>(mean, sd), seed);
}
std::vector<double> uniform(std::size_t n, double lo, double hi, unsigned seed) {
  return draw(n, std::uniform_real_distribution<double>(lo, hi), seed);
}

// Worked by hand. Scores span [0, 1]; 4 bins of width 0.25, centres .125 .375 .625 .875.
//   mated 0.5 0.75 0.9 1.0 -> counts 0 0 1 3 (1.0 falls in the last, closed bin); density
//     count / (4 * 0.25) = 0 0 1 3.   non-mated 0.0 0.1 0.3 0.6 -> counts 2 1 1 0, density 2 1 1 0.
//   omega 1: LR = 0, 0, 1, inf -> D = 0 (LR <= 1), 0, 0 (omega*LR = 1 is not > 1), 1 (no non-mated).
//     D * p_mated = 0 0 0 3; trapezoid over the centres: 0.25 * (0 + 0 + (0 + 3) / 2) = 0.375.
//   omega 2: bin 3 has omega*LR = 2 -> D = 2 * 2/3 - 1 = 1/3; D * p_mated = 0 0 1/3 3;
//     0.25 * ((0 + 1/3) / 2 + (1/3 + 3) / 2) = 0.25 * 11/6 = 11/24 = 0.458333.
//   omega 0.5: bin 3 has omega*LR = 0.5 -> D = 0: 0.375 again.
TEST(Unlinkability, HandWorkedCase) {
  const std::vector<double> mated{0.5, 0.75, 0.9, 1.0}, nonmated{0.0, 0.1, 0.3, 0.6};
  const auto r = compute_unlinkability(mated, nonmated, {1.0, 4});
  EXPECT_EQ(r.bin_edges, (std::vector<double>{0, 0.25, 0.5, 0.75, 1.0}));
  EXPECT_EQ(r.bin_centres, (std::vector<double>{0.125, 0.375, 0.625, 0.875}));
  EXPECT_EQ(r.mated_density, (std::vector<double>{0, 0, 1, 3}));
  EXPECT_EQ(r.nonmated_density, (std::vector<double>{2, 1, 1, 0}));
  EXPECT_EQ(r.local_d, (std::vector<double>{0, 0, 0, 1}));
  EXPECT_DOUBLE_EQ(r.d_sys, 0.375);
  EXPECT_NEAR(compute_unlinkability(mated, nonmated, {2.0, 4}).d_sys, 11.0 / 24.0, 1e-12);
  EXPECT_NEAR(compute_unlinkability(mated, nonmated, {2.0, 4}).local_d[2], 1.0 / 3.0, 1e-12);
  EXPECT_DOUBLE_EQ(compute_unlinkability(mated, nonmated, {0.5, 4}).d_sys, 0.375);
}

TEST(Unlinkability, DefaultBinsAsTheReference) {
  EXPECT_EQ(default_unlinkability_bins(10), 1);
  EXPECT_EQ(default_unlinkability_bins(555), 55);
  EXPECT_EQ(default_unlinkability_bins(5000), 100);
  EXPECT_THROW(default_unlinkability_bins(9), ProbeError);
  const auto r = compute_unlinkability(uniform(450, 0, 1, 1), uniform(3000, 0, 1, 2));
  EXPECT_EQ(r.bins, 45);
  EXPECT_EQ(r.bin_edges.size(), 46u);
  EXPECT_EQ(r.local_d.size(), 45u);
  EXPECT_EQ(compute_unlinkability(uniform(450, 0, 1, 1), uniform(3000, 0, 1, 2), {1.0, 7}).bins, 7);
}

// Published behaviour (TIFS 2018, figure of fully unlinkable systems): identical distributions give
// D_sys near 0; only sampling noise in the histograms leaves something.
TEST(Unlinkability, IdenticalDistributionsAreUnlinkable) {
  const auto r = compute_unlinkability(gaussian(50000, 0, 1, 3), gaussian(50000, 0, 1, 4));
  EXPECT_LT(r.d_sys, 0.05);
  EXPECT_GE(r.d_sys, 0.0);
}

// Fully linkable: disjoint mated and non-mated scores. D = 1 wherever mated scores fall; D_sys is
// the trapezoidal integral of the mated density over the bin centres, which (as in the reference)
// misses half a bin at each end of the mated range: mated uniform on [0.6, 1] with 100 bins of 0.01
// gives 1 - 2 * (0.005 * 2.5 / 2) - ... = 0.9875 up to noise.
TEST(Unlinkability, DisjointDistributionsAreFullyLinkable) {
  const auto r = compute_unlinkability(uniform(20000, 0.6, 1.0, 5), uniform(20000, 0.0, 0.4, 6));
  EXPECT_NEAR(r.d_sys, 0.9875, 0.005);
  for (std::size_t i = 0; i < r.local_d.size(); ++i) {
    if (r.mated_density[i] > 0) {
      EXPECT_EQ(r.local_d[i], 1.0) << "bin " << i;
    }
  }
}

// Overlapping: mated N(1, 1) against non-mated N(0, 1). LR(s) = exp(s - 1/2), so with omega 1
// D(s) = tanh((s - 1/2) / 2) for s > 1/2 and D_sys = integral over s > 1/2 of tanh((s - 1/2)/2) *
// phi(s - 1) ds = 0.29349 (numerically: trapezoid on 4e6 points over [-12, 14]). Likewise omega 2
// (D > 0 for s > 1/2 - ln 2): 0.48669, omega 0.5: 0.13757. The histogram estimate with 200k scores
// each and 100 bins is within 0.01.
TEST(Unlinkability, OverlappingGaussiansMatchTheAnalyticValue) {
  const auto mated = gaussian(200000, 1, 1, 7), nonmated = gaussian(200000, 0, 1, 8);
  EXPECT_NEAR(compute_unlinkability(mated, nonmated).d_sys, 0.29349, 0.01);
  EXPECT_NEAR(compute_unlinkability(mated, nonmated, {2.0, 0}).d_sys, 0.48669, 0.01);
  EXPECT_NEAR(compute_unlinkability(mated, nonmated, {0.5, 0}).d_sys, 0.13757, 0.01);
}

TEST(Unlinkability, RejectsBadInput) {
  const std::vector<double> ok{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0}, none;
  EXPECT_THROW(compute_unlinkability(none, ok), ProbeError);
  EXPECT_THROW(compute_unlinkability(ok, none), ProbeError);
  EXPECT_THROW(compute_unlinkability(ok, ok, {0.0, 0}), ProbeError);
  EXPECT_THROW(compute_unlinkability(ok, ok, {1.0, -1}), ProbeError);
  const std::vector<double> nan{0.1, std::nan("")}, same{0.5, 0.5};
  EXPECT_THROW(compute_unlinkability(nan, ok, {1.0, 4}), ProbeError);
  try {
    compute_unlinkability(same, same, {1.0, 4});
    FAIL() << "all-equal scores accepted";
  } catch (const ProbeError& e) {
    EXPECT_NE(std::string(e.what()).find("no range to bin"), std::string::npos) << e.what();
  }
}

TEST(Unlinkability, JsonCarriesTheCurve) {
  const auto j = to_json(compute_unlinkability(std::vector<double>{0.5, 0.75, 0.9, 1.0},
                                               std::vector<double>{0.0, 0.1, 0.3, 0.6}, {1.0, 4}));
  EXPECT_DOUBLE_EQ(j["d_sys"].get<double>(), 0.375);
  EXPECT_EQ(j["local_d"].size(), 4u);
  EXPECT_EQ(j["bin_edges"].size(), 5u);
  EXPECT_EQ(j["mated_count"], 4);
}

// ---- score files

struct ScoreDir {
  test::TempDir dir;
  std::filesystem::path write(const std::string& name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary) << text;
    return dir / name;
  }
};

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ProbeError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ScoreFiles, TextWithCommentsAndBlankLines) {
  ScoreDir d;
  const auto f = d.write("m.txt", "# mated\n0.5\n\n  0.75 # inline\n+1e-1\r\n-2 3\n");
  EXPECT_EQ(read_score_file(f), (std::vector<double>{0.5, 0.75, 0.1, -2, 3}));
}

TEST(ScoreFiles, RawFloat64AsTheReferenceReadsThem) {
  ScoreDir d;
  const std::vector<double> v{0.25, -1.5, 3.0};
  std::string bytes(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
  const auto f = d.write("m.bin", bytes);
  EXPECT_EQ(read_score_file(f), v);
  EXPECT_EQ(read_score_file(f, ScoreFileFormat::float64), v);
  EXPECT_NE(error_of([&] { read_score_file(d.write("odd.bin", bytes + std::string(3, '\0'))); }).find("not a whole number"),
            std::string::npos);
}

TEST(ScoreFiles, ErrorsNameFileAndLine) {
  ScoreDir d;
  EXPECT_NE(error_of([&] { read_score_file(d.dir / "missing.txt"); }).find("missing.txt: no such file"), std::string::npos);
  EXPECT_NE(error_of([&] { read_score_file(d.write("e.txt", "")); }).find("e.txt: empty"), std::string::npos);
  EXPECT_NE(error_of([&] { read_score_file(d.write("c.txt", "# nothing\n\n")); }).find("c.txt: no scores"),
            std::string::npos);
  EXPECT_NE(error_of([&] { read_score_file(d.write("x.txt", "0.1\n0.2\nabc\n")); }).find("x.txt:3: 'abc' is not a number"),
            std::string::npos);
  EXPECT_NE(error_of([&] { read_score_file(d.write("n.txt", "0.1\nnan\n")); }).find("n.txt:2: score is NaN"),
            std::string::npos);
  EXPECT_NE(error_of([&] { read_score_file(d.write("i.txt", "-inf\n")); }).find("i.txt:1: score is infinite"),
            std::string::npos);
  EXPECT_NE(error_of([&] { read_score_file(d.write("t.txt", "0.5x\n")); }).find("t.txt:1:"), std::string::npos);
}

TEST(ScoreFiles, TrialsWithKeyAndLabelledLines) {
  ScoreDir d;
  const auto s = d.write("scores", "a x 0.9\na y 0.1\nb y 0.8\nb x 0.2\n");
  const auto k = d.write("key", "a x target\na y nontarget\nb y 1\nb x 0\n");
  const auto t = read_scored_trials(s, k);
  EXPECT_EQ(t.mated, (std::vector<double>{0.9, 0.8}));
  EXPECT_EQ(t.nonmated, (std::vector<double>{0.1, 0.2}));
  EXPECT_NE(error_of([&] { read_scored_trials(s, d.write("k2", "a x target\n")); }).find("has no key"), std::string::npos);
  EXPECT_NE(error_of([&] { read_scored_trials(s, d.write("k3", "a x maybe\n")); }).find("k3:1: label 'maybe'"),
            std::string::npos);
  const auto l = read_labelled_scores(d.write("lab", "0.9 1\n0.1 0\n0.7 1\n"));
  EXPECT_EQ(l.mated, (std::vector<double>{0.9, 0.7}));
  EXPECT_EQ(l.nonmated, (std::vector<double>{0.1}));
  EXPECT_NE(error_of([&] { read_labelled_scores(d.write("lab2", "0.9 1\n")); }).find("no non-mated"), std::string::npos);
}

// ---- plots

TEST(UnlinkabilityPlot, SvgIsSelfContainedWithTitleAxesAndCurves) {
  const auto r = compute_unlinkability(gaussian(2000, 1, 1, 9), gaussian(2000, 0, 1, 10));
  const std::string svg = unlinkability_svg(r, {"Device <A>"});
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find(fmt::format("D_sys = {:.3f}", r.d_sys)), std::string::npos);
  EXPECT_NE(svg.find("Device &lt;A&gt;"), std::string::npos);
  EXPECT_NE(svg.find("Probability density"), std::string::npos);
  EXPECT_NE(svg.find(">Score<"), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);  // the non-mated outline
  EXPECT_EQ(svg.find("href"), std::string::npos);               // nothing to fetch
  EXPECT_EQ(svg.find("<script"), std::string::npos);
}

TEST(UnlinkabilityPlot, PngHasTheCurvesColours) {
  const auto r = compute_unlinkability(gaussian(2000, 1, 1, 9), gaussian(2000, 0, 1, 10));
  const cv::Mat img = unlinkability_image(r, {});
  ASSERT_EQ(img.size(), cv::Size(800, 480));
  int blue = 0, green = 0;
  for (int y = 0; y < img.rows; ++y)
    for (int x = 0; x < img.cols; ++x) {
      const auto p = img.at<cv::Vec3b>(y, x);
      blue += p[0] > 150 && p[2] < 60;
      green += p[1] > 140 && p[0] < 80 && p[2] < 80;
    }
  EXPECT_GT(blue, 200);
  EXPECT_GT(green, 200);
  test::TempDir dir;
  write_unlinkability_plot(dir / "u.png", r);
  EXPECT_FALSE(facecert::media::imread((dir / "u.png").string()).empty());
  EXPECT_THROW(write_unlinkability_plot(dir / "u.gif", r), ProbeError);
}

// ---- generic comparators and the black-box linkage attack

namespace comparators {

std::vector<std::uint8_t> float_bytes(const std::vector<float>& v) {
  std::vector<std::uint8_t> b(v.size() * 4);
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

TEST(TemplateComparators, ScoresWhatTheBlobsHold) {
  const std::vector<std::uint8_t> a{0x00, 0xFF}, b{0x0F, 0xFF};
  EXPECT_DOUBLE_EQ(*hamming_similarity(a, b), 1.0 - 4.0 / 16.0);
  EXPECT_FALSE(hamming_similarity(a, std::vector<std::uint8_t>{1}));
  EXPECT_NEAR(*cosine_similarity(std::vector<float>{1, 0}, std::vector<float>{1, 1}), std::sqrt(0.5), 1e-12);
  const auto f32 = decode_float32(float_bytes({0.5f, -1.25f, 3.0f}));
  ASSERT_TRUE(f32);
  EXPECT_EQ(*f32, (std::vector<float>{0.5f, -1.25f, 3.0f}));
  EXPECT_FALSE(decode_float32(std::vector<std::uint8_t>{0, 0, 0xC0, 0x7F}));  // NaN
  const auto f16 = decode_float16(std::vector<std::uint8_t>{0x00, 0x3C, 0x00, 0xC0, 0x00, 0x38});  // 1, -2, 0.5
  ASSERT_TRUE(f16);
  EXPECT_EQ(*f16, (std::vector<float>{1.0f, -2.0f, 0.5f}));
  EXPECT_FALSE(decode_float16(std::vector<std::uint8_t>{0x00, 0x7C}));  // inf
  EXPECT_EQ(decode_int8(std::vector<std::uint8_t>{0x01, 0xFF}), (std::vector<float>{1.0f, -1.0f}));
  const std::vector<std::uint8_t> abc{'a', 'b', 'c', 'a', 'b'}, xyz{'x', 'y', 'z'};
  EXPECT_NEAR(*ngram_cosine(abc, abc, 2), 1.0, 1e-12);
  EXPECT_DOUBLE_EQ(*ngram_cosine(abc, xyz, 2), 0.0);
  std::vector<std::uint8_t> text(400), other(400);
  std::mt19937 rng(11);
  for (auto& c : text) c = static_cast<std::uint8_t>(rng());
  for (auto& c : other) c = static_cast<std::uint8_t>(rng());
  EXPECT_GT(*compression_similarity(text, text), 0.9);  // a blob is its own best compressor dictionary
  EXPECT_LT(*compression_similarity(text, other), 0.1);
  EXPECT_EQ(generic_template_comparators().size(), 8u);
}

// Templates of 128 features: "raw" exports the features as float32 (same subject: same base plus
// noise), "protected" a per-application keyed random projection, binarised (what a compliant
// device does): mated pairs share a subject but not a key.
std::vector<float> features(std::mt19937& rng) {
  std::normal_distribution<float> d(0, 1);
  std::vector<float> v(128);
  for (auto& x : v) x = d(rng);
  return v;
}

std::vector<float> noisy(std::vector<float> v, std::mt19937& rng) {
  std::normal_distribution<float> d(0, 0.3f);
  for (auto& x : v) x += d(rng);
  return v;
}

// One application's key: a 256 x 128 Gaussian projection.
std::vector<float> projection(unsigned key) {
  std::mt19937 rng(key);
  std::normal_distribution<float> d(0, 1);
  std::vector<float> p(256 * 128);
  for (auto& x : p) x = d(rng);
  return p;
}

std::vector<std::uint8_t> protect(const std::vector<float>& v, const std::vector<float>& key) {
  std::vector<std::uint8_t> bits(32, 0);
  for (std::size_t j = 0; j < 256; ++j) {
    float dot = 0;
    for (std::size_t i = 0; i < v.size(); ++i) dot += v[i] * key[j * 128 + i];
    if (dot > 0) bits[j / 8] |= static_cast<std::uint8_t>(1u << (j % 8));
  }
  return bits;
}

TEST(LinkageAttack, RawFeaturesLinkProtectedDoNot) {
  std::mt19937 rng(12);
  const auto key1 = projection(1), key2 = projection(2);
  std::vector<TemplatePair> raw_mated, raw_non, prot_mated, prot_non;
  std::vector<std::vector<float>> subjects;
  for (int s = 0; s < 300; ++s) subjects.push_back(features(rng));
  for (std::size_t s = 0; s < subjects.size(); ++s) {
    const auto a = noisy(subjects[s], rng), b = noisy(subjects[s], rng);
    const auto c = noisy(subjects[(s + 1) % subjects.size()], rng);
    raw_mated.push_back({{float_bytes(a), std::nullopt, "float32"}, {float_bytes(b), std::nullopt, "float32"}});
    raw_non.push_back({{float_bytes(a), std::nullopt, "float32"}, {float_bytes(c), std::nullopt, "float32"}});
    prot_mated.push_back({{protect(a, key1), std::nullopt, "bits"}, {protect(b, key2), std::nullopt, "bits"}});
    prot_non.push_back({{protect(a, key1), std::nullopt, "bits"}, {protect(c, key2), std::nullopt, "bits"}});
  }
  const auto raw = black_box_linkage(raw_mated, raw_non);
  EXPECT_GT(raw.worst_d_sys, 0.9) << raw.worst_comparator;
  // Cosine on the float32 reading separates mated from non-mated completely (D = 1 wherever mated
  // scores fall), yet its D_sys is lower: the mated cosines crowd into two of the 30 bins and the
  // reference's trapezoid over bin centres integrates only part of them (docs/template-protection.md).
  const auto& f32 = raw.comparators[2];
  ASSERT_EQ(f32.comparator, "cosine-float32");
  ASSERT_TRUE(f32.result);
  for (std::size_t i = 0; i < f32.result->local_d.size(); ++i) {
    if (f32.result->mated_density[i] > 0) {
      EXPECT_EQ(f32.result->local_d[i], 1.0) << "bin " << i;
    }
  }
  const auto prot = black_box_linkage(prot_mated, prot_non);
  EXPECT_LT(prot.worst_d_sys, 0.35) << prot.worst_comparator;
  const auto& values = prot.comparators[1];
  EXPECT_EQ(values.comparator, "cosine-values");
  EXPECT_FALSE(values.applied);
  EXPECT_NE(values.note.find("does not apply to mated pair 1"), std::string::npos);
  EXPECT_EQ(to_json(prot)["comparators"].size(), 8u);
  EXPECT_THROW(black_box_linkage({}, prot_non), ProbeError);
}

}  // namespace comparators

// ---- irreversibility evidence

namespace evidence {

const FaceDetector& detector() {
  static const FaceDetector d;
  return d;
}

cv::Mat demo_face(int side) {  // the astronaut's face, cropped with a margin, side x side grey
  const cv::Mat img = facecert::media::imread((test::demo_dir() / "astronaut.jpg").string());
  const auto faces = detector().detect(img);
  EXPECT_FALSE(faces.empty());
  cv::Rect box = faces.empty() ? cv::Rect(0, 0, img.cols, img.rows) : faces[0];
  box = cv::Rect(box.x - box.width / 4, box.y - box.height / 4, box.width * 3 / 2, box.height * 3 / 2) &
        cv::Rect(0, 0, img.cols, img.rows);
  cv::Mat grey, out;
  cv::cvtColor(img(box), grey, cv::COLOR_BGR2GRAY);
  cv::resize(grey, out, {side, side}, 0, 0, cv::INTER_AREA);
  return out;
}

TEST(IrreversibilityEvidence, OpaqueTemplateHoldsNoImage) {
  std::vector<std::uint8_t> blob(512 * 4);
  std::mt19937 rng(13);
  for (auto& b : blob) b = static_cast<std::uint8_t>(rng());
  IrreversibilityOptions o;
  o.typical_image_bytes = 40000;
  o.detector = &detector();
  const auto e = inspect_template_for_image(blob, o);
  EXPECT_FALSE(e.image_found());
  ASSERT_TRUE(e.size_ratio);
  EXPECT_NEAR(*e.size_ratio, 2048.0 / 40000.0, 1e-12);
  EXPECT_TRUE(e.size_far_below_image);
  EXPECT_EQ(e.summary.back(), "no image evidence in the template");
  EXPECT_EQ(to_json(e)["image_found"], false);
}

TEST(IrreversibilityEvidence, EncodedImageInTheTemplateIsFound) {
  std::vector<std::uint8_t> jpeg;
  facecert::media::imencode(".jpg", demo_face(112), jpeg);
  // 64 filler bytes, then the JPEG (sized at once: GCC 12's -Warray-bounds misreads insert here).
  std::vector<std::uint8_t> blob(64 + jpeg.size(), 0x11);
  std::copy(jpeg.begin(), jpeg.end(), blob.begin() + 64);
  IrreversibilityOptions o;
  o.detector = &detector();
  o.pixel_sides = {};  // signatures only
  const auto e = inspect_template_for_image(blob, o);
  ASSERT_EQ(e.image_signatures.size(), 1u);
  EXPECT_EQ(e.image_signatures[0].format, "JPEG");
  EXPECT_EQ(e.image_signatures[0].offset, 64u);
  EXPECT_TRUE(e.image_signatures[0].complete);
  EXPECT_TRUE(inspect_template_for_image(jpeg, o).decodes_as_image);
  EXPECT_TRUE(e.image_found());
  EXPECT_FALSE(e.size_ratio);
}

TEST(IrreversibilityEvidence, RawFacePixelsAreFound) {
  const cv::Mat face = demo_face(112);
  const std::vector<std::uint8_t> blob(face.data, face.data + face.total());
  IrreversibilityOptions o;
  o.detector = &detector();
  o.pixel_sides = {100, 112};
  const auto e = inspect_template_for_image(blob, o);
  ASSERT_FALSE(e.faces_as_pixels.empty());
  EXPECT_EQ(e.faces_as_pixels[0].rfind("112x112 grey", 0), 0u) << e.faces_as_pixels[0];
  EXPECT_TRUE(e.image_found());
  EXPECT_FALSE(e.decodes_as_image);
}

}  // namespace evidence

}  // namespace
}  // namespace facecert::probes
