// Application protocol of a flow from its first stream bytes (ports are not trusted).
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace facecert::probes::traffic {

struct AppGuess {
  std::string app = "unknown";        // tls, tlcp, http, unknown
  std::string encrypted = "unknown";  // true | false | unknown
};

// `start` is the first reassembled chunk of one direction (at offset 0 when the handshake was seen).
AppGuess classify_direction(std::span<const std::uint8_t> start);
// Combines both directions: http anywhere -> clear text; every non-empty direction TLS -> encrypted.
AppGuess classify_flow(const AppGuess& c2s, bool c2s_empty, const AppGuess& s2c, bool s2c_empty);

}  // namespace facecert::probes::traffic
