#include "traffic_json.h"

#include <cstdint>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace facecert::cli {
namespace {

constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

void indent(std::string& out, int spaces) { out.append(static_cast<std::size_t>(spaces), ' '); }

// A JSON string as nlohmann writes it: printable ASCII other than '"' and '\' as it is (almost every
// string of a report); anything else through nlohmann's own escaping.
void append_string(std::string& out, std::string_view s) {
  bool plain = true;
  for (const char c : s)
    if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
      plain = false;
      break;
    }
  if (!plain) {
    out += nlohmann::json(std::string(s)).dump(-1, ' ', false, kReplace);
    return;
  }
  out += '"';
  out += s;
  out += '"';
}

void append_number(std::string& out, std::uint64_t v) { out += fmt::format_int(v).str(); }

// Doubles through nlohmann itself: its shortest round-trip form (and "1.0" for whole numbers).
void append_number(std::string& out, double v) { out += nlohmann::json(v).dump(); }

// The members of one object at nesting `level`: key(name) then the value, in sorted key order.
class ObjectText {
 public:
  ObjectText(std::string& out, int level) : out_(out), level_(level) { out_ += '{'; }
  ObjectText(const ObjectText&) = delete;
  ObjectText& operator=(const ObjectText&) = delete;
  ~ObjectText() {
    if (first_) {
      out_ += '}';
      return;
    }
    out_ += '\n';
    indent(out_, 2 * level_);
    out_ += '}';
  }
  std::string& key(std::string_view name) {
    out_ += first_ ? "\n" : ",\n";
    first_ = false;
    indent(out_, 2 * (level_ + 1));
    append_string(out_, name);
    out_ += ": ";
    return out_;
  }
  int inner() const { return level_ + 1; }  // the level of a member's value

 private:
  std::string& out_;
  int level_;
  bool first_ = true;
};

template <class T>
void append_numbers(std::string& out, const std::vector<T>& values, int level) {
  if (values.empty()) {
    out += "[]";
    return;
  }
  out += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += i == 0 ? "\n" : ",\n";
    indent(out, 2 * (level + 1));
    append_number(out, static_cast<std::uint64_t>(values[i]));
  }
  out += '\n';
  indent(out, 2 * level);
  out += ']';
}

void append_tls(std::string& out, const probes::TlsSummary& t, int level) {
  ObjectText o(out, level);
  if (t.certificate) {
    ObjectText c(o.key("certificate"), o.inner());
    append_string(c.key("issuer"), t.certificate->issuer);
    append_string(c.key("not_after"), t.certificate->not_after);
    append_string(c.key("not_before"), t.certificate->not_before);
    c.key("self_signed") += t.certificate->self_signed ? "true" : "false";
    append_string(c.key("subject"), t.certificate->subject);
  } else {
    o.key("certificate") += "null";
  }
  {
    ObjectText c(o.key("cipher_suite"), o.inner());
    append_string(c.key("code"), t.cipher_suite_code);
    append_string(c.key("name"), t.cipher_suite);
  }
  append_string(o.key("sni"), t.sni);
  append_string(o.key("version"), t.version);
}

}  // namespace

void append_json(std::string& out, const nlohmann::json& value, int level) {
  // Replace, not throw, on bytes that are not UTF-8: the findings must reach the file whatever a
  // hostile capture put in them (the analyser already escapes them; this is the last guard).
  const std::string text = value.dump(2, ' ', false, kReplace);
  std::string newline(static_cast<std::size_t>(2 * level) + 1, ' ');
  newline[0] = '\n';
  std::size_t from = 0;
  for (std::size_t nl; (nl = text.find('\n', from)) != std::string::npos; from = nl + 1) {
    out.append(text, from, nl - from);
    out += newline;
  }
  out.append(text, from);
}

void append_flow_json(std::string& out, const probes::FlowSummary& f, int level) {
  ObjectText o(out, level);
  append_string(o.key("app"), f.app);
  append_number(o.key("bytes_c2s"), f.bytes_c2s);
  append_number(o.key("bytes_s2c"), f.bytes_s2c);
  append_string(o.key("client"), f.client);
  if (!f.details.empty()) append_json(o.key("details"), f.details, o.inner());
  append_string(o.key("encrypted"), f.encrypted);
  append_number(o.key("end"), f.end);
  append_number(o.key("first_frame"), f.first_frame);
  append_string(o.key("flow"), f.text());
  append_number(o.key("packets"), f.packets);
  append_string(o.key("server"), f.server);
  append_number(o.key("start"), f.start);
  if (f.tls) append_tls(o.key("tls"), *f.tls, o.inner());
  append_string(o.key("transport"), f.transport);
  append_number(o.key("untagged_packets"), f.untagged_packets);
  append_numbers(o.key("vlan"), f.vlan, o.inner());
}

void append_finding_json(std::string& out, const probes::Finding& f, int level) {
  ObjectText o(out, level);
  append_string(o.key("description"), f.description);
  append_json(o.key("details"), f.details, o.inner());
  append_string(o.key("direction"), f.direction);
  append_string(o.key("flow"), f.flow);
  append_string(o.key("kind"), f.kind);
  append_number(o.key("length"), f.length);
  append_numbers(o.key("packets"), f.packets, o.inner());
  append_string(o.key("severity"), f.severity);
  append_number(o.key("stream_offset"), f.stream_offset);
}

}  // namespace facecert::cli
