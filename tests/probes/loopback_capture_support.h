// A started libpcap capture on `lo` of one TCP port, for the live tests.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "facecert/probes/live_capture.h"

namespace facecert::test {

std::unique_ptr<probes::LiveCapture> start_loopback_capture(std::uint16_t port,
                                                            const std::filesystem::path& file);

}  // namespace facecert::test
