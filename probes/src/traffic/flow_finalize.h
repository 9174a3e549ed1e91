// End-of-capture work on one flow: close its streams, classify it, and word its stream warnings.
#pragma once

#include <string>
#include <vector>

#include "facecert/probes/capture_reader.h"

namespace facecert::probes::traffic {

void finalize_flow(Flow& flow, std::vector<std::string>& warnings);
// Classifies the flow from its first bytes and parses its TLS handshake, once (also called early,
// while the flow is open, so an encrypted flow's bulk need not be kept).
void classify_flow_bytes(Flow& flow);

// "1,234,567"
std::string group_thousands(std::uint64_t n);

}  // namespace facecert::probes::traffic
