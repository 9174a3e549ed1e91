#include "facecert/probes/traffic_analyzer.h"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "facecert/probes/live_capture.h"
#include "../detectors/image_inspection.h"
#include "analysis_pool.h"
#include "flow_analysis.h"
#include "flow_finalize.h"
#include "flow_table.h"
#include "packet_ingest.h"
#include "sort_by_moving_once.h"

namespace facecert::probes {

struct TrafficAnalyzer::Impl {
  Impl(AnalyzeOptions o, int linktype, std::string src)
      : options(with_image_cache(std::move(o))),
        source(std::move(src)),
        analysis(options, report),
        pool(options, pool_threads(options)),
        table(table_options(options), {[this](std::unique_ptr<Flow> f) { done(std::move(f)); },
                                       [this](Flow& f) { flush(f); }}),
        ingest(linktype, source, table) {}

  static traffic::FlowTableOptions table_options(const AnalyzeOptions& o) {
    traffic::FlowTableOptions t;
    t.limits.max_stream_bytes = o.max_stream_bytes;
    t.memory_budget = o.memory_budget;
    return t;
  }

  static AnalyzeOptions with_image_cache(AnalyzeOptions o) {
    if (!o.image_cache) o.image_cache = std::make_shared<ImageVerdictCache>();
    return o;
  }

  static unsigned pool_threads(const AnalyzeOptions& o) {
    const unsigned n = o.analysis_threads > 0 ? o.analysis_threads : std::max(1u, std::thread::hardware_concurrency());
    return n <= 1 ? 0 : n;
  }

  void done(std::unique_ptr<Flow> flow) { pool.submit(std::move(flow)); }

  void flush(Flow& flow) {
    if (early_scanned_flows++ == 0)
      report.warnings.push_back(fmt::format(
          "{}: open flows held more than {} MiB of stream bytes; the largest were analysed on what "
          "they held (first: {}) and went on from there, so an object split across that point "
          "may be missed",
          source, options.memory_budget >> 20, flow.summary.text()));
    analysis.scan_early(flow);
  }

  AnalyzeOptions options;
  std::string source;
  TrafficReport report;
  traffic::FlowAnalysis analysis;  // open flows under memory pressure (scan_early), on this thread
  traffic::AnalysisPool pool;      // flows that are over
  traffic::FlowTable table;
  traffic::PacketIngest ingest;
  std::uint64_t early_scanned_flows = 0;
  bool finished = false;
};

TrafficAnalyzer::TrafficAnalyzer(AnalyzeOptions options, int linktype, std::string source)
    : impl_(std::make_unique<Impl>(std::move(options), linktype, std::move(source))) {}

TrafficAnalyzer::~TrafficAnalyzer() = default;

void TrafficAnalyzer::add_frame(std::span<const std::uint8_t> data, std::uint32_t wire_length, double ts) {
  impl_->ingest.add(data, wire_length, ts);
}

void TrafficAnalyzer::tick(double now) { impl_->table.tick(now); }

void TrafficAnalyzer::warn(std::string text) { impl_->report.warnings.push_back(std::move(text)); }

AnalyzerProgress TrafficAnalyzer::progress() const {
  const auto& i = *impl_;
  AnalyzerProgress p;
  p.packets = i.ingest.packets();
  p.bytes = i.ingest.bytes();
  p.flows = i.table.flows_seen();
  p.open_flows = i.table.open_flows();
  p.findings = i.analysis.sink().reported() + i.pool.findings();
  p.fail_findings = i.analysis.sink().reported_fails() + i.pool.fail_findings();
  p.held_bytes = i.table.held_bytes();
  return p;
}

TrafficReport TrafficAnalyzer::finish() {
  auto& i = *impl_;
  if (i.finished) throw ProbeError(fmt::format("{}: analysis already finished", i.source));
  i.finished = true;
  i.table.finish();
  i.pool.take(i.report);
  i.ingest.finish();
  i.ingest.append_warnings(i.report.warnings);
  for (const auto& [key, n] : i.report.suppressed)
    i.report.warnings.push_back(fmt::format(
        "{}: {} more {} finding(s) were counted, not listed (the first {} of each kind are listed)", i.source, n,
        key, i.options.max_findings_per_kind));
  TrafficReport out = std::move(i.report);
  out.packets = i.ingest.packets();
  out.bytes = i.ingest.bytes();
  // Flows were analysed as they ended; report them in order of first packet, findings by frame.
  traffic::sort_by_moving_once(
      out.flows, [](const FlowSummary& a, const FlowSummary& b) { return a.first_frame < b.first_frame; });
  traffic::sort_by_moving_once(out.findings, finding_before);
  return out;
}

}  // namespace facecert::probes
