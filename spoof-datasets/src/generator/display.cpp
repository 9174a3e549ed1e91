// Display instruments: a recorded bona fide clip replayed on a screen, and a still animated into a
// clip (eyelid warp, nodding by a perspective warp) shown on a screen; both re-captured by the
// camera through the screen's pixel grid (RGB stripes, black matrix: moire where the grid beats
// with the camera's sampling), its gamma, a reflection on the glass and the device's bezel.
#include <algorithm>

#include <fmt/format.h>
#include <opencv2/imgproc.hpp>

#include "synth.h"

namespace facecert::datasets::synth {

DisplayStyle random_display_style(Rng& rng) {
  DisplayStyle s;
  const int kind = rng.integer(0, 2);
  static const char* kinds[] = {"phone", "tablet", "monitor"};
  static const int ppis[] = {326, 264, 109};
  s.kind = kinds[kind];
  s.ppi = ppis[kind] + (kind == 0 ? 60 * rng.integer(0, 2) : 0);
  s.pitch = rng.uniform(1.1, 4.2);
  s.gamma = rng.uniform(0.8, 1.3);
  s.black_matrix = rng.uniform(0.05, 0.6);
  s.leak = rng.uniform(0.3, 0.8);
  s.reflection = rng.uniform(0.0, 0.18);
  return s;
}

DisplayPose random_display_pose(Rng& rng, cv::Size frame, double aspect) {
  const double w = frame.width * rng.uniform(0.85, 1.1), h = w / aspect;
  const cv::Point2f c = cv::Point2f(frame.width / 2.f, frame.height / 2.f) + rng.point(-40, 40, -25, 25);
  const double a = rng.uniform(-0.08, 0.08);
  DisplayPose pose;
  const cv::Point2f half[4] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
  for (int i = 0; i < 4; ++i) {
    const double dx = half[i].x * w / 2, dy = half[i].y * h / 2;
    pose.corners[static_cast<std::size_t>(i)] =
        c + cv::Point2f(static_cast<float>(dx * std::cos(a) - dy * std::sin(a) + rng.uniform(-15, 15)),
                        static_cast<float>(dx * std::sin(a) + dy * std::cos(a) + rng.uniform(-15, 15)));
  }
  return pose;
}

cv::Mat show_on_display(const cv::Mat& content, const DisplayStyle& style, const DisplayPose& pose, const cv::Mat& room, Rng& rng) {
  const auto& c = pose.corners;
  const double width = cv::norm(c[1] - c[0]);
  const int sw = std::max(16, static_cast<int>(width / style.pitch));
  const int sh = std::max(12, sw * content.rows / content.cols);
  cv::Mat screen;
  cv::resize(content, screen, cv::Size(sw, sh), 0, 0, cv::INTER_AREA);
  // The panel's tone curve and white point.
  cv::Mat lut(1, 256, CV_8UC1);
  for (int i = 0; i < 256; ++i) lut.at<uchar>(i) = cv::saturate_cast<uchar>(10 + 235 * std::pow(i / 255.0, style.gamma));
  cv::LUT(screen, lut, screen);
  // Sub-pixels: every screen pixel is 3x3 cells, columns R, G, B, the last row the black matrix.
  const double leak = style.leak;
  const double gain = 1.0 / ((1 + 2 * leak) / 3 * (1 - style.black_matrix / 3));
  cv::Mat cells(sh * 3, sw * 3, CV_8UC3);
  for (int y = 0; y < cells.rows; ++y) {
    const auto* src = screen.ptr<cv::Vec3b>(y / 3);
    auto* dst = cells.ptr<cv::Vec3b>(y);
    const double row = (y % 3 == 2) ? 1 - style.black_matrix : 1.0;
    for (int x = 0; x < cells.cols; ++x) {
      const int lit = 2 - x % 3;  // BGR index of the sub-pixel in this column: R, G, B
      for (int k = 0; k < 3; ++k)
        dst[x][k] = cv::saturate_cast<uchar>(src[x / 3][k] * (k == lit ? 1.0 : leak) * row * gain);
    }
  }
  cv::Mat frame = room.clone();
  // The device: a dark bezel around the screen.
  std::vector<cv::Point> body;
  cv::Point2f centre(0, 0);
  for (const auto& p : c) centre += p * 0.25f;
  const float bezel = static_cast<float>(rng.uniform(1.06, 1.14));
  for (const auto& p : c) body.emplace_back(centre + (p - centre) * bezel);
  cv::fillConvexPoly(frame, body, cv::Scalar(25, 25, 28) * rng.uniform(0.6, 1.6), cv::LINE_AA);
  const cv::Point2f src[4] = {{0, 0}, {static_cast<float>(cells.cols), 0}, {static_cast<float>(cells.cols), static_cast<float>(cells.rows)},
                              {0, static_cast<float>(cells.rows)}};
  const cv::Mat h = cv::getPerspectiveTransform(src, c.data());
  cv::warpPerspective(cells, frame, h, frame.size(), cv::INTER_LINEAR, cv::BORDER_TRANSPARENT);
  // A reflection on the glass: a soft bright window shape.
  if (style.reflection > 0.01) {
    cv::Mat glare = cv::Mat::zeros(frame.size(), CV_8UC1);
    std::vector<cv::Point> screen_poly(c.begin(), c.end());
    const cv::Point2f p0 = c[0] + (c[2] - c[0]) * static_cast<float>(rng.uniform(0.1, 0.6));
    const int gw = rng.integer(60, 200);
    const int gh = rng.integer(80, 260);
    cv::rectangle(glare, cv::Rect(cv::Point(p0), cv::Size(gw, gh)), cv::Scalar(255), -1);
    cv::Mat inside = cv::Mat::zeros(frame.size(), CV_8UC1);
    cv::fillConvexPoly(inside, screen_poly, cv::Scalar(255));
    glare &= inside;
    // A wide blur, done at an eighth of the size (it is smooth anyway).
    cv::Mat small;
    cv::resize(glare, small, cv::Size(), 0.125, 0.125, cv::INTER_AREA);
    cv::GaussianBlur(small, small, cv::Size(0, 0), 25.0 / 8);
    cv::resize(small, glare, glare.size(), 0, 0, cv::INTER_LINEAR);
    cv::Mat g3;
    cv::cvtColor(glare, g3, cv::COLOR_GRAY2BGR);
    cv::addWeighted(frame, 1.0, g3, style.reflection, 0, frame);
  }
  return frame;
}

namespace {

Attack on_display(const std::vector<cv::Mat>& content, Rng& rng, cv::Size size, DisplayStyle& style) {
  Attack out;
  style = random_display_style(rng);
  DisplayPose pose = random_display_pose(rng, size, static_cast<double>(content.front().cols) / content.front().rows);
  const cv::Mat room = background(rng, size);
  const Camera cam = random_camera(rng);
  const bool handheld = style.kind != "monitor";
  cv::Point2f drift(0, 0);
  for (const auto& frame_in : content) {
    DisplayPose now = pose;
    if (handheld) {
      drift += rng.point(-2, 2, -1.5, 1.5);
      for (auto& p : now.corners) p += drift + rng.point(-0.6, 0.6, -0.6, 0.6);
    }
    cv::Mat frame = show_on_display(frame_in, style, now, room, rng);
    capture(frame, cam, rng);
    out.frames.push_back(std::move(frame));
  }
  out.conditions = fmt::format("indoor, {}, screen gamma {:.2f}, reflection {:.0f}%, blur {:.1f} px, noise {:.1f}",
                               handheld ? "held by hand" : "on a stand", style.gamma, style.reflection * 100, cam.blur, cam.noise);
  return out;
}

}  // namespace

Attack replay_attack(const Face& subject, Rng& rng, int frames, cv::Size size) {
  const LiveClip recorded = live_clip(subject, rng, frames, size, true);
  DisplayStyle style;
  Attack out = on_display(recorded.frames, rng, size, style);
  out.instrument = fmt::format("{} screen {} ppi ({:.1f} px per screen pixel as captured, black matrix {:.2f}), replay of a bona fide clip",
                               style.kind, style.ppi, style.pitch, style.black_matrix);
  out.conditions += fmt::format("; the clip shown: {}", recorded.conditions);
  return out;
}

Attack animation_attack(const Face& subject, Rng& rng, int frames, cv::Size size) {
  // One still (a photo of the subject), driven: the eyelids close once, the head nods (the whole
  // picture tilts in perspective about a horizontal axis).
  const cv::Mat bg = background(rng, size);
  const double scale = rng.uniform(160, 220) / cv::norm(subject.pts[0] - subject.pts[16]) * size.width / 640.0;
  const cv::Point2f centre = cv::Point2f(size.width / 2.f, size.height / 2.f) + rng.point(-40, 40, -20, 20);
  const int blink_at = frames >= 4 ? rng.integer(1, frames - 3) : -1;
  const double nod = rng.uniform(0.02, 0.06), phase = rng.uniform(0, 6.283);
  std::vector<cv::Mat> content;
  for (int i = 0; i < frames; ++i) {
    Face still = subject;
    still.bgr = subject.bgr.clone();
    close_eyes(still, i == blink_at ? 0.0 : (i == blink_at + 1 ? 0.5 : 1.0));
    cv::Mat frame = bg.clone();
    composite(frame, still, centre, scale);
    const double t = nod * std::sin(phase + 6.283 * i / std::max(1, frames));
    const float w = static_cast<float>(size.width), hgt = static_cast<float>(size.height);
    const cv::Point2f from[4] = {{0, 0}, {w, 0}, {w, hgt}, {0, hgt}};
    const float top = static_cast<float>(t * w), bottom = static_cast<float>(-t * w);
    const cv::Point2f to[4] = {{top, static_cast<float>(t * hgt)}, {w - top, static_cast<float>(t * hgt)}, {w - bottom, hgt}, {bottom, hgt}};
    cv::warpPerspective(frame, frame, cv::getPerspectiveTransform(from, to), size, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    content.push_back(std::move(frame));
  }
  DisplayStyle style;
  Attack out = on_display(content, rng, size, style);
  out.instrument = fmt::format("{} screen {} ppi ({:.1f} px per screen pixel as captured, black matrix {:.2f}), animation of one still "
                               "(eyelid warp{}, nodding by perspective warp {:.0f}%)",
                               style.kind, style.ppi, style.pitch, style.black_matrix, blink_at >= 0 ? fmt::format(" at frame {}", blink_at) : "",
                               nod * 100);
  return out;
}

}  // namespace facecert::datasets::synth
