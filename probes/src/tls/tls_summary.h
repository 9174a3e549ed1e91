// Parses the handshake of a tls / tlcp flow into the Flow and its summary (called when the flow is
// finalised, so every report and auditor sees the same reading).
#pragma once

#include "facecert/probes/capture_reader.h"

namespace facecert::probes::tls {

// No-op unless the flow is tcp and classified tls or tlcp. A ServerHello choosing 0x0101 makes the
// flow "tlcp" whatever its first record said.
void read_flow_handshake(Flow& flow);

}  // namespace facecert::probes::tls
