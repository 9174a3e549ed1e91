// facecert-capgen: writes a deterministic, realistic capture (classic pcap, Ethernet) of a chosen
// size and traffic mix for the throughput benchmark (bench/traffic_throughput.sh). The traffic is
// generated, not real: see bench/README.md.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "flow_factory.h"
#include "image_pool.h"
#include "pcap_writer.h"
#include "rng.h"
#include "tcp_flow.h"

namespace facecert::capgen {
namespace {

// "1G", "512M", "64k", "1000": bytes (binary multiples). Throws std::invalid_argument.
std::uint64_t parse_size(const std::string& text) {
  std::size_t used = 0;
  const unsigned long long n = std::stoull(text, &used);
  std::string suffix = text.substr(used);
  std::transform(suffix.begin(), suffix.end(), suffix.begin(), [](unsigned char c) { return std::toupper(c); });
  if (suffix.empty() || suffix == "B") return n;
  if (suffix == "K" || suffix == "KB" || suffix == "KIB") return n << 10;
  if (suffix == "M" || suffix == "MB" || suffix == "MIB") return n << 20;
  if (suffix == "G" || suffix == "GB" || suffix == "GIB") return n << 30;
  throw std::invalid_argument("unknown size suffix `" + suffix + "`");
}

// The mirror port: a 2 Gbit/s link clock with jitter, the file, bytes per traffic class.
class Sink : public PacketSink {
 public:
  Sink(PcapWriter& w, std::uint64_t seed) : writer_(w), rng_(seed ^ 0x71E5ull) {}
  void emit(std::string_view frame, int category) override {
    clock_ns_ += (frame.size() + 24) * 4 + rng_.below(2000);
    writer_.write(kStartUs + clock_ns_ / 1000, frame);
    bytes_[static_cast<std::size_t>(category)] += frame.size() + 16;
  }
  std::uint64_t now_s() const { return clock_ns_ / 1000000000ull; }
  const std::array<std::uint64_t, kCategoryCount>& bytes() const { return bytes_; }

 private:
  static constexpr std::uint64_t kStartUs = 1709254800ull * 1000000;  // 2024-03-01 01:00 UTC
  PcapWriter& writer_;
  Rng rng_;
  std::uint64_t clock_ns_ = 0;
  std::array<std::uint64_t, kCategoryCount> bytes_{};
};

int run(const std::string& out, std::uint64_t size, Mix mix, std::uint64_t seed, std::size_t flows) {
  const auto t0 = std::chrono::steady_clock::now();
  ImagePool images(seed, std::max(1u, std::min(2u, std::thread::hardware_concurrency())));
  FlowFactory factory(mix, seed, images);
  PcapWriter writer(out);
  Sink sink(writer, seed);
  Rng rng(seed ^ 0x5C4Eull);
  std::vector<std::unique_ptr<TcpFlow>> active;
  for (std::size_t i = 0; i < flows; ++i) active.push_back(factory.next(0, sink.bytes()));
  std::uint64_t finished = 0;
  // Packets of the open flows interleave as a mirror port sees them: a random flow sends a short
  // burst. The capture stops at the first flow end once the size is reached (the other flows are
  // cut mid-stream, as when a real capture is stopped).
  for (bool stop = false; !stop && !active.empty();) {
    const std::size_t i = rng.below(active.size());
    const auto burst = 1 + rng.below(4);
    for (std::uint64_t b = 0; b < burst; ++b) {
      if (active[i]->step(sink)) continue;
      ++finished;
      if (writer.bytes_written() >= size) {
        stop = true;
        break;
      }
      active[i] = factory.next(sink.now_s(), sink.bytes());
    }
  }
  writer.close();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double cpu = static_cast<double>(std::clock()) / CLOCKS_PER_SEC;  // all threads
  std::uint64_t total = 0;
  for (auto b : sink.bytes()) total += b;
  fmt::print(stderr, "facecert-capgen: {}: {} bytes, {} packets, {} flows finished (+{} cut at the end), {} images ({:.1f} MB) in {:.1f} s ({:.0f} MB/s; CPU {:.1f} s)\n",
             out, writer.bytes_written(), writer.packets(), finished, active.size(), images.made(),
             images.bytes() / 1e6, secs, writer.bytes_written() / 1e6 / secs, cpu);
  for (int c = 0; c < kCategoryCount; ++c)
    if (sink.bytes()[static_cast<std::size_t>(c)])
      fmt::print(stderr, "  {:<20} {:5.1f}% of the bytes\n", category_name(c),
                 100.0 * static_cast<double>(sink.bytes()[static_cast<std::size_t>(c)]) / static_cast<double>(total));
  return 0;
}

}  // namespace
}  // namespace facecert::capgen

int main(int argc, char** argv) {
  using namespace facecert::capgen;
  CLI::App app{"facecert-capgen: deterministic synthetic captures (pcap, Ethernet) for the traffic benchmark"};
  std::string out, size_text = "256M", mix_text = "tls";
  std::uint64_t seed = 1;
  std::size_t flows = 2000;
  app.add_option("--out", out, "pcap file to write")->required();
  app.add_option("--size", size_text, "target file size (e.g. 1G, 256M); stops at the first flow end past it")
      ->capture_default_str();
  app.add_option("--mix", mix_text,
                 "tls: ~95% TLS bulk + JSON API; faces: 10% plain-HTTP face images, 5% other images; faces-only: "
                 "10% plain-HTTP face images, no other image")
      ->check(CLI::IsMember({"tls", "faces", "faces-only"}))
      ->capture_default_str();
  app.add_option("--seed", seed, "same seed, same bytes")->capture_default_str();
  app.add_option("--flows", flows, "concurrent flows (interleaved packets)")->check(CLI::Range(1, 100000))->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  std::uint64_t size = 0;
  try {
    size = parse_size(size_text);
  } catch (const std::exception&) {
    fmt::print(stderr, "facecert-capgen: --size `{}`: expected bytes with an optional K/M/G suffix\n", size_text);
    return 2;
  }
  try {
    const Mix mix = mix_text == "faces" ? Mix::Faces : mix_text == "faces-only" ? Mix::FacesOnly : Mix::Tls;
    return run(out, size, mix, seed, flows);
  } catch (const std::exception& e) {
    fmt::print(stderr, "facecert-capgen: {}\n", e.what());
    return 1;
  }
}
