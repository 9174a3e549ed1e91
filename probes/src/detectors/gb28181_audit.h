// GB/T 28181 signalling and its GB 35114 security, read from a SIP flow (docs/gb28181.md).
#pragma once

#include <nlohmann/json.hpp>

#include "facecert/probes/capture_reader.h"

namespace facecert::probes {

// Facts about the SIP messages of `flow` (TCP: each stream chunk; UDP: each kept datagram):
//   gb28181 (bool), messages, methods {name: n}, responses {code: n}, device_ids [20-digit codes],
//   cmd_types [...], register {auth_schemes, algorithms, with_certificate},
//   note_digest {messages, algorithms, with_date}, monitor_user_identity (n),
//   catalog {items, safety_way {value: n}, register_way {value: n}},
//   sdp {bodies, connections [...], media [{media, port, proto, formats}], ssrc [...],
//        vkek {present, attributes [names], count}},
//   gb35114 {present, evidence [...], level "none" | "A" | "C"}.
// Key material (VKEK ciphertext, nonces) is never copied: only names, counts and lengths.
nlohmann::json audit_gb28181(const Flow& flow);

}  // namespace facecert::probes
