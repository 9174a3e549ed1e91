// HTTP/1.x messages read from one reassembled direction of a TCP connection (clause 7.0: what a
// device sends in clear text). Bodies are de-chunked and decoded (gzip, deflate, br) within limits;
// each message keeps the stream offsets of its header lines and raw body so findings map to frames.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace facecert::probes::http {

struct HttpHeader {
  std::string name, value;
  std::uint64_t offset = 0, length = 0;  // stream range of the whole header line
};

struct HttpLimits {
  std::size_t max_header_bytes = 64 << 10;
  std::size_t max_body_bytes = 64 << 20;     // decoded (and raw) body kept per message
  std::size_t max_inflate_ratio = 1000;      // decompression-bomb guard, past the first MiB
  std::size_t max_messages = 10000;          // per stream chunk
};

struct HttpMessage {
  bool request = false;
  std::string method, target, version;  // request line (version also set for responses)
  int status = 0;                       // response status code
  std::vector<HttpHeader> headers;
  std::uint64_t offset = 0;             // stream offset of the start line
  std::uint64_t body_offset = 0, body_length = 0;  // raw body bytes in the stream (incl. chunking)
  std::string body;                     // de-chunked, decoded body
  std::string coding;                   // Content-Encoding applied ("" identity)
  bool chunked = false;                 // Transfer-Encoding: chunked
  std::vector<std::string> problems;    // truncated, bomb guard, undecodable ... (one line each)

  // First header with this name (case-insensitive), or nullptr.
  const HttpHeader* header(std::string_view name) const;
  std::string content_type() const;  // lower-case media type without parameters
  std::string describe() const;
  bool transformed() const { return chunked || !coding.empty(); }  // body bytes differ from the wire      // "POST /api/face request" / "HTTP 200 response" (no query)
};

// Messages in `bytes`, which start at stream offset `base`. Bytes before the first start line and
// between messages that cannot be parsed are skipped up to the next line that starts one.
std::vector<HttpMessage> parse_http_messages(std::span<const std::uint8_t> bytes, std::uint64_t base,
                                             const HttpLimits& limits = {});

bool iequals(std::string_view a, std::string_view b);
std::string lower(std::string_view s);
// Value of `name=` in a header parameter list ("multipart/form-data; boundary=x"), quotes removed.
std::string header_param(std::string_view value, std::string_view name);

}  // namespace facecert::probes::http
