// Capture thread: nonblocking pcap handle + poll() on its selectable fd and an eventfd, so stop()
// and settle() are answered within one poll round instead of waiting for a packet.
#include "facecert/probes/live_capture.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <pcap/pcap.h>

#include "facecert/probes/pcapng_writer.h"

namespace facecert::probes {
namespace {
constexpr int kPollMs = 50;
using Clock = std::chrono::steady_clock;
}  // namespace

struct LiveCapture::Impl {
  CaptureOptions options;
  pcap_t* handle = nullptr;
  std::unique_ptr<PcapngWriter> writer;
  int wake_fd = -1;
  std::thread thread;

  mutable std::mutex mu;  // guards everything below and the handle/writer while in use
  std::condition_variable cv;
  CaptureStats stats;
  std::string error;            // set by the capture thread when it dies
  bool stop_requested = false;
  bool running = false;
  std::uint64_t drain_requested = 0, drain_done = 0;
  Clock::time_point last_packet = Clock::now();

  [[noreturn]] void fail(const std::string& what) const {
    throw ProbeError(fmt::format("capture on {}: {}", options.iface, what));
  }
  void check_pcap(int rc, const char* step) const {
    if (rc < 0) fail(fmt::format("{}: {}", step, rc == PCAP_ERROR ? pcap_geterr(handle)
                                                                  : pcap_statustostr(rc)));
  }
  void wake() const {
    const std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wake_fd, &one, sizeof one);
  }

  static void on_packet(u_char* user, const pcap_pkthdr* h, const u_char* bytes) {
    auto* self = reinterpret_cast<Impl*>(user);
    // tv_usec holds nanoseconds when the handle was opened with nanosecond precision.
    const std::int64_t frac = static_cast<std::int64_t>(h->ts.tv_usec) *
                              (pcap_get_tstamp_precision(self->handle) == PCAP_TSTAMP_PRECISION_NANO
                                   ? 1 : 1000);
    const std::chrono::nanoseconds ts(static_cast<std::int64_t>(h->ts.tv_sec) * 1000000000 + frac);
    if (self->writer) self->writer->write_packet(ts, std::span(bytes, h->caplen), h->len);
    if (self->options.on_frame)
      self->options.on_frame(std::span(bytes, h->caplen), h->len, static_cast<double>(ts.count()) / 1e9);
    ++self->stats.packets;
    self->stats.bytes += h->len;
    self->last_packet = Clock::now();
  }

  // Reads everything pending without blocking. Caller holds mu.
  void drain() {
    for (;;) {
      const int n = pcap_dispatch(handle, -1, &Impl::on_packet, reinterpret_cast<u_char*>(this));
      if (n < 0) throw ProbeError(fmt::format("capture on {}: {}", options.iface, pcap_geterr(handle)));
      if (n == 0) break;
    }
    if (writer) writer->flush();
    pcap_stat ps{};
    if (pcap_stats(handle, &ps) == 0) {
      stats.kernel_drops = ps.ps_drop;
      stats.iface_drops = ps.ps_ifdrop;
    }
  }

  void loop() {
    const int fd = pcap_get_selectable_fd(handle);
    for (;;) {
      pollfd fds[2] = {{fd, POLLIN, 0}, {wake_fd, POLLIN, 0}};
      ::poll(fds, 2, kPollMs);
      if (fds[1].revents & POLLIN) {
        std::uint64_t v;
        [[maybe_unused]] auto n = ::read(wake_fd, &v, sizeof v);
      }
      std::unique_lock lock(mu);
      const std::uint64_t wanted = drain_requested;
      try {
        drain();
      } catch (const std::exception& e) {
        error = e.what();
        stop_requested = true;
      }
      drain_done = wanted;
      cv.notify_all();
      if (stop_requested) return;
    }
  }
};

LiveCapture::LiveCapture(CaptureOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}

LiveCapture::~LiveCapture() {
  try {
    stop();
  } catch (...) {  // a destructor must not throw; stop() reported nothing to anyone here
  }
}

