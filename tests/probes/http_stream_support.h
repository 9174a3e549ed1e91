// HTTP test streams for the traffic analyser: whole TCP connections (both directions, keep-alive),
// gzip/deflate bodies and base64 text, written as pcapng via frame_builder_support.h.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "facecert/probes/traffic_analysis.h"
#include "probes/frame_builder_support.h"

namespace facecert::test {

// One connection 192.168.1.10:port -> 192.168.1.20:80: handshake, then each exchange's request and
// response cut into `mss`-byte segments, then FINs.
std::vector<Bytes> http_connection(const std::vector<std::pair<Bytes, Bytes>>& exchanges,
                                   std::size_t mss = 1400, std::uint16_t port = 41000);

probes::TrafficReport analyze_http(const std::vector<std::pair<Bytes, Bytes>>& exchanges);

Bytes gzip(const Bytes& data);                       // gzip wrapper (RFC 1952)
Bytes gzip_zeros(std::size_t count);                 // gzip of `count` zero bytes, streamed
std::string base64(const Bytes& data, bool url_safe = false);
Bytes concat(std::initializer_list<Bytes> parts);
// "HTTP/1.1 200 OK" / "POST /x HTTP/1.1" + headers + Content-Length (unless `headers` has
// Transfer-Encoding) + body.
Bytes http_message(const std::string& start_line, const std::vector<std::string>& headers, const Bytes& body);
Bytes chunked(const Bytes& body, std::size_t chunk);  // chunked encoding incl. last chunk
// Searches the report's JSON text for `needle`.
bool report_mentions(const probes::TrafficReport& report, const std::string& needle);

}  // namespace facecert::test
