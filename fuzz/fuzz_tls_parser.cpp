// libFuzzer target: the TLS / TLCP handshake parser on a record stream, read both as the client's
// and as the server's direction of a tls flow (read_flow_handshake builds the flow summary from
// the ClientHello of one and the ServerHello / Certificate of the other), plus the single-message
// parsers and the X.509 certificate decoder on the raw bytes.
#include <cstdint>
#include <span>
#include <string>

#include "facecert/probes/capture_reader.h"
#include "facecert/probes/tls_handshake.h"
#include "one_line.h"
#include "tls/handshake_messages.h"
#include "tls/tls_summary.h"

namespace probes = facecert::probes;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);

  // The stream at offset 0 and somewhere mid-stream: every range must lie inside the input.
  for (const std::uint64_t base : {std::uint64_t{0}, std::uint64_t{1} << 40}) {
    const auto hs = probes::parse_tls_handshake(bytes, base);
    auto inside = [&](const probes::TlsByteRange& r) {
      if (r.offset < base || r.offset + r.length > base + size) __builtin_trap();
    };
    if (hs.client_hello) inside(hs.client_hello->where);
    if (hs.server_hello) inside(hs.server_hello->where);
    if (hs.certificate) inside(hs.certificate->where);
    (void)probes::tls_version_name(hs.record_version);
    for (const auto& p : hs.problems)
      if (!facecert::fuzz::one_line_utf8(p)) __builtin_trap();
    if (hs.client_hello && !facecert::fuzz::one_line_utf8(hs.client_hello->sni)) __builtin_trap();
  }

  // Both directions of a flow classified tls (the analyser calls this when a flow is finalised).
  probes::Flow flow;
  flow.summary.app = "tls";
  flow.c2s.on_syn(0x1000);
  flow.c2s.on_segment(0x1001, bytes, 4);
  flow.s2c.on_syn(0x2000);
  flow.s2c.on_segment(0x2001, bytes, 5);
  probes::tls::read_flow_handshake(flow);
  if (flow.summary.tls) (void)flow.summary.text();

  // The input as one handshake message body of each kind, and as a DER certificate.
  std::string why;
  (void)probes::tls::parse_client_hello(bytes, why);
  (void)probes::tls::parse_server_hello(bytes, why);
  (void)probes::tls::parse_certificate(bytes, why);
  const auto cert = probes::tls::decode_certificate(bytes);
  if (cert.decoded && cert.der_length > size) __builtin_trap();
  // Subject and issuer are RFC 2253 text that goes into the report JSON.
  if (!facecert::fuzz::one_line_utf8(cert.subject) || !facecert::fuzz::one_line_utf8(cert.issuer))
    __builtin_trap();
  return 0;
}
