// Credentials in clear-text HTTP headers (clause 7.0): Basic (user shown, password never) and
// Digest (exposes the user, replayable and open to offline guessing).
#pragma once

#include <optional>

#include "../http/http_message.h"
#include "facecert/probes/traffic_analysis.h"

namespace facecert::probes::detectors {

// Authorization or Proxy-Authorization: the headers credential_finding looks at.
bool is_credential_header(const http::HttpHeader& header);

// A finding (kind, severity, description without the stream place, details) for an Authorization
// or Proxy-Authorization header, else nothing.
std::optional<Finding> credential_finding(const http::HttpHeader& header, const std::string& where);

}  // namespace facecert::probes::detectors
