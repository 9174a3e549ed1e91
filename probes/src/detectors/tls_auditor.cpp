// Clause 7.0: encrypted transport must use a sound protocol. Judges what the clear handshake of a
// tls / tlcp flow negotiated: protocol version, cipher suite, and the server's certificate.
#include <fmt/format.h>

#include "facecert/probes/flow_auditor.h"
#include "facecert/probes/tls_cipher_suites.h"

namespace facecert::probes {
namespace {

// Versions below TLS 1.2 (SSL 2.0 code as in its compatible hello). Unlisted codes say nothing sure;
// TLCP 0x0101 is the GM/T 0024 protocol, not an old TLS: it is judged by its suites instead.
bool weak_version(std::uint16_t v) { return v == 0x0002 || (v >= 0x0300 && v <= 0x0302); }

class TlsAuditor final : public FlowAuditor {
 public:
  void audit(const Flow& flow, DetectorSink& sink) override {
    if (!flow.tls_server || !flow.tls_server->server_hello) return;
    const TlsServerHello& sh = *flow.tls_server->server_hello;
    if (sh.hello_retry_request) return;  // the real ServerHello did not follow in the capture
    const StreamView view{flow, flow.s2c, false};
    version(view, sh, sink);
    cipher(view, sh, sink);
    if (flow.tls_server->certificate) certificate(view, *flow.tls_server->certificate, sink);
  }

 private:
  static void version(const StreamView& view, const TlsServerHello& sh, DetectorSink& sink) {
    if (!weak_version(sh.version)) return;
    Finding f;
    f.kind = "weak-tls-version";
    f.severity = "fail";
    f.description = fmt::format("server chose {} (below TLS 1.2) at s2c stream offset {}",
                                tls_version_name(sh.version), sh.where.offset);
    f.details = {{"version", tls_version_name(sh.version)},
                 {"code", fmt::format("0x{:04X}", sh.version)}};
    sink.report(view, sh.where.offset, sh.where.length, std::move(f));
  }

  static void cipher(const StreamView& view, const TlsServerHello& sh, DetectorSink& sink) {
    const CipherSuiteInfo s = cipher_suite_info(sh.cipher_suite);
    if (!s.known || s.signalling) return;  // nothing sure to say about an unlisted code
    const nlohmann::json suite = {{"name", s.name}, {"code", s.code_text()}};
    if (s.weak || s.cbc_sha1) {
      Finding f;
      f.kind = "weak-cipher";
      f.severity = s.weak ? "fail" : "warn";
      f.description = fmt::format("server chose {} ({}): {}", s.name, s.code_text(),
                                  s.weak ? s.weak_reason : "CBC with a SHA-1 MAC");
      f.details = {{"cipher_suite", suite}, {"reason", s.weak ? s.weak_reason : "CBC-SHA1"}};
      sink.report(view, sh.where.offset, sh.where.length, std::move(f));
    }
    if (!s.forward_secrecy) {
      Finding f;
      f.kind = "tls-no-forward-secrecy";
      f.severity = "warn";
      f.description = fmt::format(
          "server chose {} ({}): static key transport, recorded traffic opens with the server key",
          s.name, s.code_text());
      f.details = {{"cipher_suite", suite}};
      sink.report(view, sh.where.offset, sh.where.length, std::move(f));
    }
  }

  static void certificate(const StreamView& view, const TlsCertificateMessage& msg, DetectorSink& sink) {
    if (msg.chain.empty()) return;
    const TlsCertificate& leaf = msg.chain.front();  // TLCP: the signing certificate
    const auto at = static_cast<std::time_t>(view.flow.summary.start);
    std::string why;
    if (!leaf.decoded)
      why = "does not decode as X.509";
    else if (leaf.self_signed)
      why = "is self-signed";
    else if (leaf.not_after_epoch != 0 && at > leaf.not_after_epoch)
      why = fmt::format("expired {} (before the capture)", leaf.not_after);
    else if (leaf.not_before_epoch != 0 && at < leaf.not_before_epoch)
      why = fmt::format("is not valid before {}", leaf.not_before);
    if (why.empty()) return;
    Finding f;
    f.kind = "unverifiable-certificate";
    f.severity = "warn";
    f.description = fmt::format("server certificate \"{}\" {}", leaf.subject, why);
    f.details = {{"subject", leaf.subject},       {"issuer", leaf.issuer},
                 {"not_before", leaf.not_before}, {"not_after", leaf.not_after},
                 {"self_signed", leaf.self_signed}, {"decoded", leaf.decoded}};
    sink.report(view, msg.where.offset, msg.where.length, std::move(f));
  }
};

const FlowAuditorRegistration kRegistration{
    "tls", 10, [](const AnalyzeOptions&) { return std::make_unique<TlsAuditor>(); }};

}  // namespace
}  // namespace facecert::probes
