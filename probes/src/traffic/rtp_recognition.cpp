// RTP (RFC 3550) recognition and a look at its payload: is the video inside in clear?
#include <array>
#include <map>

#include "app_classifier.h"

namespace facecert::probes::traffic {
namespace {

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }

constexpr std::size_t kMinPackets = 3;

// H.264 profile_idc values (ITU-T H.264 7.4.2.1.1): the byte after an SPS NAL header.
bool h264_profile(std::uint8_t p) {
  static constexpr std::array<std::uint8_t, 16> kProfiles = {66, 77, 88, 100, 110, 122, 244, 44,
                                                            83, 86, 118, 128, 138, 139, 134, 135};
  for (auto k : kProfiles)
    if (k == p) return true;
  return false;
}

// H.265 VPS / SPS / PPS NAL headers with layer 0, temporal id 1: 40 01, 42 01, 44 01.
bool h265_parameter_set(std::span<const std::uint8_t> p) {
  return p.size() >= 2 && (p[0] == 0x40 || p[0] == 0x42 || p[0] == 0x44) && p[1] == 0x01;
}

bool h264_sps(std::span<const std::uint8_t> p) {
  return p.size() >= 2 && (p[0] & 0x80) == 0 && (p[0] & 0x1F) == 7 && (p[0] & 0x60) != 0 &&
         h264_profile(p[1]);
}

// After an Annex B start code (00 00 01 / 00 00 00 01).
std::string annex_b_kind(std::span<const std::uint8_t> nal) {
  if (h265_parameter_set(nal)) return "h265";
  if (nal.empty() || (nal[0] & 0x80)) return "";
  const int type = nal[0] & 0x1F;
  if (type == 7) return h264_sps(nal) ? "h264" : "";
  return (type == 1 || type == 5 || type == 6 || type == 8 || type == 9) ? "h264" : "";
}

}  // namespace

bool parse_rtp(std::span<const std::uint8_t> p, RtpHeader& out) {
  if (p.size() < 12 || (p[0] & 0xC0) != 0x80) return false;
  const std::uint8_t pt = p[1] & 0x7F;
  if (pt >= 72 && pt <= 76) return false;  // RTCP SR/RR/SDES/BYE/APP (200-204) seen as RTP
  std::size_t header = 12 + 4u * (p[0] & 0x0F);
  if (header > p.size()) return false;
  if (p[0] & 0x10) {  // header extension: 16-bit profile, 16-bit length in words
    if (header + 4 > p.size()) return false;
    header += 4 + 4u * be16(&p[header + 2]);
    if (header > p.size()) return false;
  }
  std::size_t padding = 0;
  if (p[0] & 0x20) {
    padding = p.back();
    if (padding == 0 || header + padding > p.size()) return false;
  }
  out.payload_type = pt;
  out.sequence = be16(&p[2]);
  out.ssrc = static_cast<std::uint32_t>(p[8]) << 24 | static_cast<std::uint32_t>(p[9]) << 16 |
             static_cast<std::uint32_t>(p[10]) << 8 | p[11];
  out.payload_offset = header;
  out.payload_length = p.size() - header - padding;
  return true;
}

std::string rtp_payload_kind(std::span<const std::uint8_t> p) {
  if (p.size() >= 4 && p[0] == 0 && p[1] == 0) {
    // MPEG-PS pack header, system header, stream map, or a PES packet (audio C0-DF, video E0-EF).
    if (p[2] == 1 && (p[3] == 0xBA || p[3] == 0xBB || p[3] == 0xBC || (p[3] >= 0xC0 && p[3] <= 0xEF)))
      return "ps";
    if (p[2] == 1) return annex_b_kind(p.subspan(3));
    if (p.size() >= 5 && p[2] == 0 && p[3] == 1) return annex_b_kind(p.subspan(4));
  }
  if (h265_parameter_set(p)) return "h265";  // RFC 7798 single NAL unit packet
  if (p.size() >= 5 && p[0] == 0x60 && p[1] == 0x01 && h265_parameter_set(p.subspan(4)))
    return "h265";  // RFC 7798 aggregation packet starting with a parameter set
  if (h264_sps(p)) return "h264";  // RFC 6184 single NAL unit packet
  if (p.size() >= 5 && (p[0] & 0x9F) == 24 && h264_sps(p.subspan(3)))
    return "h264";  // RFC 6184 STAP-A starting with an SPS
  return "";
}

AppGuess judge_rtp_packets(const std::vector<std::span<const std::uint8_t>>& packets) {
  std::vector<RtpHeader> rtp;
  std::map<std::uint32_t, std::size_t> per_ssrc;
  for (auto p : packets) {
    RtpHeader h;
    if (!parse_rtp(p, h)) continue;
    rtp.push_back(h);
    ++per_ssrc[h.ssrc];
  }
  // Nearly all packets RTP, one SSRC for most of them.
  if (rtp.size() < kMinPackets || rtp.size() * 10 < packets.size() * 9) return {};
  std::uint32_t ssrc = 0;
  std::size_t most = 0;
  for (auto [s, n] : per_ssrc)
    if (n > most) most = n, ssrc = s;
  if (most * 10 < rtp.size() * 8) return {};
  // Sequence numbers of that SSRC go up in small steps (reordering and loss allowed a little).
  std::size_t pairs = 0, rising = 0;
  const RtpHeader* last = nullptr;
  for (const auto& h : rtp) {
    if (h.ssrc != ssrc) continue;
    if (last) {
      ++pairs;
      const auto step = static_cast<std::uint16_t>(h.sequence - last->sequence);
      if (step >= 1 && step <= 100) ++rising;
    }
    last = &h;
  }
  if (pairs < kMinPackets - 1 || rising * 10 < pairs * 8) return {};
  for (auto p : packets) {
    RtpHeader h;
    if (!parse_rtp(p, h) || h.ssrc != ssrc) continue;
    const std::string kind = rtp_payload_kind(p.subspan(h.payload_offset, h.payload_length));
    if (!kind.empty()) return {"rtp", "false", kind};
  }
  return {"rtp", "unknown"};
}

}  // namespace facecert::probes::traffic
