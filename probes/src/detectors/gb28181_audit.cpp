// GB/T 28181 facts and GB 35114 signs (field notes: Note: Digest with SM3, Date, Monitor-User-
// Identity, SafetyWay / RegisterWay in catalogue items, VKEK in the SDP of the INVITE response).
#include "gb28181_audit.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "../sip/sip_message.h"

namespace facecert::probes {
namespace {

using sip::SipMessage;
constexpr std::size_t kMaxListed = 32;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<SipMessage> messages_of(const Flow& flow) {
  std::vector<SipMessage> out;
  for (bool c2s : {true, false}) {
    if (flow.summary.transport == "udp") {
      for (const auto& d : flow.datagrams(c2s))
        if (auto m = sip::parse_sip_datagram(d.bytes)) out.push_back(std::move(*m));
      continue;
    }
    for (const auto& chunk : flow.stream(c2s).chunks()) {
      auto parsed = sip::parse_sip_stream(chunk.bytes);
      for (auto& m : parsed.messages) out.push_back(std::move(m));
    }
  }
  return out;
}

// GB/T 28181 device / platform codes: 20 digits (centre 8, industry 2, type 3, network 1, serial 6).
void collect_ids(std::string_view s, std::set<std::string>& ids) {
  for (std::size_t i = 0; i < s.size();) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
    const bool bounded = (i == 0 || s[i - 1] == ':' || s[i - 1] == '>') &&
                         (j == s.size() || s[j] == '@' || s[j] == '<' || s[j] == '>' || s[j] == ';');
    if (j - i == 20 && bounded && ids.size() < kMaxListed) ids.insert(std::string(s.substr(i, 20)));
    i = j;
  }
}

// Values of <Tag>value</Tag> in a MANSCDP body (tag names as the standard spells them).
std::vector<std::string> xml_values(std::string_view body, std::string_view tag) {
  std::vector<std::string> out;
  // fmt, not "<" + std::string: GCC 12 at -O3 warns (-Wrestrict) about the operator+ form.
  const std::string open = fmt::format("<{}>", tag), close = fmt::format("</{}>", tag);
  for (std::size_t pos = body.find(open); pos != std::string_view::npos; pos = body.find(open, pos)) {
    pos += open.size();
    const auto end = body.find(close, pos);
    if (end == std::string_view::npos) break;
    std::string v(body.substr(pos, end - pos));
    v.erase(0, v.find_first_not_of(" \t\r\n"));
    v.erase(v.find_last_not_of(" \t\r\n") + 1);
    out.push_back(v);
  }
  return out;
}

// `algorithm=SM3` / `algorithm="A:SM2;H:SM3"` parameter of an auth-like header, upper-cased.
std::string algorithm_of(std::string_view header) {
  const std::string l = lower(header);
  const auto at = l.find("algorithm=");
  if (at == std::string::npos) return "";
  std::size_t pos = at + 10, end = pos;
  if (pos < header.size() && header[pos] == '"') end = header.find('"', ++pos);
  else end = header.find_first_of(", \t", pos);
  std::string a(header.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
  for (auto& c : a) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return a;
}

void read_sdp(std::string_view body, nlohmann::json& sdp, std::set<std::string>& vkek_names) {
  sdp["bodies"] = sdp.value("bodies", 0) + 1;
  std::size_t pos = 0;
  while (pos < body.size()) {
    auto eol = body.find('\n', pos);
    if (eol == std::string_view::npos) eol = body.size();
    std::string_view line = body.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (line.size() < 2 || line[1] != '=') continue;
    const std::string_view value = line.substr(2);
    if (line[0] == 'c' && sdp["connections"].size() < kMaxListed) {
      sdp["connections"].push_back(std::string(value));
    } else if (line[0] == 'm' && sdp["media"].size() < kMaxListed) {
      // m=<media> <port> <proto> <formats...>
      const auto s1 = value.find(' '), s2 = value.find(' ', s1 + 1), s3 = value.find(' ', s2 + 1);
      if (s1 == std::string_view::npos || s2 == std::string_view::npos) continue;
      sdp["media"].push_back({{"media", std::string(value.substr(0, s1))},
                              {"port", std::string(value.substr(s1 + 1, s2 - s1 - 1))},
                              {"proto", std::string(value.substr(s2 + 1, s3 == std::string_view::npos ? std::string_view::npos : s3 - s2 - 1))},
                              {"formats", s3 == std::string_view::npos ? "" : std::string(value.substr(s3 + 1))}});
    } else if (line[0] == 'y' && sdp["ssrc"].size() < kMaxListed) {  // GB/T 28181 SSRC line
      sdp["ssrc"].push_back(std::string(value));
    } else if (line[0] == 'a') {
      const auto colon = value.find(':');
      const std::string name = lower(value.substr(0, colon));
      if (name.find("vkek") != std::string::npos) vkek_names.insert(name);
    }
  }
}

}  // namespace

nlohmann::json audit_gb28181(const Flow& flow) {
  const auto messages = messages_of(flow);
  std::map<std::string, int> methods, responses, safety_way, register_way;
  std::set<std::string> ids, cmd_types, auth_schemes, auth_algorithms, note_algorithms, vkek_names;
  int note_digest = 0, note_with_date = 0, monitor_identity = 0, catalog_items = 0, vkek_count = 0;
  bool register_certificate = false, manscdp = false;
  nlohmann::json sdp = {{"bodies", 0}, {"connections", nlohmann::json::array()},
                        {"media", nlohmann::json::array()}, {"ssrc", nlohmann::json::array()}};
  for (const auto& m : messages) {
    if (m.request) ++methods[m.method];
    else ++responses[std::to_string(m.status)];
    collect_ids(m.uri, ids);
    for (const char* h : {"From", "To"})
      if (auto v = m.header(h)) collect_ids(*v, ids);
    const std::string ctype = lower(m.header("Content-Type").value_or(""));
    const bool is_register = m.cseq_method() == "REGISTER";
    for (const char* h : {"Authorization", "WWW-Authenticate"}) {
      for (const auto& v : m.headers_named(h)) {
        if (!is_register) continue;
        const auto sp = v.find(' ');
        const std::string scheme = v.substr(0, sp);
        auth_schemes.insert(scheme);
        const std::string alg = algorithm_of(v);
        if (!alg.empty()) auth_algorithms.insert(alg);
        // GB 35114 certificate registration: a non-Digest scheme or an SM2 algorithm.
        if (lower(scheme) != "digest" || alg.find("SM2") != std::string::npos) register_certificate = true;
      }
    }
    if (is_register && (ctype.find("pkix-cert") != std::string::npos ||
                        ctype.find("pkcs7") != std::string::npos || ctype.find("x509") != std::string::npos))
      register_certificate = true;
    for (const auto& note : m.headers_named("Note")) {
      if (lower(note).rfind("digest", 0) != 0) continue;
      ++note_digest;
      if (m.header("Date")) ++note_with_date;
      if (const auto alg = algorithm_of(note); !alg.empty()) note_algorithms.insert(alg);
    }
    if (m.header("Monitor-User-Identity")) ++monitor_identity;
    if (ctype.find("manscdp") != std::string::npos || ctype.find("mansrtsp") != std::string::npos) manscdp = true;
    if (ctype.find("xml") != std::string::npos) {
      for (auto& c : xml_values(m.body, "CmdType")) cmd_types.insert(c);
      for (const auto& id : xml_values(m.body, "DeviceID")) collect_ids(":" + id, ids);
      catalog_items += static_cast<int>(xml_values(m.body, "Item").size());
      for (auto& v : xml_values(m.body, "SafetyWay")) ++safety_way[v];
      for (auto& v : xml_values(m.body, "RegisterWay")) ++register_way[v];
    }
    if (ctype.find("application/sdp") != std::string::npos) {
      const auto before = vkek_names.size();
      read_sdp(m.body, sdp, vkek_names);
      if (vkek_names.size() > before || lower(m.body).find("vkek") != std::string::npos) ++vkek_count;
    }
  }
  if (register_way.count("3")) register_certificate = true;
  bool safety = false;
  for (const auto& [v, n] : safety_way)
    if (v != "0") safety = true;
  const bool gb28181 = manscdp || !ids.empty() || !sdp["ssrc"].empty();

  std::vector<std::string> evidence;
  if (register_certificate) evidence.push_back("certificate registration");
  if (note_digest) evidence.push_back("Note: Digest signatures");
  if (monitor_identity) evidence.push_back("Monitor-User-Identity");
  if (safety) evidence.push_back("SafetyWay in catalogue");
  if (vkek_count) evidence.push_back("VKEK in SDP");
  const std::string level = vkek_count ? "C" : evidence.empty() ? "none" : "A";

  sdp["vkek"] = {{"present", vkek_count > 0}, {"count", vkek_count}, {"attributes", vkek_names}};
  return {{"gb28181", gb28181},
          {"messages", messages.size()},
          {"methods", methods},
          {"responses", responses},
          {"device_ids", ids},
          {"cmd_types", cmd_types},
          {"register", {{"auth_schemes", auth_schemes}, {"algorithms", auth_algorithms},
                        {"with_certificate", register_certificate}}},
          {"note_digest", {{"messages", note_digest}, {"algorithms", note_algorithms},
                           {"with_date", note_with_date}}},
          {"monitor_user_identity", monitor_identity},
          {"catalog", {{"items", catalog_items}, {"safety_way", safety_way}, {"register_way", register_way}}},
          {"sdp", sdp},
          {"gb35114", {{"present", !evidence.empty()}, {"evidence", evidence}, {"level", level}}}};
}

}  // namespace facecert::probes
