// Scenes, the camera, and the bona fide presentation (a live person in front of the terminal).
#include <algorithm>
#include <mutex>

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include "facecert/datasets/demo_media.h"
#include "synth.h"

namespace facecert::datasets::synth {
namespace {

const std::vector<cv::Mat>& scene_photos() {
  static std::once_flag once;
  static std::vector<cv::Mat> photos;
  std::call_once(once, [] {
    for (const char* name : {"building.jpg", "fruits.jpg"}) photos.push_back(load_demo_image(name));
  });
  return photos;
}

}  // namespace

cv::Mat background(Rng& rng, cv::Size size) {
  cv::Mat out;
  if (rng.chance(0.5)) {  // a room: a photo's crop, defocused
    const auto& photos = scene_photos();
    const cv::Mat& photo = photos[static_cast<std::size_t>(rng.integer(0, static_cast<int>(photos.size()) - 1))];
    const double zoom = rng.uniform(1.0, 1.6);
    const int w = std::min(photo.cols, static_cast<int>(photo.cols / zoom)), h = std::min(photo.rows, static_cast<int>(photo.rows / zoom));
    const int x0 = rng.integer(0, photo.cols - w);
    const int y0 = rng.integer(0, photo.rows - h);
    const cv::Rect r(x0, y0, w, h);
    cv::resize(photo(r), out, size, 0, 0, cv::INTER_AREA);
    cv::GaussianBlur(out, out, cv::Size(0, 0), rng.uniform(1.0, 3.0));
  } else {  // a wall with a door frame and a shelf
    const cv::Scalar wall = rng.scalar(120, 220, 120, 220, 120, 220);
    out = cv::Mat(size, CV_8UC3, wall);
    for (int y = 0; y < size.height; ++y) out.row(y) *= 0.8 + 0.3 * y / size.height;
    const int x = rng.integer(0, size.width - 120);
    const int top = rng.integer(20, 120);
    const int door = rng.integer(80, 160);
    cv::rectangle(out, cv::Rect(x, top, door, size.height), wall * rng.uniform(0.5, 0.8), -1);
    const int shelf = rng.integer(60, size.height - 60);
    cv::rectangle(out, cv::Rect(0, shelf, size.width, rng.integer(8, 20)), wall * 0.4, -1);
    cv::GaussianBlur(out, out, cv::Size(0, 0), 1.5);
  }
  return out;
}

Landmarks composite(cv::Mat& frame, const Face& face, cv::Point2f centre, double scale) {
  cv::Point2f c(0, 0);
  for (const auto& p : face.pts) c += p;
  c *= 1.0f / 68;
  const cv::Mat m = (cv::Mat_<double>(2, 3) << scale, 0, centre.x - scale * c.x, 0, scale, centre.y - scale * c.y);
  cv::Mat img, alpha;
  cv::warpAffine(face.bgr, img, m, frame.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  cv::warpAffine(face.alpha, alpha, m, frame.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
  for (int y = 0; y < frame.rows; ++y) {
    auto* f = frame.ptr<cv::Vec3b>(y);
    const auto* s = img.ptr<cv::Vec3b>(y);
    const auto* a = alpha.ptr<float>(y);
    for (int x = 0; x < frame.cols; ++x)
      if (a[x] > 0.002f)
        for (int k = 0; k < 3; ++k) f[x][k] = cv::saturate_cast<uchar>(a[x] * s[x][k] + (1 - a[x]) * f[x][k]);
  }
  Landmarks out;
  for (int i = 0; i < 68; ++i)
    out[i] = cv::Point2f(static_cast<float>(scale * face.pts[i].x + m.at<double>(0, 2)),
                         static_cast<float>(scale * face.pts[i].y + m.at<double>(1, 2)));
  return out;
}

Camera random_camera(Rng& rng) {
  Camera cam;
  cam.blur = rng.uniform(0.3, 0.7);
  cam.noise = rng.uniform(1.0, 3.0);
  cam.gain = rng.uniform(0.85, 1.15);
  cam.bias = rng.uniform(-10, 10);
  const cv::Scalar white = rng.scalar(0.92, 1.08, 1, 1, 0.92, 1.08);
  cam.white = cv::Vec3d(white[0], white[1], white[2]);
  cam.light_angle = rng.uniform(0, 6.283);
  cam.light_strength = rng.uniform(0, 0.15);
  return cam;
}

void capture(cv::Mat& frame, const Camera& cam, Rng& rng) {
  cv::Mat f;
  frame.convertTo(f, CV_32FC3);
  // Light: a gain, a colour temperature and a gradient across the frame (a window on one side).
  const double cx = std::cos(cam.light_angle), cy = std::sin(cam.light_angle);
  cv::Mat light(frame.size(), CV_32F);
  for (int y = 0; y < frame.rows; ++y)
    for (int x = 0; x < frame.cols; ++x)
      light.at<float>(y, x) = static_cast<float>(
          cam.gain * (1 + cam.light_strength * ((x - frame.cols / 2.0) * cx + (y - frame.rows / 2.0) * cy) / frame.cols));
  cv::Mat l3;
  cv::cvtColor(light, l3, cv::COLOR_GRAY2BGR);
  f = f.mul(l3);
  cv::multiply(f, cv::Scalar(cam.white[0], cam.white[1], cam.white[2]), f);
  f += cv::Scalar::all(cam.bias);
  if (cam.blur > 0.25) cv::GaussianBlur(f, f, cv::Size(0, 0), cam.blur);
  cv::Mat noise(frame.size(), CV_32FC3);
  cv::RNG cvrng(rng.raw() | 1u);  // sensor noise, independent per frame
  cvrng.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(cam.noise));
  f += noise;
  f.convertTo(frame, CV_8UC3);
}

LiveClip live_clip(const Face& face, Rng& rng, int frames, cv::Size size, bool apply_camera) {
  LiveClip clip;
  const cv::Mat bg = background(rng, size);
  Camera cam = random_camera(rng);
  const double width = cv::norm(face.pts[0] - face.pts[16]);
  const double scale = rng.uniform(150, 210) / width * size.width / 640.0;
  cv::Point2f centre = cv::Point2f(size.width / 2.f, size.height / 2.f) + rng.point(-60, 60, -25, 25);
  const bool blinks = rng.chance(0.85);
  const int blink_at = frames >= 4 ? rng.integer(1, frames - 3) : -1;
  const double yaw_size = rng.uniform(0.45, 0.7);
  const double yaw_amp = yaw_size * rng.sign(), pitch_amp = rng.uniform(0.2, 0.5);
  const double phase = rng.uniform(0, 6.283), freq = rng.uniform(0.6, 1.2) / std::max(1, frames);
  for (int i = 0; i < frames; ++i) {
    double open = 1;
    if (blinks && i == blink_at) open = 0;
    if (blinks && i == blink_at + 1) open = rng.uniform(0.2, 0.6);
    const double t = 6.283 * freq * i;
    const double yaw = yaw_amp * (std::sin(t + phase) - std::sin(phase)) * 1.5;
    const double pitch = pitch_amp * (std::cos(1.3 * t + phase) - std::cos(phase));
    centre += rng.point(-1.5, 1.5, -1.0, 1.0);
    cv::Mat frame = bg.clone();
    clip.points.push_back(composite(frame, posed(face, yaw, pitch, open), centre, scale * (1 + rng.uniform(-0.01, 0.01))));
    if (apply_camera) {
      Camera now = cam;
      now.gain *= rng.uniform(0.98, 1.02);  // mains flicker and auto exposure
      capture(frame, now, rng);
    }
    clip.frames.push_back(std::move(frame));
  }
  clip.conditions = fmt::format("indoor, {} background, light gain {:.2f} side light {:.0f}%, blur {:.1f} px, noise {:.1f}, "
                                "head motion yaw {:.1f}, {}",
                                "static", cam.gain, cam.light_strength * 100, cam.blur, cam.noise, std::abs(yaw_amp),
                                blinks && blink_at >= 0 ? fmt::format("blink at frame {}", blink_at) : std::string("no blink"));
  return clip;
}

}  // namespace facecert::datasets::synth
