#include "packet_ingest.h"

#include <fmt/format.h>
#include <pcap/pcap.h>

#include "facecert/probes/live_capture.h"

namespace facecert::probes::traffic {

PacketIngest::PacketIngest(int linktype, const std::string& source, FlowTable& table)
    : linktype_(linktype), source_(source), table_(table) {
  if (!linktype_supported(linktype)) {
    const char* name = pcap_datalink_val_to_name(linktype);
    throw ProbeError(fmt::format("{}: unsupported link type {} ({})", source, linktype, name ? name : "unknown"));
  }
}

void PacketIngest::add(std::span<const std::uint8_t> data, std::uint32_t wire_length, double ts) {
  const std::uint64_t frame = ++packets_;
  bytes_ += wire_length;
  const auto p = decode_packet(linktype_, data);
  switch (p.status) {
    case DecodeStatus::ok:
      if (p.payload.size() < p.payload_claimed) cut_by_snaplen_.add(frame);
      table_.add(p, frame, ts);
      break;
    case DecodeStatus::ip_fragment: fragments_.add(frame); break;
    case DecodeStatus::malformed: malformed_.add(frame); break;
    default: break;  // not IP / not TCP or UDP: nothing of clause 7.0 to see here
  }
}

void PacketIngest::append_warnings(std::vector<std::string>& out) const {
  if (fragments_.count)
    out.push_back(fmt::format(
        "{}: {} IP fragment(s) skipped (first at frame {}); fragment reassembly is not done yet",
        source_, fragments_.count, fragments_.first));
  if (malformed_.count)
    out.push_back(fmt::format("{}: {} malformed frame(s) skipped (first at frame {})", source_,
                              malformed_.count, malformed_.first));
  if (cut_by_snaplen_.count)
    out.push_back(fmt::format(
        "{}: {} frame(s) cut short by the snapshot length (first at frame {}); their missing bytes "
        "show as stream gaps",
        source_, cut_by_snaplen_.count, cut_by_snaplen_.first));
}

}  // namespace facecert::probes::traffic
