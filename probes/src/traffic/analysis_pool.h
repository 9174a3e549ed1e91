// Analyses finished flows on worker threads while the reading thread goes on with the capture:
// decoding images and running face detection (most of the time on a capture with faces in clear)
// no longer holds up reading, and on a live capture no longer makes the kernel drop packets. Each
// worker has its own detectors and partial report; take() merges them into what one thread would
// have written (flows by first packet, findings by frame, flow warnings by flow).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "facecert/probes/capture_reader.h"
#include "flow_analysis.h"

namespace facecert::probes::traffic {

class AnalysisPool {
 public:
  // threads 0: analyse on the calling thread inside submit() (deterministic order, no thread).
  AnalysisPool(const AnalyzeOptions& options, unsigned threads);
  ~AnalysisPool();
  AnalysisPool(const AnalysisPool&) = delete;
  AnalysisPool& operator=(const AnalysisPool&) = delete;

  // Blocks while the queued flows hold more than kMaxQueuedBytes (memory stays bounded when the
  // workers fall behind).
  void submit(std::unique_ptr<Flow> flow);
  // Waits for every flow, stops the workers and merges their results into `report` (flows,
  // findings with the per-kind listing cap applied over all workers, suppressed counts, warnings).
  void take(TrafficReport& report);

  std::uint64_t findings() const { return findings_.load(std::memory_order_relaxed); }
  std::uint64_t fail_findings() const { return fail_findings_.load(std::memory_order_relaxed); }

  static constexpr std::uint64_t kMaxQueuedBytes = 128ull << 20;

 private:
  struct Worker {
    explicit Worker(const AnalyzeOptions& options) : analysis(options, report) {}
    TrafficReport report;
    FlowAnalysis analysis;
    std::vector<std::pair<std::uint64_t, std::string>> warnings;  // (flow's first frame, text)
  };
  void analyse(Worker& w, std::unique_ptr<Flow> flow);
  void run(Worker& w);

  const AnalyzeOptions& options_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable work_ready_, room_;
  std::deque<std::pair<std::unique_ptr<Flow>, std::uint64_t>> queue_;  // flow, its held bytes
  std::uint64_t queued_bytes_ = 0;
  bool closing_ = false;
  int opencv_threads_ = -1;  // OpenCV's thread count before the workers started (-1: not changed)
  std::atomic<std::uint64_t> findings_{0}, fail_findings_{0};
};

}  // namespace facecert::probes::traffic
