#include "loopback_capture_support.h"

#include <fmt/format.h>

namespace facecert::test {

std::unique_ptr<probes::LiveCapture> start_loopback_capture(std::uint16_t port,
                                                            const std::filesystem::path& file) {
  probes::CaptureOptions o;
  o.iface = "lo";
  o.bpf = fmt::format("tcp port {}", port);
  o.out = file;
  auto capture = std::make_unique<probes::LiveCapture>(o);
  capture->start();
  return capture;
}

}  // namespace facecert::test
