// SIP messages (RFC 3261 7) as GB/T 28181 devices send them: over a TCP stream (messages back to
// back, framed by Content-Length) or one per UDP datagram.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace facecert::probes::sip {

struct SipMessage {
  bool request = false;
  std::string method, uri;  // requests
  int status = 0;           // responses
  std::string reason;
  // In order; names in their long form ("v" -> "Via"), as written otherwise; folded lines joined.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::uint64_t offset = 0, length = 0;  // where the message sits in the bytes parsed

  // First value of a header, name compared case-insensitively (compact forms accepted).
  std::optional<std::string> header(std::string_view name) const;
  std::vector<std::string> headers_named(std::string_view name) const;
  // CSeq method for responses ("INVITE" of "CSeq: 2 INVITE"), the method for requests.
  std::string cseq_method() const;
};

struct SipParse {
  std::vector<SipMessage> messages;
  // Why parsing stopped before the end ("" when every byte was used): not SIP, or a message cut
  // off by the end of the bytes.
  std::string stopped;
  std::uint64_t consumed = 0;
};

// "v" -> "Via", "l" -> "Content-Length" ...; other names returned unchanged.
std::string_view sip_long_header_name(std::string_view name);

// TCP: messages back to back; Content-Length is required for a body (RFC 3261 18.3). CRLF
// keep-alives between messages are skipped.
SipParse parse_sip_stream(std::span<const std::uint8_t> bytes);
// UDP: one message; without Content-Length the body is the rest of the datagram.
std::optional<SipMessage> parse_sip_datagram(std::span<const std::uint8_t> bytes);

}  // namespace facecert::probes::sip
