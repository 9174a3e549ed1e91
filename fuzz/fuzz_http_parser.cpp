// libFuzzer target: the HTTP/1.x parser (probes/src/http) on one reassembled stream direction, then
// every message body through the body walkers (JSON, XML, multipart, forms) as the HTTP content
// detector does. The raw input also goes straight to the walkers and the content decoders, so a
// JSON/XML/form/gzip seed reaches them without an HTTP envelope.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "http/body_walkers.h"
#include "http/content_coding.h"
#include "http/http_message.h"
#include "one_line.h"

namespace http = facecert::probes::http;

namespace {

void touch(const http::BodyValue& v) {
  // Read every byte the walker hands out so ASan sees a dangling or short view.
  volatile std::size_t sum = v.path.size() + v.key.size() + v.numbers;
  for (const char c : v.key) sum = sum + static_cast<unsigned char>(c);
  for (const char c : v.bytes) sum = sum + static_cast<unsigned char>(c);
  (void)sum;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const http::ValueSink sink = touch;

  // Small limits so the header cap, the body cap and the bomb guard are reached with small inputs.
  http::HttpLimits limits;
  limits.max_header_bytes = 4096;
  limits.max_body_bytes = 1 << 20;
  limits.max_messages = 256;
  for (const auto& m : http::parse_http_messages(bytes, 1000, limits)) {
    if (m.offset < 1000 || m.body_offset + m.body_length > 1000 + size) __builtin_trap();
    for (const auto& h : m.headers)
      if (h.offset < 1000 || h.offset + h.length > 1000 + size) __builtin_trap();
    if (!facecert::fuzz::one_line_utf8(m.describe())) __builtin_trap();
    for (const auto& p : m.problems)
      if (!facecert::fuzz::one_line_utf8(p)) __builtin_trap();
    const auto* ct = m.header("Content-Type");
    http::walk_body(m.content_type(), ct ? std::string_view(ct->value) : std::string_view(), m.body,
                    sink);
  }

  // The raw input as a body of each kind, and through each decoder.
  http::walk_body("", "", text, sink);
  http::walk_json(text, "", sink);
  http::walk_xml(text, "", sink);
  http::walk_urlencoded(text, "", sink, 0);
  http::walk_multipart(text, "b", "", sink, 0);
  (void)http::percent_decode(text);
  (void)http::header_param(text, "boundary");
  for (const char* coding : {"gzip", "deflate", "br"}) {
    const auto d = http::decode_content(coding, text, 1 << 20, 1000);
    if (d.bytes.size() > (1 << 20)) __builtin_trap();  // max_out is a hard cap
    if (!d.problem.empty() && !facecert::fuzz::one_line_utf8(d.problem)) __builtin_trap();
  }
  return 0;
}
