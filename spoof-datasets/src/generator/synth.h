// Internals of the demo-set generator (generator.h): synthetic faces with known landmarks, their
// rendering into scenes, and the presentation attack instruments. Not a public interface.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace facecert::datasets::synth {

using Landmarks = std::array<cv::Point2f, 68>;

// A small deterministic RNG wrapper (mt19937 raw output only, so that files are the same with any
// standard library).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : gen_(static_cast<std::uint32_t>(seed ^ (seed >> 32))) {}
  double uniform(double lo, double hi) { return lo + (hi - lo) * (gen_() / 4294967296.0); }
  int integer(int lo, int hi) { return lo + static_cast<int>(gen_() % static_cast<std::uint32_t>(hi - lo + 1)); }
  bool chance(double p) { return uniform(0, 1) < p; }
  double normal() {  // Box-Muller
    const double u1 = uniform(1e-12, 1), u2 = uniform(0, 1);
    return std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  std::uint32_t raw() { return gen_(); }
  // Several draws in a fixed order (function arguments are evaluated in an unspecified order).
  cv::Point2f point(double xlo, double xhi, double ylo, double yhi) {
    const double x = uniform(xlo, xhi);
    const double y = uniform(ylo, yhi);
    return {static_cast<float>(x), static_cast<float>(y)};
  }
  cv::Scalar scalar(double lo0, double hi0, double lo1, double hi1, double lo2, double hi2) {
    const double a = uniform(lo0, hi0);
    const double b = uniform(lo1, hi1);
    const double c = uniform(lo2, hi2);
    return {a, b, c};
  }
  double sign() { return chance(0.5) ? 1 : -1; }

 private:
  std::mt19937 gen_;
};

// A head: colour image, soft alpha (CV_32F, 0..1) of the head, and its 68 landmarks.
struct Face {
  cv::Mat bgr;
  cv::Mat alpha;
  Landmarks pts;
};

// The base head (astronaut.jpg, or its mirror image, with its fitted landmarks), read once.
const Face& base_face(bool mirrored = false);
// Synthetic identity `index` (0-based; geometry, skin, drawn attributes differ per index).
Face make_identity(int index);

// Moves the pixels so that landmarks `from` go to `to` (smooth displacement field, Gaussian RBF).
cv::Mat warp_landmarks(const cv::Mat& image, const Landmarks& from, const Landmarks& to, double sigma);
// The head turned a little (yaw/pitch in [-1, 1] ~ a few degrees: the nose moves more than the
// contour, so the motion is not a homography) with eyes `open` (1 open .. 0 closed).
Face posed(const Face& face, double yaw, double pitch, double open);
// Eyelids lowered: open = 1 leaves the eye, 0 closes it (the lid skin is stretched over the eye).
void close_eyes(Face& face, double open);

// Scenes and the camera.
cv::Mat background(Rng& rng, cv::Size size);
// Alpha-blends `face` into `frame`, scaled by `scale`, its landmark centre at `centre`; returns
// the landmarks in frame coordinates.
Landmarks composite(cv::Mat& frame, const Face& face, cv::Point2f centre, double scale);
struct Camera {
  double blur = 0.6, noise = 3, gain = 1, bias = 0;
  cv::Vec3d white{1, 1, 1};
  double light_angle = 0, light_strength = 0;  // a side light: brightness gradient across the frame
};
Camera random_camera(Rng& rng);
void capture(cv::Mat& frame, const Camera& camera, Rng& rng);  // light, blur, sensor noise

// The frames of a bona fide presentation (a live person), and the blink schedule it used.
struct LiveClip {
  std::vector<cv::Mat> frames;
  std::vector<Landmarks> points;  // where the face's landmarks are in each frame
  std::string conditions;
};
LiveClip live_clip(const Face& face, Rng& rng, int frames, cv::Size size, bool apply_camera = true);

// Instruments: each returns the frames as captured, and fills `instrument`, `conditions`.
struct Attack {
  std::vector<cv::Mat> frames;
  std::string instrument, conditions;
};
Attack print_attack(const Face& subject, Rng& rng, int frames, cv::Size size);
Attack paper_mask_attack(const Face& subject, const Face& wearer, Rng& rng, int frames, cv::Size size);
Attack replay_attack(const Face& subject, Rng& rng, int frames, cv::Size size);
Attack animation_attack(const Face& subject, Rng& rng, int frames, cv::Size size);

// A printed sheet: reduced gamut, colour cast, halftone screen, paper texture (in place).
struct PrintStyle {
  double pitch = 4, strength = 0.8, gamut = 0.8, saturation = 0.8;
  int lpi = 85;
  std::string paper;
};
PrintStyle random_print_style(Rng& rng);
void print_on_paper(cv::Mat& image, const PrintStyle& style, Rng& rng);

// A screen showing `content` recaptured by the camera: pixel grid with RGB stripes, gamma, a
// reflection, the bezel; the screen's corners in the frame are `corners` (clockwise from top-left).
struct DisplayStyle {
  double pitch = 2.5;      // capture pixels per screen pixel
  double gamma = 1, black_matrix = 0.4, reflection = 0.1;
  double leak = 0.45;      // a sub-pixel's light spreading into its neighbours (diffuser, lens)
  int ppi = 326;
  std::string kind;        // "phone", "tablet", "monitor"
};
DisplayStyle random_display_style(Rng& rng);
struct DisplayPose {
  std::array<cv::Point2f, 4> corners;
};
DisplayPose random_display_pose(Rng& rng, cv::Size frame, double aspect);
cv::Mat show_on_display(const cv::Mat& content, const DisplayStyle& style, const DisplayPose& pose,
                        const cv::Mat& room, Rng& rng);

}  // namespace facecert::datasets::synth
