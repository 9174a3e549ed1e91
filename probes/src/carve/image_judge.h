// Decides what each distinct image (by SHA-256) is: decodes it once at reduced scale, counts faces,
// computes its perceptual hash for known-sample matching, writes the pixelated evidence thumbnail.
// Runs on worker threads while the scan goes on; the queue of copied bytes is bounded.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "facecert/probes/face_detector.h"
#include "facecert/probes/storage_carver.h"
#include "stream_scan.h"

namespace facecert::probes::carve {

struct Judgement {
  bool decoded = false;
  int faces = -1;
  std::optional<std::uint64_t> phash;
  std::string evidence;
};

class ImageJudge {
 public:
  explicit ImageJudge(const CarveOptions& options);
  ~ImageJudge();
  ImageJudge(const ImageJudge&) = delete;
  ImageJudge& operator=(const ImageJudge&) = delete;

  // Nothing to decide: no face detection, no known samples, no evidence folder.
  bool idle() const { return !faces_ && !hash_ && evidence_.empty(); }
  // Queues the image unless that SHA-256 was already queued (copies the bytes; may wait for room).
  void submit(const std::string& sha256, const ScanHit& hit);
  // Waits for every queued image; the results by SHA-256. Rethrows a worker's error.
  std::map<std::string, Judgement> finish();

 private:
  struct Job {
    std::string sha256;
    std::vector<std::uint8_t> bytes;
    bool jpeg = false;
    int width = 0, height = 0;
  };
  void work();
  Judgement judge(const Job& job) const;
  void decide(const Job& job, Judgement& j) const;
  const FaceDetector& detector() const;

  bool faces_, thorough_, hash_;
  std::filesystem::path evidence_;
  std::mutex mu_;
  std::condition_variable ready_, room_;
  std::deque<Job> queue_;
  std::size_t queued_bytes_ = 0;
  bool closing_ = false;
  std::map<std::string, Judgement> results_;
  std::map<std::string, bool> seen_;
  std::exception_ptr error_;
  mutable std::once_flag detector_loaded_;
  mutable std::optional<FaceDetector> detector_;
  std::vector<std::thread> workers_;
};

}  // namespace facecert::probes::carve
