// "Unknown protocol that looks encrypted" (issue 4). Entropy is a hint, never a verdict: the flow
// is judged by what it contains first (known framing, file magic, text), and only a flow with
// nothing recognisable whose first bytes pass a chi-square test against uniform bytes is reported,
// as info (field notes: "Is this encrypted?").
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

#include "../traffic/byte_entropy.h"
#include "facecert/probes/flow_auditor.h"

namespace facecert::probes {
namespace {

// Up to 16 KiB a direction: the statistic of structured data grows with the sample while random
// data stays near 255. Measured on the demo photos' entropy-coded JPEG scans: 268-456 on 4 KiB
// (inside the random band for some), 675-1164 on 16 KiB.
constexpr std::size_t kSample = 16384;

// JPEG entropy-coded data stuffs every 0xFF with 0x00 (or is an RST marker FF D0-D7): random bytes
// follow 0xFF with those 1 time in 28. Catches JPEG bytes seen without their header.
bool jpeg_scan_bytes(const std::vector<std::uint8_t>& s) {
  std::size_t ff = 0, stuffed = 0;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] != 0xFF) continue;
    ++ff;
    if (s[i + 1] == 0x00 || (s[i + 1] >= 0xD0 && s[i + 1] <= 0xD7)) ++stuffed;
  }
  return ff >= 8 && stuffed * 10 >= ff * 9;
}

std::vector<std::uint8_t> sample_of(const Flow& flow, bool c2s) {
  std::vector<std::uint8_t> out;
  if (flow.summary.transport == "udp") {
    for (const auto& d : flow.datagrams(c2s)) {
      out.insert(out.end(), d.bytes.begin(), d.bytes.begin() + static_cast<std::ptrdiff_t>(
                                                 std::min(d.bytes.size(), kSample - out.size())));
      if (out.size() == kSample) break;
    }
    return out;
  }
  const auto& chunks = flow.stream(c2s).chunks();
  if (chunks.empty()) return out;
  const auto& b = chunks.front().bytes;
  out.assign(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(std::min(b.size(), kSample)));
  return out;
}

// Content says what it is: file or stream magic at the start, JPEG scan bytes, or mostly text.
bool recognisable_content(const std::vector<std::uint8_t>& s) {
  using namespace std::string_view_literals;  // sv: the 00 bytes count
  static constexpr std::array<std::string_view, 12> kMagic = {
      "\xFF\xD8\xFF"sv, "\x89PNG"sv, "GIF8"sv, "\x1F\x8B"sv, "PK\x03\x04"sv, "RIFF"sv, "%PDF"sv, "BZh"sv,
      "7z\xBC\xAF"sv, "\xFD" "7zXZ"sv, "\x28\xB5\x2F\xFD"sv, "\x00\x00\x00\x01"sv};
  const std::string_view text(reinterpret_cast<const char*>(s.data()), s.size());
  for (auto m : kMagic)
    if (text.starts_with(m)) return true;
  if (jpeg_scan_bytes(s)) return true;
  const auto printable = std::count_if(s.begin(), s.end(), [](std::uint8_t b) {
    return (b >= 0x20 && b < 0x7F) || b == '\r' || b == '\n' || b == '\t';
  });
  return !s.empty() && static_cast<std::size_t>(printable) * 100 >= s.size() * 85;
}

class OpaqueFlowAuditor final : public FlowAuditor {
 public:
  void audit(const Flow& flow, DetectorSink& sink) override {
    if (flow.summary.app != "unknown") return;
    const std::string flow_text = flow.summary.text();
    for (const auto& f : sink.flow_findings())  // a content detector already said what is inside
      if (f.flow == flow_text && f.kind.starts_with("plaintext")) return;
    nlohmann::json chi = nlohmann::json::object(), sample = nlohmann::json::object();
    bool any_judged = false;
    std::vector<std::string> parts;
    for (bool c2s : {true, false}) {
      const auto bytes = sample_of(flow, c2s);
      if (bytes.empty()) continue;
      if (recognisable_content(bytes)) return;
      const auto j = traffic::judge_randomness(bytes, kSample);
      if (!j.judged) continue;  // too short to say anything
      if (!j.looks_random) return;
      any_judged = true;
      const char* dir = c2s ? "c2s" : "s2c";
      chi[dir] = std::round(j.chi_square * 10) / 10;
      sample[dir] = j.sample;
      parts.push_back(fmt::format("{} chi-square {:.0f} on {} bytes", dir, j.chi_square, j.sample));
    }
    if (!any_judged) return;
    Finding f;
    f.kind = "opaque-high-entropy";
    f.severity = "info";
    f.description = fmt::format("unknown protocol whose first bytes look random ({}): encrypted or "
                                "compressed, not recognised", fmt::join(parts, "; "));
    f.details = {{"chi_square", chi},
                 {"sample_bytes", sample},
                 {"random_band", {traffic::kChiLow, traffic::kChiHigh}},
                 {"transport", flow.summary.transport}};
    sink.report_flow(flow, std::move(f));
  }
};

const FlowAuditorRegistration kRegistration{
    "opaque", 60, [](const AnalyzeOptions&) { return std::make_unique<OpaqueFlowAuditor>(); }};

}  // namespace
}  // namespace facecert::probes
