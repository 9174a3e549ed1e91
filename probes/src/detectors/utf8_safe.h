// Bytes from the wire or from a device's storage (header names, file and table names) reach
// descriptions and warnings: what a report says must be valid UTF-8 on one line. Invalid bytes and
// control characters become \xNN. Defined in stream_detector.cpp; the storage carver uses it too.
#pragma once

#include <string>
#include <string_view>

namespace facecert::probes::detectors {

std::string utf8_safe(std::string_view s);

}  // namespace facecert::probes::detectors
