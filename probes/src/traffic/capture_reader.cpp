// pcap_open_offline reads both pcap and pcapng; frames are numbered from 1 in file order.
#include "facecert/probes/capture_reader.h"

#include <fmt/format.h>

#include "capture_file.h"
#include "flow_finalize.h"
#include "flow_table.h"
#include "packet_ingest.h"

namespace facecert::probes {

CaptureContents read_capture(const std::filesystem::path& file, const TcpStreamLimits& limits) {
  traffic::CaptureFile capture(file);
  CaptureContents out;
  out.linktype = capture.linktype();
  traffic::FlowTableOptions options;
  options.limits = limits;
  options.streaming = false;  // every flow whole, for tests and tools that look at streams
  traffic::FlowTable table(options, {[&out](std::unique_ptr<Flow> f) { out.flows.push_back(std::move(f)); },
                                     [](Flow&) {}});
  traffic::PacketIngest ingest(out.linktype, file.string(), table);
  const auto stopped = capture.read(
      [&](const traffic::CapturedFrame& frame) { ingest.add(frame.data, frame.length, frame.ts); });
  if (stopped)
    out.warnings.push_back(traffic::truncation_warning(file, ingest.packets(), *stopped));
  table.finish();
  out.packets = ingest.packets();
  out.bytes = ingest.bytes();
  ingest.finish();
  ingest.append_warnings(out.warnings);
  for (auto& flow : out.flows) traffic::finalize_flow(*flow, out.warnings);
  return out;
}

}  // namespace facecert::probes
