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
    case DecodeStatus::ip_fragment:
      fragments_.add(frame);
      if (auto payload = defragmenter_.add(p, ts)) {  // this fragment completed its datagram
        DecodedPacket whole = p;
        decode_reassembled(whole, *payload);
        if (whole.status == DecodeStatus::ok) table_.add(whole, frame, ts);
        else if (whole.status == DecodeStatus::malformed) malformed_.add(frame);
      }
      break;
    case DecodeStatus::malformed: malformed_.add(frame); break;
    default: break;  // not IP / not TCP or UDP: nothing of clause 7.0 to see here
  }
}

void PacketIngest::append_warnings(std::vector<std::string>& out) const {
  if (fragments_.count) {
    std::string text = fmt::format("{}: {} IP fragment(s) (first at frame {}) made {} datagram(s)", source_,
                                   fragments_.count, fragments_.first, defragmenter_.reassembled());
    if (defragmenter_.expired())
      text += fmt::format("; {} datagram(s) never completed and were not analysed", defragmenter_.expired());
    if (defragmenter_.oversized())
      text += fmt::format("; {} fragment(s) reached past 64 KiB and were dropped", defragmenter_.oversized());
    if (defragmenter_.conflicting_overlaps())
      text += fmt::format("; {} overlapping fragment(s) with different bytes (the first copy was kept)",
                          defragmenter_.conflicting_overlaps());
    out.push_back(text + "; findings in them name the frame that completed the datagram");
  }
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
