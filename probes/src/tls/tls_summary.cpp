#include "tls_summary.h"

#include "facecert/probes/tls_cipher_suites.h"

namespace facecert::probes::tls {
namespace {

constexpr std::uint16_t kTlcp = 0x0101;

TlsHandshake parse_direction(const TcpStream& s) {
  if (s.chunks().empty()) return {};
  const StreamChunk& first = s.chunks().front();
  return parse_tls_handshake(first.bytes, first.offset);
}

}  // namespace

void read_flow_handshake(Flow& flow) {
  if (flow.summary.transport != "tcp" || (flow.summary.app != "tls" && flow.summary.app != "tlcp"))
    return;
  flow.tls_client = parse_direction(flow.c2s);
  flow.tls_server = parse_direction(flow.s2c);
  const auto& ch = flow.tls_client->client_hello;
  const auto& sh = flow.tls_server->server_hello;
  if (!ch && !sh) return;

  TlsSummary t;
  if (ch) t.sni = ch->sni;
  if (sh) {
    t.version = tls_version_name(sh->version);
    const CipherSuiteInfo suite = cipher_suite_info(sh->cipher_suite);
    t.cipher_suite = suite.name;
    t.cipher_suite_code = suite.code_text();
    if (sh->version == kTlcp) flow.summary.app = "tlcp";
  }
  const auto& cert = flow.tls_server->certificate;
  if (cert && !cert->chain.empty() && cert->chain.front().decoded) {
    const TlsCertificate& leaf = cert->chain.front();
    t.certificate = TlsCertificateSummary{leaf.subject, leaf.issuer, leaf.not_before, leaf.not_after,
                                          leaf.self_signed};
  }
  flow.summary.tls = std::move(t);
}

}  // namespace facecert::probes::tls
