#include "facecert/reports/redact.h"

#include <cstddef>

namespace facecert::reports {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of the digit run starting at i.
std::size_t digit_run(std::string_view s, std::size_t i) {
  std::size_t n = 0;
  while (i + n < s.size() && is_digit(s[i + n])) ++n;
  return n;
}

// Writes `len` chars of s from `at`, keeping `head` first and `tail` last characters.
void append_masked(std::string& out, std::string_view s, std::size_t at, std::size_t len,
                   std::size_t head, std::size_t tail) {
  out.append(s.substr(at, head));
  out.append(len - head - tail, '*');
  out.append(s.substr(at + len - tail, tail));
}

bool is_mobile(std::string_view digits) {
  return digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9';
}

}  // namespace

std::string redact_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (!is_digit(s[i])) {
      out.push_back(s[i++]);
      continue;
    }
    // i starts a digit run (the previous char, if any, is not a digit).
    const std::size_t run = digit_run(s, i);
    const bool x_check = run == 17 && i + 17 < s.size() && (s[i + 17] == 'X' || s[i + 17] == 'x');
    if (run == 18 || x_check) {  // resident ID number
      append_masked(out, s, i, 18, 4, 4);
      i += 18;
    } else if (is_mobile(s.substr(i, run))) {
      append_masked(out, s, i, 11, 3, 4);
      i += 11;
    } else {
      out.append(s.substr(i, run));
      i += run;
    }
  }
  return out;
}

nlohmann::json redact_json(const nlohmann::json& value) {
  using nlohmann::json;
  switch (value.type()) {
    case json::value_t::string:
      return redact_text(value.get_ref<const std::string&>());
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: {
      const std::string digits = value.dump();
      const std::string masked = redact_text(digits);
      if (masked != digits) return masked;
      return value;
    }
    case json::value_t::array: {
      json out = json::array();
      for (const auto& item : value) out.push_back(redact_json(item));
      return out;
    }
    case json::value_t::object: {
      json out = json::object();
      for (const auto& [key, item] : value.items())
        out[redact_text(key)] = key == "sha256" ? item : redact_json(item);
      return out;
    }
    default:
      return value;
  }
}

namespace {

void redact_refs(std::vector<harness::EvidenceRef>& refs) {
  for (auto& e : refs) {  // e.sha256 is a hash: kept
    e.path = redact_text(e.path);
    e.kind = redact_text(e.kind);
    e.description = redact_text(e.description);
  }
}

void redact_local(harness::LocalText& t) {
  for (auto& [lang, text] : t.items) text = redact_text(text);
}

}  // namespace

harness::RunRecord redact_run(const harness::RunRecord& run) {
  harness::RunRecord r = run;
  for (std::string* field : {&r.run_id, &r.facecert_version, &r.plan_id, &r.plan_version,
                             &r.plan_title, &r.regulation, &r.plan_file, &r.product_profile,
                             &r.device_driver, &r.device_url, &r.started, &r.finished})
    *field = redact_text(*field);
  r.device_info = redact_json(r.device_info);
  r.report_info = redact_json(r.report_info);  // the inspector may type a serial or a phone number
  r.tools = redact_json(r.tools);
  for (auto& w : r.read_warnings) w = redact_text(w);
  for (auto& cl : r.clauses) {
    redact_local(cl.title);
    redact_local(cl.text);
  }
  for (auto& c : r.cases) {
    for (std::string* field : {&c.id, &c.clause, &c.type, &c.title, &c.requirement, &c.reason,
                               &c.started, &c.finished})
      *field = redact_text(*field);
    c.measurements = redact_json(c.measurements);
    redact_refs(c.evidence);
    for (auto* t : {&c.title_text, &c.requirement_text, &c.method_text}) redact_local(*t);
    if (c.inspector) {
      c.inspector->note = redact_text(c.inspector->note);
      c.inspector->inspector = redact_text(c.inspector->inspector);
      redact_refs(c.inspector->attachments);
    }
  }
  return r;
}

}  // namespace facecert::reports
