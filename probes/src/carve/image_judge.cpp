#include "image_judge.h"

#include <algorithm>

#include <opencv2/core.hpp>

#include "../detectors/evidence_thumbnail.h"
#include "facecert/probes/face_detector.h"

namespace facecert::probes::carve {
namespace {

// Bytes copied into the queue at most: the scan waits for the workers beyond this.
constexpr std::size_t kMaxQueuedBytes = 128u << 20;

}  // namespace

ImageJudge::ImageJudge(const CarveOptions& options)
    : faces_(options.faces),
      thorough_(options.thorough_faces),
      hash_(!options.known.empty()),
      evidence_(options.evidence_dir) {
  if (idle()) return;
  const unsigned n = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
  for (unsigned i = 0; i < n; ++i) workers_.emplace_back([this] { work(); });
}

ImageJudge::~ImageJudge() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
    queue_.clear();
  }
  ready_.notify_all();
  room_.notify_all();
  for (auto& t : workers_) t.join();
}

void ImageJudge::submit(const std::string& sha256, const ScanHit& hit) {
  if (idle()) return;
  std::unique_lock lock(mu_);
  if (!seen_.emplace(sha256, true).second) return;
  room_.wait(lock, [&] { return queued_bytes_ < kMaxQueuedBytes || closing_; });
  Job job{sha256, {hit.bytes.begin(), hit.bytes.end()}, hit.image.format == "JPEG", hit.image.width, hit.image.height};
  // A partial JPEG decodes as far as its scan data goes once it has an end marker.
  if (job.jpeg && hit.partial) job.bytes.insert(job.bytes.end(), {0xFF, 0xD9});
  queued_bytes_ += job.bytes.size();
  queue_.push_back(std::move(job));
  ready_.notify_one();
}

void ImageJudge::work() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mu_);
      ready_.wait(lock, [&] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    Judgement j;
    try {
      j = judge(job);
    } catch (...) {
      std::lock_guard lock(mu_);
      if (!error_) error_ = std::current_exception();
    }
    std::lock_guard lock(mu_);
    queued_bytes_ -= job.bytes.size();
    results_[job.sha256] = std::move(j);
    room_.notify_all();
  }
}

const FaceDetector& ImageJudge::detector() const {
  // One for all workers (it is read-only and searches with per-thread scratch), loaded when the
  // first image needs it; a missing cascade throws here, an error for the whole carve.
  std::call_once(detector_loaded_, [this] { detector_.emplace(); });
  return *detector_;
}

Judgement ImageJudge::judge(const Job& job) const {
  Judgement j;
  if (faces_) detector();
  try {
    decide(job, j);
    if (!evidence_.empty() && j.decoded)
      j.evidence = detectors::write_pixelated_thumbnail(evidence_, job.sha256, job.bytes);
  } catch (const cv::Exception&) {
    return {};  // bytes a decoder throws on: carved, but not decoded
  }
  return j;
}

void ImageJudge::decide(const Job& job, Judgement& j) const {
  if (faces_) {
    const auto s = detector().screen_encoded(job.bytes, job.jpeg, job.width, job.height, thorough_);
    j.decoded = s.decoded;
    if (s.decoded) j.faces = static_cast<int>(s.faces.size());
  }
  if (hash_ || !faces_) {
    j.phash = perceptual_hash(job.bytes);
    j.decoded = j.decoded || j.phash.has_value();
  }
}

std::map<std::string, Judgement> ImageJudge::finish() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  ready_.notify_all();
  for (auto& t : workers_) t.join();
  workers_.clear();
  if (error_) std::rethrow_exception(error_);
  return std::move(results_);
}

}  // namespace facecert::probes::carve
