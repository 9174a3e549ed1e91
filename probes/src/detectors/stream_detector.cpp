#include "facecert/probes/stream_detector.h"

#include <fmt/format.h>

#include "utf8_safe.h"

namespace facecert::probes {

std::vector<StreamDetectorEntry>& stream_detector_table() {
  static std::vector<StreamDetectorEntry> table;  // built during static initialisation
  return table;
}

void DetectorSink::report(const StreamView& view, std::uint64_t offset, std::uint64_t length,
                          Finding finding) {
  finding.flow = view.flow.summary.text();
  finding.direction = view.direction();
  finding.packets = view.stream.frames_for(offset, length);
  finding.stream_offset = offset;
  finding.length = length;
  keep(std::move(finding));
}

void DetectorSink::report_flow(const Flow& flow, Finding finding) {
  finding.flow = flow.summary.text();
  finding.packets = {flow.first_frame};
  keep(std::move(finding));
}

namespace {

// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no overlongs, no surrogates, at
// most U+10FFFF), 0 when it is not one.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  if (c == 0xE0 && b(i + 1) < 0xA0) return 0;  // overlong
  if (c == 0xED && b(i + 1) > 0x9F) return 0;  // surrogates
  if (c == 0xF0 && b(i + 1) < 0x90) return 0;  // overlong
  if (c == 0xF4 && b(i + 1) > 0x8F) return 0;  // past U+10FFFF
  return n;
}

}  // namespace

// Wire bytes reach descriptions (header names, form fields, XML paths): what a report says must be
// valid UTF-8 on one line, or writing the JSON fails and the findings are lost.
std::string detectors::utf8_safe(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence(s, i);
    const auto c = static_cast<unsigned char>(s[i]);
    if (n == 0 || (n == 1 && (c < 0x20 || c == 0x7F))) {
      out += fmt::format("\\x{:02X}", c);
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

using detectors::utf8_safe;

namespace {

void make_utf8_safe(nlohmann::json& j) {
  if (j.is_string()) {
    j = utf8_safe(j.get_ref<const std::string&>());
  } else if (j.is_structured()) {
    nlohmann::json fixed = j.is_object() ? nlohmann::json::object() : nlohmann::json::array();
    for (auto it = j.begin(); it != j.end(); ++it) {
      nlohmann::json v = *it;
      make_utf8_safe(v);
      if (j.is_object())
        fixed[utf8_safe(it.key())] = std::move(v);
      else
        fixed.push_back(std::move(v));
    }
    j = std::move(fixed);
  }
}

}  // namespace

void DetectorSink::note_flow(const std::string& key, nlohmann::json facts) {
  make_utf8_safe(facts);
  flow_details_[key] = std::move(facts);
}

std::string DetectorSink::listing_key(const std::string& kind, const std::string& severity) const {
  if (in_zone_ && (severity == "fail" || severity == "warn")) return "plaintext-in-secure-zone/info";
  return kind + "/" + severity;
}

bool DetectorSink::suppress(const std::string& key, const std::string& severity, std::uint64_t first_packet,
                            const std::string& flow) {
  ++reported_;
  if (severity == "fail") ++reported_fails_;
  Listing& l = listed_[key];
  // Past the last listed finding of a kind that was cut: it would be cut too. A tie (same packet
  // and flow) is kept, as the sort that cut it left it in place.
  const bool past_cut =
      l.cut && (first_packet > l.last_packet || (first_packet == l.last_packet && flow > l.last_flow));
  if (l.in_flow++ >= max_per_kind_ || past_cut) {
    ++report_.suppressed[key];
    return true;
  }
  return false;
}

bool DetectorSink::over_cap(const std::string& kind, const std::string& severity) {
  // Every finding of the flow comes at or after its first frame; the flow text breaks a tie.
  return suppress(listing_key(kind, severity), severity, flow_first_frame_, flow_text_);
}

void DetectorSink::keep(Finding finding) {
  const std::uint64_t first = finding.packets.empty() ? 0 : finding.packets.front();
  if (suppress(listing_key(finding.kind, finding.severity), finding.severity, first, finding.flow)) return;
  finding.description = utf8_safe(finding.description);
  make_utf8_safe(finding.details);
  report_.findings.push_back(std::move(finding));
}

void DetectorSink::begin_flow(const Flow& flow) {
  auto& findings = report_.findings;
  // The last flow's findings under the keys they are listed with (a zone may have renamed them).
  for (std::size_t i = std::min(flow_begin_, findings.size()); i < findings.size(); ++i)
    ++listed_[suppressed_key(findings[i])].kept;
  for (auto& [key, l] : listed_) l.in_flow = 0;
  cut_to_cap();
  flow_begin_ = findings.size();
  flow_first_frame_ = flow.first_frame;
  flow_text_ = flow.summary.text();
  in_zone_ = false;
}

void DetectorSink::cut_to_cap() {
  // A kind is cut when it holds an eighth more than the cap: the sort is paid once per cap/8
  // findings, and few findings are built only to be dropped.
  if (max_per_kind_ == 0) return;  // nothing is listed at all
  const std::uint64_t cut_at = max_per_kind_ + max_per_kind_ / 8 + 1;
  std::vector<std::string> over;
  for (const auto& [key, l] : listed_)
    if (l.kept > cut_at) over.push_back(key);
  if (over.empty()) return;
  auto& findings = report_.findings;
  std::vector<bool> drop(findings.size(), false);
  for (const std::string& key : over) {
    std::vector<std::size_t> of_kind;
    for (std::size_t i = 0; i < findings.size(); ++i)
      if (suppressed_key(findings[i]) == key) of_kind.push_back(i);
    std::stable_sort(of_kind.begin(), of_kind.end(),
                     [&](std::size_t a, std::size_t b) { return finding_before(findings[a], findings[b]); });
    Listing& l = listed_[key];
    const Finding& last = findings[of_kind[max_per_kind_ - 1]];
    l.cut = true;
    l.last_packet = last.packets.empty() ? 0 : last.packets.front();
    l.last_flow = last.flow;
    for (std::size_t k = max_per_kind_; k < of_kind.size(); ++k) drop[of_kind[k]] = true;
    report_.suppressed[key] += of_kind.size() - max_per_kind_;
    l.kept = max_per_kind_;
  }
  std::size_t out = 0;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (drop[i]) continue;
    if (out != i) findings[out] = std::move(findings[i]);  // not onto itself: that would empty it
    ++out;
  }
  findings.resize(out);
}

std::string format_frame_ranges(const std::vector<std::uint64_t>& frames) {
  std::string out;
  for (std::size_t i = 0; i < frames.size();) {
    std::size_t j = i;
    while (j + 1 < frames.size() && frames[j + 1] == frames[j] + 1) ++j;
    if (!out.empty()) out += ", ";
    out += j == i ? fmt::format("{}", frames[i]) : fmt::format("{}-{}", frames[i], frames[j]);
    i = j + 1;
  }
  return out;
}

}  // namespace facecert::probes
