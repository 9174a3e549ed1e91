// Synthetic identities (docs/demo-generator.md): the astronaut's head with its landmark geometry
// changed (eye distance, nose length, mouth width, jaw, face length), its skin tone changed, and
// drawn attributes (glasses, brows, moustache/beard, fringe, moles, freckles). LBPH compares local
// texture in an 8x8 grid, so every identity differs from every other in several grid rows.
#include <algorithm>
#include <mutex>
#include <stdexcept>

#include <opencv2/imgproc.hpp>

#include "facecert/datasets/demo_media.h"
#include "facecert/probes/face_landmarks.h"
#include "synth.h"

namespace facecert::datasets::synth {
namespace {

constexpr double kFaceWidth = 200;  // jaw width (points 0-16) of the base head, pixels

double face_width(const Landmarks& p) { return cv::norm(p[0] - p[16]); }

cv::Point2f centroid(const Landmarks& p, int a, int b) {
  cv::Point2f c(0, 0);
  for (int i = a; i <= b; ++i) c += p[i];
  return c * (1.0f / static_cast<float>(b - a + 1));
}

Face load_base(bool mirrored) {
  cv::Mat photo = load_demo_image("astronaut.jpg");
  // The mirror image is another face to a texture matcher: the hair parting, the smile, the
  // lighting swap sides.
  if (mirrored) cv::flip(photo, photo, 1);
  const probes::FaceLandmarker landmarker;
  const auto fitted = landmarker.fit(photo);
  if (!fitted) throw std::runtime_error("astronaut.jpg: no face found for the landmarks");
  const double scale = kFaceWidth / face_width(fitted->points);
  cv::Mat big;
  cv::resize(photo, big, cv::Size(), scale, scale, cv::INTER_CUBIC);
  Landmarks pts;
  for (int i = 0; i < 68; ++i) pts[i] = fitted->points[i] * static_cast<float>(scale);
  // A square head crop of 2.2 face widths around the landmarks' centre.
  const cv::Point2f c = centroid(pts, 0, 67);
  const int side = static_cast<int>(kFaceWidth * 2.2);
  const cv::Rect want(static_cast<int>(c.x) - side / 2, static_cast<int>(c.y) - side / 2 - 20, side, side);
  cv::Mat padded;
  const int pad = side;
  cv::copyMakeBorder(big, padded, pad, pad, pad, pad, cv::BORDER_REPLICATE);
  Face face;
  face.bgr = padded(want + cv::Point(pad, pad)).clone();
  for (int i = 0; i < 68; ++i) face.pts[i] = pts[i] - cv::Point2f(static_cast<float>(want.x), static_cast<float>(want.y));
  // The head: an ellipse from the chin to above the hair line, feathered.
  const cv::Point2f fc = centroid(face.pts, 0, 16);
  const float chin = face.pts[8].y;
  face.alpha = cv::Mat::zeros(face.bgr.size(), CV_32F);
  const float ry = (chin + 12 - (fc.y - 1.1f * static_cast<float>(kFaceWidth))) / 2;
  cv::ellipse(face.alpha, cv::Point(static_cast<int>(fc.x), static_cast<int>(chin + 12 - ry)),
              cv::Size(static_cast<int>(0.68 * kFaceWidth), static_cast<int>(ry)), 0, 0, 360, cv::Scalar(1), -1,
              cv::LINE_AA);
  cv::GaussianBlur(face.alpha, face.alpha, cv::Size(0, 0), 6);
  return face;
}

// Random points inside a polygon, for hair strokes and spots.
cv::Point2f inside(const std::vector<cv::Point>& poly, Rng& rng) {
  const cv::Rect box = cv::boundingRect(poly);
  for (int tries = 0; tries < 200; ++tries) {
    const cv::Point2f p(static_cast<float>(rng.uniform(box.x, box.x + box.width)),
                        static_cast<float>(rng.uniform(box.y, box.y + box.height)));
    if (cv::pointPolygonTest(poly, p, false) >= 0) return p;
  }
  return cv::Point2f(static_cast<float>(box.x + box.width / 2), static_cast<float>(box.y + box.height / 2));
}

void hair(cv::Mat& img, const std::vector<cv::Point>& region, Rng& rng, int strokes, double angle, double length,
          cv::Scalar colour) {
  for (int i = 0; i < strokes; ++i) {
    const cv::Point2f p = inside(region, rng);
    const double a = angle + rng.uniform(-0.35, 0.35);
    const double len = length * rng.uniform(0.6, 1.3);
    const cv::Point2f q = p + cv::Point2f(static_cast<float>(std::cos(a) * len), static_cast<float>(std::sin(a) * len));
    const double shade = rng.uniform(0.6, 1.2);
    cv::line(img, p, q, colour * shade, 1, cv::LINE_AA);
  }
}

std::vector<cv::Point> poly(const Landmarks& p, std::initializer_list<int> ids, cv::Point2f shift = {0, 0}) {
  std::vector<cv::Point> out;
  for (int i : ids) out.emplace_back(p[i] + shift);
  return out;
}

void glasses(cv::Mat& img, const Landmarks& p, bool round, int thickness, cv::Scalar colour) {
  const cv::Point2f l = centroid(p, 36, 41), r = centroid(p, 42, 47);
  const float w = static_cast<float>(cv::norm(p[36] - p[39])) * 0.95f;
  for (const auto& c : {l, r}) {
    if (round)
      cv::circle(img, c, static_cast<int>(w), colour, thickness, cv::LINE_AA);
    else
      cv::rectangle(img, cv::Rect(cv::Point(c + cv::Point2f(-w * 1.1f, -w * 0.75f)), cv::Point(c + cv::Point2f(w * 1.1f, w * 0.8f))),
                    colour, thickness, cv::LINE_AA);
  }
  cv::line(img, l + cv::Point2f(w * (round ? 1.f : 1.1f), -w * 0.2f), r - cv::Point2f(w * (round ? 1.f : 1.1f), w * 0.2f), colour,
           thickness, cv::LINE_AA);
  cv::line(img, l - cv::Point2f(w * 1.1f, w * 0.1f), p[0], colour, thickness, cv::LINE_AA);
  cv::line(img, r + cv::Point2f(w * 1.1f, -w * 0.1f), p[16], colour, thickness, cv::LINE_AA);
}

// The identity table: geometry factors and attributes, one row per identity (then repeating with
// other seeds). eye, nose, mouth, jaw, length: relative changes.
struct Recipe {
  double eye, nose, mouth, jaw, length;
  int glasses;     // 0 none, 1 round, 2 square
  int beard;       // 0 none, 1 moustache, 2 full beard, 3 goatee
  int fringe;      // 0 none, 1 fringe
  int brows;       // 0 as is, 1 thick, 2 thin raised
  int spots;       // 0 none, 1 moles, 2 freckles, 3 wrinkles and moles
  cv::Vec3d tone;  // BGR gains of the skin
  bool mirrored;   // made from the astronaut's mirror image
};
const Recipe kRecipes[] = {
    {+0.00, +0.00, +0.00, +0.00, +0.00, 0, 0, 0, 0, 3, {1.00, 1.00, 1.00}, false},
    {+0.10, -0.12, +0.15, +0.10, -0.06, 1, 1, 0, 1, 0, {0.80, 0.88, 0.95}, true},
    {-0.08, +0.15, -0.12, -0.08, +0.08, 0, 2, 1, 0, 0, {0.70, 0.78, 0.90}, false},
    {+0.06, +0.08, +0.10, +0.06, +0.05, 0, 3, 1, 2, 2, {1.02, 1.00, 0.96}, true},
    {-0.04, +0.10, +0.10, +0.03, +0.06, 0, 2, 0, 1, 3, {0.75, 0.82, 0.92}, true},
    {-0.10, +0.10, -0.10, -0.06, +0.04, 1, 3, 1, 0, 1, {0.90, 0.95, 1.05}, false},
};

}  // namespace

const Face& base_face(bool mirrored) {
  static std::once_flag once;
  static Face faces[2];
  std::call_once(once, [] {
    faces[0] = load_base(false);
    faces[1] = load_base(true);
  });
  return faces[mirrored ? 1 : 0];
}

cv::Mat warp_landmarks(const cv::Mat& image, const Landmarks& from, const Landmarks& to, double sigma) {
  // Backward map on a coarse grid (every 4 pixels), then interpolated: the field is smooth.
  constexpr int kStep = 8;
  const int gw = image.cols / kStep + 2, gh = image.rows / kStep + 2;
  cv::Mat gx(gh, gw, CV_32F), gy(gh, gw, CV_32F);
  const double inv = 1.0 / (2 * sigma * sigma);
  for (int y = 0; y < gh; ++y)
    for (int x = 0; x < gw; ++x) {
      const double px = x * kStep, py = y * kStep;
      double sx = 0, sy = 0, sw = 0.02;  // the constant weight keeps far pixels in place
      for (int i = 0; i < 68; ++i) {
        const double dx = px - to[i].x, dy = py - to[i].y;
        const double w = std::exp(-(dx * dx + dy * dy) * inv);
        sx += w * (from[i].x - to[i].x);
        sy += w * (from[i].y - to[i].y);
        sw += w;
      }
      gx.at<float>(y, x) = static_cast<float>(px + sx / sw);
      gy.at<float>(y, x) = static_cast<float>(py + sy / sw);
    }
  cv::Mat mx, my;
  cv::resize(gx, mx, cv::Size(gw * kStep, gh * kStep), 0, 0, cv::INTER_LINEAR);
  cv::resize(gy, my, cv::Size(gw * kStep, gh * kStep), 0, 0, cv::INTER_LINEAR);
  // resize maps grid node k to pixel k*kStep + (kStep-1)/2; shift back by that half step.
  const cv::Mat affine = (cv::Mat_<double>(2, 3) << 1, 0, (kStep - 1) / 2.0, 0, 1, (kStep - 1) / 2.0);
  cv::warpAffine(mx, mx, affine, image.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  cv::warpAffine(my, my, affine, image.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  cv::Mat out;
  cv::remap(image, out, mx, my, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  return out;
}

void close_eyes(Face& face, double open) {
  const double c = std::clamp(1.0 - open, 0.0, 1.0);
  if (c <= 0) return;
  const cv::Mat src = face.bgr.clone();
  for (int first : {36, 42}) {
    const auto& p = face.pts;
    const cv::Point2f upper[4] = {p[first], p[first + 1], p[first + 2], p[first + 3]};
    const cv::Point2f lower[4] = {p[first], p[first + 5], p[first + 4], p[first + 3]};
    auto at = [](const cv::Point2f* line, float x) {
      for (int k = 0; k < 3; ++k)
        if (x <= line[k + 1].x || k == 2) {
          const float span = std::max(1e-3f, line[k + 1].x - line[k].x);
          const float t = std::clamp((x - line[k].x) / span, 0.f, 1.f);
          return line[k].y + t * (line[k + 1].y - line[k].y);
        }
      return line[3].y;
    };
    float max_h = 1;
    for (int k = 1; k < 3; ++k) max_h = std::max(max_h, at(lower, upper[k].x) - upper[k].y);
    const int x0 = static_cast<int>(std::floor(p[first].x)), x1 = static_cast<int>(std::ceil(p[first + 3].x));
    for (int x = std::max(0, x0); x <= std::min(face.bgr.cols - 1, x1); ++x) {
      const float fx = static_cast<float>(x);
      const float yu = at(upper, fx), yl = at(lower, fx);
      const float h = std::max(0.f, yl - yu) + 1.5f;  // the lid covers the lash line as well
      const float top = yu - 1.6f * max_h;
      const float yu2 = yu + static_cast<float>(c) * h;
      for (int y = std::max(0, static_cast<int>(top)); y <= std::min(face.bgr.rows - 1, static_cast<int>(yu2)); ++y) {
        const float sy = top + (static_cast<float>(y) - top) * (yu - top) / std::max(1.f, yu2 - top);
        const int y0 = std::clamp(static_cast<int>(sy), 0, src.rows - 2);
        const float t = std::clamp(sy - static_cast<float>(y0), 0.f, 1.f);
        face.bgr.at<cv::Vec3b>(y, x) = src.at<cv::Vec3b>(y0, x) * (1 - t) + src.at<cv::Vec3b>(y0 + 1, x) * t;
      }
      if (c > 0.6 && yu2 >= 0 && yu2 < face.bgr.rows)  // the lashes along the closed lid
        face.bgr.at<cv::Vec3b>(static_cast<int>(yu2), x) = face.bgr.at<cv::Vec3b>(static_cast<int>(yu2), x) * 0.45;
    }
    for (int k : {1, 2}) {
      const float yl = at(lower, p[first + k].x);
      face.pts[first + k].y += static_cast<float>(c) * (yl - face.pts[first + k].y);
    }
  }
}

Face posed(const Face& face, double yaw, double pitch, double open) {
  // Depth of each landmark (0 at the contour's sides .. 1 at the nose tip): turning the head moves
  // near points more than far ones, which no homography reproduces.
  static const auto depth = [] {
    std::array<double, 68> d{};
    for (int i = 0; i <= 16; ++i) d[i] = 0.3 * (1 - std::abs(i - 8) / 8.0);
    for (int i = 17; i <= 26; ++i) d[i] = 0.45;
    for (int i = 27; i <= 29; ++i) d[i] = 0.6 + 0.1 * (i - 27);
    for (int i = 30; i <= 35; ++i) d[i] = i == 30 ? 1.0 : 0.8;
    for (int i = 36; i <= 47; ++i) d[i] = 0.35;
    for (int i = 48; i <= 67; ++i) d[i] = 0.55;
    return d;
  }();
  const double k = 0.06 * face_width(face.pts);
  Face out;
  Landmarks to = face.pts;
  for (int i = 0; i < 68; ++i) {
    to[i].x += static_cast<float>(yaw * k * depth[i]);
    to[i].y += static_cast<float>(pitch * k * depth[i]);
  }
  const double sigma = 0.1 * face_width(face.pts);
  out.bgr = warp_landmarks(face.bgr, face.pts, to, sigma);
  out.alpha = face.alpha;
  out.pts = to;
  close_eyes(out, open);
  return out;
}

Face make_identity(int index) {
  if (index < 0) throw std::invalid_argument("identity index < 0");
  const int n = static_cast<int>(std::size(kRecipes));
  Recipe r = kRecipes[index % n];
  const Face& base = base_face(r.mirrored != (index / n % 2 == 1));
  for (double* f : {&r.eye, &r.nose, &r.mouth, &r.jaw, &r.length}) *f *= 2.0;
  Rng rng(0x5eed1d00u + static_cast<std::uint64_t>(index) * 7919u);
  if (index >= n) {  // later identities: the same recipes with other proportions
    r.eye += rng.uniform(-0.05, 0.05), r.nose += rng.uniform(-0.05, 0.05), r.mouth += rng.uniform(-0.05, 0.05);
    r.jaw += rng.uniform(-0.05, 0.05), r.length += rng.uniform(-0.04, 0.04);
  }
  // Geometry.
  const Landmarks& p = base.pts;
  Landmarks to = p;
  const cv::Point2f le = centroid(p, 36, 41), re = centroid(p, 42, 47), mid = (le + re) * 0.5f;
  const float eye_shift = static_cast<float>(r.eye * cv::norm(re - le) / 2);
  for (int i = 17; i <= 21; ++i) to[i].x -= eye_shift;
  for (int i = 36; i <= 41; ++i) to[i].x -= eye_shift;
  for (int i = 22; i <= 26; ++i) to[i].x += eye_shift;
  for (int i = 42; i <= 47; ++i) to[i].x += eye_shift;
  const float nose_len = p[33].y - p[27].y;
  for (int i = 28; i <= 35; ++i) to[i].y += static_cast<float>(r.nose * nose_len * (p[i].y - p[27].y) / nose_len);
  const cv::Point2f mc = centroid(p, 48, 59);
  for (int i = 48; i <= 67; ++i) {
    to[i].x = mc.x + static_cast<float>(1 + r.mouth) * (p[i].x - mc.x);
    to[i].y += static_cast<float>(r.nose * nose_len * 0.8);
  }
  for (int i = 0; i <= 16; ++i) {
    to[i].x = mid.x + static_cast<float>(1 + r.jaw) * (p[i].x - mid.x);
    to[i].y = mid.y + static_cast<float>(1 + r.length) * (p[i].y - mid.y);
  }
  Face face;
  face.bgr = warp_landmarks(base.bgr, p, to, 0.12 * kFaceWidth);
  face.alpha = warp_landmarks(base.alpha, p, to, 0.12 * kFaceWidth);
  face.pts = to;
  // Skin tone inside the head (the drawn attributes come after and keep their colour).
  cv::Mat f;
  face.bgr.convertTo(f, CV_32FC3);
  cv::Mat toned;
  cv::multiply(f, cv::Scalar(r.tone[0], r.tone[1], r.tone[2]), toned);
  cv::Mat a3;
  cv::cvtColor(face.alpha, a3, cv::COLOR_GRAY2BGR);
  cv::Mat inv = cv::Scalar::all(1) - a3;
  f = toned.mul(a3) + f.mul(inv);
  f.convertTo(face.bgr, CV_8UC3);
  // Attributes.
  cv::Mat& img = face.bgr;
  const Landmarks& q = face.pts;
  const float fw = static_cast<float>(face_width(q));
  const cv::Scalar hair_colour = cv::Scalar(40, 52, 72) * rng.uniform(0.8, 1.3);
  if (r.fringe) {
    const auto region = std::vector<cv::Point>{cv::Point(q[0] + cv::Point2f(0, -0.45f * fw)), cv::Point(q[16] + cv::Point2f(0, -0.45f * fw)),
                                               cv::Point(q[24] + cv::Point2f(0, -0.12f * fw)), cv::Point(q[19] + cv::Point2f(0, -0.12f * fw))};
    hair(img, region, rng, 450, 1.45, 0.12 * fw, hair_colour);
  }
  if (r.brows == 1) {
    for (int first : {17, 22})
      for (int i = first; i < first + 4; ++i) cv::line(img, q[i], q[i + 1], hair_colour, 5, cv::LINE_AA);
  } else if (r.brows == 2) {
    for (int first : {17, 22})
      for (int i = first; i < first + 4; ++i)
        cv::line(img, q[i] + cv::Point2f(0, -0.06f * fw), q[i + 1] + cv::Point2f(0, -0.06f * fw), hair_colour, 3, cv::LINE_AA);
  }
  if (r.beard == 1 || r.beard == 2) {
    const auto region = poly(q, {48, 49, 50, 51, 52, 53, 54}, {0, -2});
    auto above = region;
    for (auto& pt : above) pt.y -= static_cast<int>(0.07 * fw);
    std::vector<cv::Point> band(region.begin(), region.end());
    band.insert(band.end(), above.rbegin(), above.rend());
    hair(img, band, rng, 140, 1.57, 0.05 * fw, hair_colour);
  }
  if (r.beard == 2) {
    const auto region = poly(q, {3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 54, 55, 56, 57, 58, 59, 48});
    hair(img, region, rng, 220, 1.57, 0.06 * fw, hair_colour);
  } else if (r.beard == 3) {
    const auto region = poly(q, {6, 7, 8, 9, 10, 56, 57, 58});
    hair(img, region, rng, 220, 1.57, 0.06 * fw, hair_colour);
  }
  if (r.glasses) glasses(img, q, r.glasses == 1, r.glasses == 1 ? 2 : 3, cv::Scalar(70, 80, 100) * rng.uniform(0.7, 1.2));
  if (r.spots == 3) {  // an older face: forehead lines, crow's feet, nasolabial folds
    const cv::Scalar line = cv::Scalar(60, 80, 120) * rng.uniform(0.8, 1.1);
    const float brow = std::min(q[19].y, q[24].y);
    for (int i = 1; i <= 3; ++i) {
      const float y = brow - 0.07f * fw * static_cast<float>(i);
      cv::ellipse(img, cv::Point2f((q[19].x + q[24].x) / 2, y + 0.05f * fw), cv::Size(static_cast<int>(0.22f * fw), static_cast<int>(0.05f * fw)),
                  0, 200, 340, line, 1, cv::LINE_AA);
    }
    for (int side : {36, 45})
      for (int i = -1; i <= 1; ++i) {
        const cv::Point2f corner = q[side] + cv::Point2f(side == 36 ? -0.03f * fw : 0.03f * fw, 0);
        cv::line(img, corner, corner + cv::Point2f(side == 36 ? -0.07f * fw : 0.07f * fw, 0.04f * fw * static_cast<float>(i)), line, 1, cv::LINE_AA);
      }
    cv::line(img, q[31] + cv::Point2f(-0.04f * fw, 0), q[48] + cv::Point2f(-0.04f * fw, 0.02f * fw), line, 2, cv::LINE_AA);
    cv::line(img, q[35] + cv::Point2f(0.04f * fw, 0), q[54] + cv::Point2f(0.04f * fw, 0.02f * fw), line, 2, cv::LINE_AA);
  }
  if (r.spots == 1 || r.spots == 3) {
    const auto cheeks = poly(q, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 35, 31});
    for (int i = 0; i < 6; ++i) {
      const cv::Point2f at = inside(cheeks, rng);
      cv::circle(img, at, rng.integer(2, 4), cv::Scalar(30, 40, 60), -1, cv::LINE_AA);
    }
  } else if (r.spots == 2) {
    const auto cheeks = poly(q, {1, 2, 3, 4, 5, 31, 33, 35, 11, 12, 13, 14, 15, 28});
    for (int i = 0; i < 50; ++i)
    {
      const cv::Point2f at = inside(cheeks, rng);
      cv::circle(img, at, 1, cv::Scalar(80, 110, 160) * rng.uniform(0.8, 1.0), -1, cv::LINE_AA);
    }
  }
  return face;
}

}  // namespace facecert::datasets::synth
