// Printed instruments: a photo printed on paper (halftone screen, reduced gamut, colour cast, paper
// texture) held in front of the camera, and a cut-out paper mask with eye holes worn by someone else.
#include <algorithm>

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include "synth.h"

namespace facecert::datasets::synth {
namespace {

// A frontal photo of the subject as the attacker would print it (from a social-media picture).
cv::Mat subject_photo(const Face& subject, Rng& rng, cv::Size size, double face_px) {
  cv::Mat photo = background(rng, size);
  const double scale = face_px / cv::norm(subject.pts[0] - subject.pts[16]);
  const double yaw = rng.uniform(-0.5, 0.5);
  const double pitch = rng.uniform(-0.3, 0.3);
  composite(photo, posed(subject, yaw, pitch, 1), cv::Point2f(size.width / 2.f, size.height * 0.52f),
            scale);
  Camera cam = random_camera(rng);
  cam.noise *= 0.5;
  capture(photo, cam, rng);
  return photo;
}

std::array<cv::Point2f, 4> rect_corners(cv::Size s) {
  return {cv::Point2f(0, 0), cv::Point2f(static_cast<float>(s.width), 0), cv::Point2f(static_cast<float>(s.width), static_cast<float>(s.height)),
          cv::Point2f(0, static_cast<float>(s.height))};
}

// Hand tremor: the whole sheet moves as one plane (a homography per frame).
std::array<cv::Point2f, 4> tremble(const std::array<cv::Point2f, 4>& c, cv::Point2f drift, Rng& rng) {
  auto out = c;
  for (auto& p : out) p += drift + rng.point(-0.8, 0.8, -0.8, 0.8);
  return out;
}

void paste(cv::Mat& frame, const cv::Mat& sheet, const cv::Mat& alpha, const std::array<cv::Point2f, 4>& corners) {
  const auto src = rect_corners(sheet.size());
  const cv::Mat h = cv::getPerspectiveTransform(src.data(), corners.data());
  cv::Mat img, a;
  cv::warpPerspective(sheet, img, h, frame.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT);
  cv::warpPerspective(alpha, a, h, frame.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
  for (int y = 0; y < frame.rows; ++y) {
    auto* f = frame.ptr<cv::Vec3b>(y);
    const auto* s = img.ptr<cv::Vec3b>(y);
    const auto* w = a.ptr<float>(y);
    for (int x = 0; x < frame.cols; ++x)
      if (w[x] > 0.002f)
        for (int k = 0; k < 3; ++k) f[x][k] = cv::saturate_cast<uchar>(w[x] * s[x][k] + (1 - w[x]) * f[x][k]);
  }
}

}  // namespace

PrintStyle random_print_style(Rng& rng) {
  PrintStyle s;
  s.pitch = rng.uniform(1.8, 6.0);     // capture pixels per halftone cell (set by the caller's scale)
  s.strength = rng.uniform(0.1, 1.0);  // 0.1: a fine photo print barely showing its screen
  s.gamut = rng.uniform(0.75, 0.92);
  s.saturation = rng.uniform(0.6, 0.95);
  static const char* papers[] = {"matte paper", "glossy photo paper", "plain office paper"};
  s.paper = papers[rng.integer(0, 2)];
  return s;
}

void print_on_paper(cv::Mat& image, const PrintStyle& style, Rng& rng) {
  cv::Mat f;
  image.convertTo(f, CV_32FC3, 1 / 255.0);
  // Gamut: the paper's white and the ink's darkest black, less saturated colours, a cast.
  cv::Mat grey;
  cv::cvtColor(f, grey, cv::COLOR_BGR2GRAY);
  cv::Mat g3;
  cv::cvtColor(grey, g3, cv::COLOR_GRAY2BGR);
  f = g3 + (f - g3) * style.saturation;
  const double black = 1 - style.gamut, white = 0.95;
  f = f * (white - black) + cv::Scalar::all(black);
  cv::multiply(f, rng.scalar(0.9, 1.0, 0.95, 1.02, 0.97, 1.03), f);
  // Halftone: cyan, magenta, yellow dots on screens turned 15, 75 and 0 degrees.
  const double angles[3] = {0.0, 75.0, 15.0};  // B<-yellow, G<-magenta, R<-cyan
  const double w = 6.283185307179586 / style.pitch;
  for (int y = 0; y < f.rows; ++y) {
    auto* px = f.ptr<cv::Vec3f>(y);
    for (int x = 0; x < f.cols; ++x)
      for (int k = 0; k < 3; ++k) {
        const double a = angles[k] * 3.14159265 / 180;
        const double u = x * std::cos(a) + y * std::sin(a), v = -x * std::sin(a) + y * std::cos(a);
        const double screen = 0.5 + 0.25 * (std::cos(w * u) + std::cos(w * v));  // 0..1
        const double ink = 1 - px[x][k];
        const double dot = std::clamp((ink - (1 - screen)) * 3.0 + 0.5, 0.0, 1.0);  // ink spreads: soft dots
        px[x][k] = static_cast<float>(1 - ((1 - style.strength) * ink + style.strength * dot));
      }
  }
  // Paper texture: fibres as low-contrast, fine multiplicative noise.
  cv::Mat tex(f.size(), CV_32F);
  cv::RNG cvrng(rng.raw() | 1u);
  cvrng.fill(tex, cv::RNG::NORMAL, 0, 0.03);
  cv::GaussianBlur(tex, tex, cv::Size(0, 0), 1.2);
  cv::Mat t3;
  cv::cvtColor(tex + 1, t3, cv::COLOR_GRAY2BGR);
  f = f.mul(t3);
  f.convertTo(image, CV_8UC3, 255);
}

Attack print_attack(const Face& subject, Rng& rng, int frames, cv::Size size) {
  Attack out;
  PrintStyle style = random_print_style(rng);
  const double face_in_frame = rng.uniform(150, 210) * size.width / 640.0;
  const cv::Size photo_size(420, 520);
  const double face_px = 240;
  const double scale = face_in_frame / face_px;  // sheet pixels -> frame pixels
  const double capture_pitch = style.pitch;
  style.pitch = capture_pitch / scale;
  cv::Mat photo = subject_photo(subject, rng, photo_size, face_px);
  print_on_paper(photo, style, rng);
  const int margin = rng.integer(18, 45);
  cv::Mat sheet(photo_size + cv::Size(2 * margin, 2 * margin), CV_8UC3, cv::Scalar(238, 242, 244) * rng.uniform(0.92, 1.0));
  photo.copyTo(sheet(cv::Rect(margin, margin, photo.cols, photo.rows)));
  const cv::Mat alpha(sheet.size(), CV_32F, cv::Scalar(1));
  // Where the sheet is held: its face near the frame's centre, tilted, a little in perspective.
  const cv::Point2f centre = cv::Point2f(size.width / 2.f, size.height / 2.f) + rng.point(-50, 50, -20, 30);
  const double angle = rng.uniform(-0.12, 0.12);
  std::array<cv::Point2f, 4> corners = rect_corners(sheet.size());
  for (auto& p : corners) {
    const cv::Point2f d = (p - cv::Point2f(sheet.cols / 2.f, sheet.rows * 0.48f)) * static_cast<float>(scale);
    p = centre + cv::Point2f(static_cast<float>(d.x * std::cos(angle) - d.y * std::sin(angle)),
                             static_cast<float>(d.x * std::sin(angle) + d.y * std::cos(angle)));
    p += rng.point(-12, 12, -12, 12);
  }
  const cv::Mat room = background(rng, size);
  Camera cam = random_camera(rng);
  cam.blur += rng.uniform(0.0, 1.0);  // the sheet is often nearer than the focus distance
  const cv::Scalar skin = rng.scalar(90, 150, 120, 170, 170, 220);
  cv::Point2f drift(0, 0);
  for (int i = 0; i < frames; ++i) {
    drift += rng.point(-2, 2, -1.5, 1.5);
    const auto now = tremble(corners, drift, rng);
    cv::Mat frame = room.clone();
    paste(frame, sheet, alpha, now);
    // The thumb holding the sheet's lower edge.
    const cv::Point2f thumb = now[3] + (now[2] - now[3]) * 0.3f;
    cv::ellipse(frame, thumb, cv::Size(18, 30), 10, 0, 360, skin, -1, cv::LINE_AA);
    capture(frame, cam, rng);
    out.frames.push_back(std::move(frame));
  }
  const double lpi = 25.4 / (0.25 * style.pitch);  // the sheet is printed at 0.25 mm per pixel
  out.instrument = fmt::format("halftone colour print {:.0f} lpi ({:.1f} px per cell as captured, screen strength {:.2f}), {}, "
                               "gamut {:.2f}, white border {} mm, held by hand",
                               lpi, capture_pitch, style.strength, style.paper, style.gamut, margin / 4);
  out.conditions = fmt::format("indoor, hand tremor, print tilted {:.0f} deg, blur {:.1f} px, noise {:.1f}", angle * 57.3, cam.blur, cam.noise);
  return out;
}

Attack paper_mask_attack(const Face& subject, const Face& wearer, Rng& rng, int frames, cv::Size size) {
  Attack out;
  PrintStyle style = random_print_style(rng);
  // The mask: the subject's frontal head printed at its own scale, cut along the face contour and
  // the forehead, with holes where the eyes are.
  Face mask;
  mask.bgr = subject.bgr.clone();
  mask.pts = subject.pts;
  // The wearer's face is 150-210 px wide (live_clip): the mask is printed for about 180.
  const double scale = 180.0 * size.width / 640.0 / cv::norm(subject.pts[0] - subject.pts[16]);
  const double capture_pitch = style.pitch;
  style.pitch = capture_pitch / scale;
  print_on_paper(mask.bgr, style, rng);
  std::vector<cv::Point> contour;
  for (int i = 0; i <= 16; ++i) contour.emplace_back(subject.pts[i]);
  const float lift = static_cast<float>(0.30 * cv::norm(subject.pts[0] - subject.pts[16]));
  for (int i = 26; i >= 17; --i) contour.emplace_back(subject.pts[i] - cv::Point2f(0, lift));
  mask.alpha = cv::Mat::zeros(mask.bgr.size(), CV_32F);
  cv::fillPoly(mask.alpha, std::vector<std::vector<cv::Point>>{contour}, cv::Scalar(1), cv::LINE_AA);
  for (int first : {36, 42}) {
    cv::Point2f c(0, 0);
    for (int i = first; i < first + 6; ++i) c += subject.pts[i];
    c *= 1.0f / 6;
    const float w = static_cast<float>(cv::norm(subject.pts[first] - subject.pts[first + 3]));
    cv::ellipse(mask.alpha, c, cv::Size(static_cast<int>(w * 0.75f), static_cast<int>(w * 0.42f)), 0, 0, 360, cv::Scalar(0), -1, cv::LINE_AA);
  }
  // The wearer: a live person (another face, its own eyes that blink) behind the mask.
  LiveClip live = live_clip(wearer, rng, frames, size, false);
  const Camera cam = random_camera(rng);
  // The mask sits on the wearer's eyes (a rigid, flat sheet following the head).
  const cv::Point2f ml = (subject.pts[36] + subject.pts[39]) * 0.5f, mr = (subject.pts[42] + subject.pts[45]) * 0.5f;
  for (int i = 0; i < frames; ++i) {
    cv::Mat frame = live.frames[static_cast<std::size_t>(i)];
    const Landmarks& w = live.points[static_cast<std::size_t>(i)];
    const cv::Point2f wl = (w[36] + w[39]) * 0.5f, wr = (w[42] + w[45]) * 0.5f;
    const double s = cv::norm(wr - wl) / cv::norm(mr - ml);
    const double a = std::atan2(wr.y - wl.y, wr.x - wl.x) - std::atan2(mr.y - ml.y, mr.x - ml.x);
    const cv::Point2f mc = (ml + mr) * 0.5f, wc = (wl + wr) * 0.5f;
    std::array<cv::Point2f, 4> corners{cv::Point2f(0, 0), cv::Point2f(static_cast<float>(mask.bgr.cols), 0),
                                       cv::Point2f(static_cast<float>(mask.bgr.cols), static_cast<float>(mask.bgr.rows)),
                                       cv::Point2f(0, static_cast<float>(mask.bgr.rows))};
    for (auto& p : corners) {
      const cv::Point2f d = (p - mc) * static_cast<float>(s);
      p = wc + cv::Point2f(static_cast<float>(d.x * std::cos(a) - d.y * std::sin(a)), static_cast<float>(d.x * std::sin(a) + d.y * std::cos(a)));
    }
    paste(frame, mask.bgr, mask.alpha, corners);
    capture(frame, cam, rng);
    out.frames.push_back(std::move(frame));
  }
  out.instrument = fmt::format("paper mask: halftone colour print {:.0f} lpi ({:.1f} px per cell as captured, screen strength {:.2f}), {}, "
                               "cut along the face contour, eye holes",
                               25.4 / (0.25 * style.pitch), capture_pitch, style.strength, style.paper);
  out.conditions = fmt::format("worn by another person whose eyes show through the holes; {}", live.conditions);
  return out;
}

}  // namespace facecert::datasets::synth
