// facecert-face-screen-bench: CPU cost and findings of the traffic analyser's face screening
// (FaceDetector::screen_encoded) on bench/capgen's image pool: the face crops (one face each) and
// the other photos (none) that the benchmark capture carries. Generated images, not real traffic.
//
// Per variant: CPU time per image (decode + detection) of the calling thread and of the process
// (OpenCV's own worker threads are counted only in the latter), face images with >= 1 face found
// (recall) and other images with >= 1 face found (false faces).
//
// Variants: `current` is the former LBP-then-Haar screening at 160 px (LBP scale 1.2, 3 neighbours,
// Haar 4 neighbours when LBP finds nothing), kept as the baseline; `library` is
// FaceDetector::screen_encoded (since 2026-11-28: LBP at 160 px from the biggest windows down,
// stopping at a face, then Haar around LBP hits; before that LBP at 96 px, then at 160; a 112-px
// LBP candidate screening, commit ba9a579, was reverted: bench/README.md says why); `haar-640` is count_faces_encoded (the
// full Haar search detect() does, what a thorough search finds). `--try` adds screenings described
// as stages, "lbp/128/1.25/3+haar/128/1.25/4" (cascade/side/scale/neighbours[/min size]; "lbp-own"
// is the same LBP cascade walked by the project's LbpCascade): a stage runs only when the ones
// before found nothing; "decode/160" is the decode and resize alone.
// `--cv-threads 1` against the default shows what OpenCV's own parallel_for costs (compare the
// process column: the worker threads' CPU is not the calling thread's).
#include <time.h>

#include <cstdint>
#include <functional>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "capgen/image_pool.h"
#include "facecert/probes/face_detector.h"
#include "facecert/probes/lbp_cascade.h"
#include "facecert/probes/media_io.h"

namespace {

using facecert::capgen::ImagePool;
using facecert::probes::FaceDetector;

struct Image {
  std::string bytes;
  int width = 0, height = 0;  // from the JPEG header, as the analyser's carver passes them
  bool face = false;
};

// The frame size from a JPEG's SOFn marker (what the carver reads); 0x0 when there is none.
void read_jpeg_size(Image& img) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(img.bytes.data());
  const std::size_t n = img.bytes.size();
  for (std::size_t i = 2; i + 9 < n;) {
    if (p[i] != 0xFF) return;
    const std::uint8_t m = p[i + 1];
    const std::size_t len = (std::size_t{p[i + 2]} << 8) | p[i + 3];
    if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
      img.height = (p[i + 5] << 8) | p[i + 6];
      img.width = (p[i + 7] << 8) | p[i + 8];
      return;
    }
    i += 2 + len;
  }
}

double cpu_seconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

