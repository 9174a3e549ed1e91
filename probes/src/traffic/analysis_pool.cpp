#include "analysis_pool.h"

#include <algorithm>
#include <map>

#include <opencv2/core/utility.hpp>

#include "flow_finalize.h"
#include "sort_by_moving_once.h"

namespace facecert::probes::traffic {
namespace {

std::uint64_t held_bytes(const Flow& f) {
  std::uint64_t n = f.c2s.held_bytes() + f.s2c.held_bytes();
  for (const auto* list : {&f.c2s_datagrams, &f.s2c_datagrams})
    for (const auto& d : *list) n += d.bytes.size();
  return n;
}

}  // namespace

AnalysisPool::AnalysisPool(const AnalyzeOptions& options, unsigned threads) : options_(options) {
  for (unsigned i = 0; i < std::max(threads, 1u); ++i) workers_.push_back(std::make_unique<Worker>(options));
  if (threads == 0) return;
  // Each worker decodes and searches one image at a time on its own core; OpenCV's own threads
  // inside a cascade search only add hand-overs (bench/face_screen_bench: +25-36% CPU per image).
  opencv_threads_ = cv::getNumThreads();
  cv::setNumThreads(1);
  for (auto& w : workers_) threads_.emplace_back([this, worker = w.get()] { run(*worker); });
}

AnalysisPool::~AnalysisPool() {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  work_ready_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  if (opencv_threads_ >= 0) cv::setNumThreads(opencv_threads_);
}

void AnalysisPool::analyse(Worker& w, std::unique_ptr<Flow> flow) {
  std::vector<std::string> finalize_warnings;
  finalize_flow(*flow, finalize_warnings);
  const std::size_t warnings_before = w.report.warnings.size();
  const std::uint64_t reported_before = w.analysis.sink().reported(), fails_before = w.analysis.sink().reported_fails();
  w.analysis.analyse(*flow);
  for (auto& text : finalize_warnings) w.warnings.emplace_back(flow->first_frame, std::move(text));
  for (std::size_t i = warnings_before; i < w.report.warnings.size(); ++i)
    w.warnings.emplace_back(flow->first_frame, std::move(w.report.warnings[i]));
  w.report.warnings.resize(warnings_before);
  findings_ += w.analysis.sink().reported() - reported_before;
  fail_findings_ += w.analysis.sink().reported_fails() - fails_before;
}

void AnalysisPool::submit(std::unique_ptr<Flow> flow) {
  if (threads_.empty()) {
    analyse(*workers_.front(), std::move(flow));
    return;
  }
  const std::uint64_t bytes = held_bytes(*flow);
  {
    std::unique_lock lock(mu_);
    room_.wait(lock, [&] { return queued_bytes_ == 0 || queued_bytes_ + bytes <= kMaxQueuedBytes; });
    queued_bytes_ += bytes;
    queue_.emplace_back(std::move(flow), bytes);
  }
  work_ready_.notify_one();
}

void AnalysisPool::run(Worker& w) {
  for (;;) {
    std::pair<std::unique_ptr<Flow>, std::uint64_t> item;
    {
      std::unique_lock lock(mu_);
      work_ready_.wait(lock, [&] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) return;  // closing and nothing left
      item = std::move(queue_.front());
      queue_.pop_front();
    }
    analyse(w, std::move(item.first));
    item.first.reset();  // the flow's memory goes before the room is announced
    {
      std::lock_guard lock(mu_);
      queued_bytes_ -= item.second;
    }
    room_.notify_one();
  }
}

void AnalysisPool::take(TrafficReport& report) {
  {
    std::lock_guard lock(mu_);
    closing_ = true;
  }
  work_ready_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();

  // What the calling thread listed (early scans under memory pressure) is merged too.
  std::vector<Finding> findings = std::move(report.findings);
  report.findings.clear();
  std::vector<std::pair<std::uint64_t, std::string>> warnings;
  for (auto& w : workers_) {
    for (auto& f : w->report.flows) report.flows.push_back(std::move(f));
    for (auto& f : w->report.findings) findings.push_back(std::move(f));
    for (const auto& [key, n] : w->report.suppressed) report.suppressed[key] += n;
    for (auto& warning : w->warnings) warnings.push_back(std::move(warning));
    w->report = {};
    w->warnings.clear();
  }
  // Each sink kept at least the first findings of a kind, in report order, that it saw (a little
  // more before its last cut); over all of them the first by report order are listed and the rest
  // counted, so the listing does not depend on which thread analysed which flow.
  sort_by_moving_once(findings, finding_before);
  std::map<std::string, std::uint64_t> listed;
  for (auto& f : findings) {
    const std::string key = suppressed_key(f);
    if (listed[key]++ >= options_.max_findings_per_kind) {
      ++report.suppressed[key];
      continue;
    }
    report.findings.push_back(std::move(f));
  }
  std::stable_sort(warnings.begin(), warnings.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [frame, text] : warnings) report.warnings.push_back(std::move(text));
}

}  // namespace facecert::probes::traffic