void LiveCapture::start() {
  auto& d = *impl_;
  if (d.running) return;
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  d.handle = pcap_create(d.options.iface.c_str(), errbuf);
  if (!d.handle) d.fail(errbuf);
  try {
    d.check_pcap(pcap_set_snaplen(d.handle, d.options.snaplen), "snaplen");
    d.check_pcap(pcap_set_immediate_mode(d.handle, d.options.immediate ? 1 : 0), "immediate mode");
    if (!d.options.immediate) d.check_pcap(pcap_set_timeout(d.handle, 100), "timeout");
    d.check_pcap(pcap_set_buffer_size(d.handle, d.options.buffer_bytes), "buffer size");
    const bool nano = pcap_set_tstamp_precision(d.handle, PCAP_TSTAMP_PRECISION_NANO) == 0;
    const int rc = pcap_activate(d.handle);
    if (rc < 0) d.fail(fmt::format("activate: {}", rc == PCAP_ERROR ? pcap_geterr(d.handle)
                                                                     : pcap_statustostr(rc)));
    if (!d.options.bpf.empty()) {
      bpf_program prog{};
      if (pcap_compile(d.handle, &prog, d.options.bpf.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0)
        d.fail(fmt::format("filter \"{}\": {}", d.options.bpf, pcap_geterr(d.handle)));
      const int set = pcap_setfilter(d.handle, &prog);
      pcap_freecode(&prog);
      if (set != 0) d.fail(fmt::format("filter \"{}\": {}", d.options.bpf, pcap_geterr(d.handle)));
    }
    if (pcap_setnonblock(d.handle, 1, errbuf) != 0) d.fail(fmt::format("nonblock: {}", errbuf));
    if (pcap_get_selectable_fd(d.handle) < 0) d.fail("no selectable file descriptor");
    PcapngInterface iface;
    iface.linktype = pcap_datalink(d.handle);
    iface.snaplen = static_cast<std::uint32_t>(pcap_snapshot(d.handle));
    iface.resolution = nano ? TsResolution::nano : TsResolution::micro;
    iface.name = d.options.iface;
    if (!d.options.out.empty()) d.writer = std::make_unique<PcapngWriter>(d.options.out, iface);
    d.wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (d.wake_fd < 0) d.fail("eventfd failed");
  } catch (...) {
    pcap_close(d.handle);
    d.handle = nullptr;
    d.writer.reset();
    throw;
  }
  d.stats = {};
  d.error.clear();
  d.stop_requested = false;
  d.last_packet = Clock::now();
  d.running = true;
  d.thread = std::thread([&d] { d.loop(); });
}

void LiveCapture::settle(std::chrono::milliseconds quiet, std::chrono::milliseconds max) {
  auto& d = *impl_;
  if (!d.running) return;
  const auto deadline = Clock::now() + max;
  std::unique_lock lock(d.mu);
  for (;;) {
    const std::uint64_t ticket = ++d.drain_requested;
    d.wake();
    d.cv.wait(lock, [&] { return d.drain_done >= ticket || d.stop_requested; });
    if (!d.error.empty()) throw ProbeError(d.error);
    const auto now = Clock::now();
    const auto quiet_at = d.last_packet + quiet;
    if (now >= quiet_at || now >= deadline) return;
    lock.unlock();
    std::this_thread::sleep_until(std::min(quiet_at, deadline));
    lock.lock();
  }
}

CaptureStats LiveCapture::stop() {
  auto& d = *impl_;
  if (!d.running) return d.stats;
  {
    std::lock_guard lock(d.mu);
    d.stop_requested = true;
  }
  d.wake();
  d.thread.join();
  d.running = false;
  std::string error = d.error;
  try {
    if (error.empty()) d.drain();  // the thread's last round may have preceded late packets
  } catch (const std::exception& e) {
    error = e.what();
  }
  pcap_close(d.handle);
  d.handle = nullptr;
  ::close(d.wake_fd);
  d.wake_fd = -1;
  try {
    if (d.writer) d.writer->close();
  } catch (const std::exception& e) {
    if (error.empty()) error = e.what();
  }
  if (!error.empty()) throw ProbeError(error);
  return d.stats;
}

CaptureStats LiveCapture::stats() const {
  std::lock_guard lock(impl_->mu);
  return impl_->stats;
}

const std::filesystem::path& LiveCapture::file() const { return impl_->options.out; }

bool LiveCapture::running() const { return impl_->running; }

}  // namespace facecert::probes