std::span<const std::uint8_t> as_bytes(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// One cascade search of a staged screening.
struct Stage {
  cv::CascadeClassifier* cascade = nullptr;
  int side = 160;
  double scale_factor = 1.2;
  int min_neighbors = 3;
  int min_size = 24;
  const facecert::probes::LbpCascade* own = nullptr;  // the project's evaluator instead of OpenCV's
};

// A screening made of stages: decode in grey at the reduction the first stage's side allows,
// shrink to each stage's side, search; later stages only when nothing was found.
class StagedScreen {
 public:
  explicit StagedScreen(std::vector<Stage> stages) : stages_(std::move(stages)) {}
  int faces(const Image& img) const {
    int flags = cv::IMREAD_GRAYSCALE;
    const int side = std::max(img.width, img.height), want = stages_.front().side;
    for (const auto& [r, f] : {std::pair{8, cv::IMREAD_REDUCED_GRAYSCALE_8}, std::pair{4, cv::IMREAD_REDUCED_GRAYSCALE_4},
                              std::pair{2, cv::IMREAD_REDUCED_GRAYSCALE_2}})
      if (side / r >= want) {
        flags = f;
        break;
      }
    const cv::Mat grey = facecert::media::imdecode(cv::Mat(1, static_cast<int>(img.bytes.size()), CV_8UC1,
                                              const_cast<char*>(img.bytes.data())),
                                      flags);
    if (grey.empty()) return 0;
    for (const Stage& s : stages_) {
      cv::Mat small = grey;
      if (const int g = std::max(grey.cols, grey.rows); g > s.side) {
        const double f = static_cast<double>(s.side) / g;
        cv::resize(grey, small, cv::Size(), f, f, cv::INTER_AREA);
      }
      std::vector<cv::Rect> found;
      if (s.own) {
        found = s.own->windows(small, s.scale_factor, s.min_size);
        if (s.min_neighbors > 0) cv::groupRectangles(found, s.min_neighbors, 0.2);
      } else if (s.cascade) {
        s.cascade->detectMultiScale(small, found, s.scale_factor, s.min_neighbors, 0, cv::Size(s.min_size, s.min_size));
      }  // neither: "decode", the decode and resize cost alone
      if (!found.empty()) return static_cast<int>(found.size());
    }
    return 0;
  }

 private:
  std::vector<Stage> stages_;
};

struct Cascades {
  cv::CascadeClassifier haar, lbp;
  facecert::probes::LbpCascade own;
  Cascades() {
    const auto haar_file = FaceDetector::default_cascade_path();
    const auto lbp_file = haar_file.parent_path().parent_path() / "lbpcascades" / "lbpcascade_frontalface.xml";
    if (!haar.load(haar_file.string())) throw std::runtime_error(haar_file.string() + ": cannot load");
    if (!lbp.load(lbp_file.string())) throw std::runtime_error(lbp_file.string() + ": cannot load");
    own = facecert::probes::LbpCascade(lbp_file);
  }
};

// "lbp/128/1.25/3+haar/128/1.25/4[/24]" -> stages.
std::vector<Stage> parse_stages(const std::string& spec, Cascades& c) {
  std::vector<Stage> stages;
  std::stringstream all(spec);
  for (std::string part; std::getline(all, part, '+');) {
    std::stringstream ps(part);
    std::vector<std::string> f;
    for (std::string x; std::getline(ps, x, '/');) f.push_back(x);
    if (f.size() == 2 && f[0] == "decode") {
      stages.push_back({nullptr, std::stoi(f[1])});
      continue;
    }
    if (f.size() < 4 || (f[0] != "lbp" && f[0] != "haar" && f[0] != "lbp-own"))
      throw std::runtime_error(fmt::format("--try '{}': a stage is cascade/side/scale/neighbours[/min]", spec));
    Stage s;
    if (f[0] == "lbp-own")
      s.own = &c.own;
    else
      s.cascade = f[0] == "lbp" ? &c.lbp : &c.haar;
    s.side = std::stoi(f[1]);
    s.scale_factor = std::stod(f[2]);
    s.min_neighbors = std::stoi(f[3]);
    if (f.size() > 4) s.min_size = std::stoi(f[4]);
    stages.push_back(s);
  }
  return stages;
}

struct Variant {
  std::string name;
  std::function<int(const Image&)> faces;
};

struct Result {
  double thread_ms = 0, process_ms = 0, face_ms = 0, other_ms = 0;  // per image
  int found_faces = 0, false_faces = 0;
};

Result measure(const Variant& v, const std::vector<Image>& images) {
  Result r;
  double face_s = 0, other_s = 0;
  int n_face = 0, n_other = 0;
  const double p0 = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
  for (const Image& img : images) {
    const double t0 = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);
    const bool any = v.faces(img) > 0;
    (img.face ? face_s : other_s) += cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - t0;
    ++(img.face ? n_face : n_other);
    if (any && img.face) ++r.found_faces;
    if (any && !img.face) ++r.false_faces;
  }
  const double n = static_cast<double>(images.size());
  r.thread_ms = (face_s + other_s) * 1e3 / n;
  r.process_ms = (cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - p0) * 1e3 / n;
  r.face_ms = n_face ? face_s * 1e3 / n_face : 0;
  r.other_ms = n_other ? other_s * 1e3 / n_other : 0;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"CPU cost and recall of the traffic analyser's face screening on generated images"};
  std::size_t n_faces = 600, n_others = 200;
  std::uint64_t seed = 1;
  int threads = -1;
  bool with_reference = true;
  std::vector<std::string> tries;
  app.add_option("--faces", n_faces, "face images (one face each)");
  app.add_option("--others", n_others, "images without a face");
  app.add_option("--seed", seed, "image pool seed");
  app.add_option("--cv-threads", threads, "cv::setNumThreads for the measured runs (-1: OpenCV's default)");
  std::string own_walk = "avx2";
  app.add_option("--own-walk", own_walk, "how lbp-own stages walk windows: avx2 (where the CPU has it), one-by-one");
  app.add_option("--try", tries, "extra staged screenings, e.g. lbp/128/1.25/3+haar/128/1.25/4 or decode/160");
  app.add_flag("!--no-reference", with_reference, "skip the slow haar-640 reference");
  CLI11_PARSE(app, argc, argv);

  std::vector<Image> images;
  {
    ImagePool pool(seed, 2);
    for (std::size_t i = 0; i < n_faces; ++i) images.push_back({pool.get(ImagePool::Kind::Face, i), 0, 0, true});
    for (std::size_t i = 0; i < n_others; ++i) images.push_back({pool.get(ImagePool::Kind::NonFace, i), 0, 0, false});
  }
  for (Image& img : images) read_jpeg_size(img);
  cv::setNumThreads(threads);  // ImagePool sets 1 for its own threads

  const FaceDetector detector;
  Cascades cascades;
  if (own_walk == "one-by-one")
    cascades.own.set_walk(facecert::probes::CascadeWalk::one_by_one);
  else if (own_walk != "avx2")
    throw std::runtime_error("--own-walk " + own_walk + ": avx2 or one-by-one");
  std::vector<Variant> variants;
  const StagedScreen current({{&cascades.lbp, 160, 1.2, 3, 24}, {&cascades.haar, 160, 1.2, 4, 24}});
  variants.push_back({"current", [&](const Image& img) { return current.faces(img); }});
  variants.push_back({"library", [&](const Image& img) {
                        return static_cast<int>(
                            detector.screen_encoded(as_bytes(img.bytes), true, img.width, img.height).faces.size());
                      }});
  std::vector<StagedScreen> tried;
  tried.reserve(tries.size());
  for (const auto& spec : tries) {
    tried.emplace_back(parse_stages(spec, cascades));
    variants.push_back({spec, [&s = tried.back()](const Image& img) { return s.faces(img); }});
  }
  if (with_reference)
    variants.push_back({"haar-640 (detect)", [&](const Image& img) {
                          return std::max(0, detector.count_faces_encoded(as_bytes(img.bytes)));
                        }});

  // One untimed pass so that first-use costs (cascade evaluator set-up, thread pool) are not counted.
  for (const Variant& v : variants) v.faces(images.front());

  fmt::print("{} face images, {} other images, seed {}, cv threads {} (OpenCV reports {})\n", n_faces, n_others, seed,
             threads, cv::getNumThreads());
  fmt::print("{:<44} {:>10} {:>11} {:>8} {:>8} {:>14} {:>12}\n", "variant", "ms/img thr", "ms/img proc", "ms face",
             "ms other", "face recall", "false faces");
  for (const Variant& v : variants) {
    const Result r = measure(v, images);
    fmt::print("{:<44} {:>10.3f} {:>11.3f} {:>8.3f} {:>8.3f} {:>6} {:>6.1f}% {:>12}\n", v.name, r.thread_ms, r.process_ms,
               r.face_ms, r.other_ms, r.found_faces,
               100.0 * r.found_faces / static_cast<double>(std::max<std::size_t>(1, n_faces)), r.false_faces);
  }
  return 0;
}
