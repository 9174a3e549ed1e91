#include "probes/http_stream_support.h"

#include <stdexcept>

#include <zlib.h>

namespace facecert::test {

std::vector<Bytes> http_connection(const std::vector<std::pair<Bytes, Bytes>>& exchanges, std::size_t mss,
                                   std::uint16_t port) {
  const std::string cl = "192.168.1.10", sv = "192.168.1.20";
  std::uint32_t cseq = 1001, sseq = 5001;
  std::vector<TcpSegment> segs = {{cl, sv, port, 80, 1000, 0, kSyn, {}},
                                  {sv, cl, 80, port, 5000, cseq, kSyn | kAck, {}},
                                  {cl, sv, port, 80, cseq, sseq, kAck, {}}};
  auto send = [&](bool from_client, const Bytes& data) {
    for (std::size_t off = 0; off < data.size(); off += mss) {
      const auto end = std::min(data.size(), off + mss);
      Bytes part(data.begin() + static_cast<std::ptrdiff_t>(off), data.begin() + static_cast<std::ptrdiff_t>(end));
      if (from_client) {
        segs.push_back({cl, sv, port, 80, cseq, sseq, kAck | kPsh, std::move(part)});
        cseq += static_cast<std::uint32_t>(end - off);
      } else {
        segs.push_back({sv, cl, 80, port, sseq, cseq, kAck | kPsh, std::move(part)});
        sseq += static_cast<std::uint32_t>(end - off);
      }
    }
  };
  for (const auto& [req, resp] : exchanges) {
    send(true, req);
    send(false, resp);
  }
  segs.push_back({cl, sv, port, 80, cseq, sseq, kFin | kAck, {}});
  segs.push_back({sv, cl, 80, port, sseq, cseq + 1, kFin | kAck, {}});
  std::vector<Bytes> frames;
  for (const auto& s : segs) frames.push_back(ethernet(ip_packet(s)));
  return frames;
}

probes::TrafficReport analyze_http(const std::vector<std::pair<Bytes, Bytes>>& exchanges) {
  TempDir dir;
  write_capture(dir / "http.pcapng", 1, http_connection(exchanges));
  return probes::analyze_pcap(dir / "http.pcapng");
}

namespace {

Bytes deflate_stream(const Bytes* data, std::size_t zeros) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  Bytes out, block(1 << 20, 0), buf(1 << 16);
  std::size_t left = data ? data->size() : zeros;
  std::size_t pos = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    const std::size_t take = std::min<std::size_t>(left, block.size());
    z.next_in = const_cast<Bytef*>(data ? data->data() + pos : block.data());
    z.avail_in = static_cast<uInt>(take);
    const int flush = take == left ? Z_FINISH : Z_NO_FLUSH;
    do {
      z.next_out = buf.data();
      z.avail_out = static_cast<uInt>(buf.size());
      rc = deflate(&z, flush);
      out.insert(out.end(), buf.data(), z.next_out);
    } while (z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    pos += take;
    left -= take;
  }
  deflateEnd(&z);
  return out;
}

}  // namespace

Bytes gzip(const Bytes& data) { return deflate_stream(&data, 0); }
Bytes gzip_zeros(std::size_t count) { return deflate_stream(nullptr, count); }

std::string base64(const Bytes& data, bool url_safe) {
  const char* alpha = url_safe ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                               : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const std::uint32_t v = std::uint32_t{data[i]} << 16 | std::uint32_t{data[i + 1]} << 8 | data[i + 2];
    for (int s = 18; s >= 0; s -= 6) out += alpha[(v >> s) & 63];
  }
  if (i < data.size()) {
    std::uint32_t v = std::uint32_t{data[i]} << 16;
    if (i + 1 < data.size()) v |= std::uint32_t{data[i + 1]} << 8;
    out += alpha[(v >> 18) & 63];
    out += alpha[(v >> 12) & 63];
    out += i + 1 < data.size() ? alpha[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes http_message(const std::string& start_line, const std::vector<std::string>& headers, const Bytes& body) {
  std::string head = start_line + "\r\n";
  bool chunked = false;
  for (const auto& h : headers) {
    head += h + "\r\n";
    chunked = chunked || h.starts_with("Transfer-Encoding");
  }
  if (!chunked) head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  head += "\r\n";
  return concat({bytes_of(head), body});
}

Bytes chunked(const Bytes& body, std::size_t chunk) {
  Bytes out;
  for (std::size_t off = 0; off < body.size(); off += chunk) {
    const auto end = std::min(body.size(), off + chunk);
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", end - off);
    out = concat({out, bytes_of(size),
                  Bytes(body.begin() + static_cast<std::ptrdiff_t>(off), body.begin() + static_cast<std::ptrdiff_t>(end)),
                  bytes_of("\r\n")});
  }
  return concat({out, bytes_of("0\r\n\r\n")});
}

bool report_mentions(const probes::TrafficReport& report, const std::string& needle) {
  return report.to_json().dump().find(needle) != std::string::npos;
}

}  // namespace facecert::test
