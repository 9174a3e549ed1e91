#include "capture_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <fmt/format.h>
#include <zlib.h>

#include "facecert/probes/live_capture.h"

namespace facecert::probes::traffic {
namespace {

bool starts_with_gzip_magic(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  unsigned char magic[2] = {};
  return in.read(reinterpret_cast<char*>(magic), 2) && magic[0] == 0x1f && magic[1] == 0x8b;
}

// A FILE* that reads through zlib, so libpcap streams a .gz capture without a temporary copy.
ssize_t gz_read(void* cookie, char* buf, size_t size) {
  const int n = gzread(static_cast<gzFile>(cookie), buf, static_cast<unsigned>(std::min<size_t>(size, 1u << 30)));
  if (n < 0) {
    errno = EIO;
    return -1;
  }
  return n;
}

int gz_close(void* cookie) { return gzclose(static_cast<gzFile>(cookie)) == Z_OK ? 0 : EOF; }

FILE* open_gzip(const std::filesystem::path& file) {
  gzFile gz = gzopen(file.c_str(), "rb");
  if (!gz) return nullptr;
  gzbuffer(gz, 1 << 20);
  cookie_io_functions_t io{};
  io.read = gz_read;
  io.close = gz_close;
  FILE* f = fopencookie(gz, "r", io);
  if (!f) gzclose(gz);
  return f;
}

}  // namespace

CaptureFile::CaptureFile(const std::filesystem::path& file, bool map) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  gzip_ = starts_with_gzip_magic(file);
  if (!gzip_ && map) mapped_ = MappedCapture::open(file);
  if (mapped_) return;
  if (gzip_) {
    FILE* f = open_gzip(file);
    if (!f) throw ProbeError(fmt::format("{}: cannot read capture: cannot open the gzip stream", file.string()));
    // On failure libpcap does not close `f`.
    pcap_ = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (!pcap_) {
      std::fclose(f);
      throw ProbeError(fmt::format("{}: cannot read capture (gzip-compressed): {}", file.string(), errbuf));
    }
  } else {
    // Our own FILE with a 1 MiB buffer: with stdio's default 4 KiB, the read() calls were a fifth
    // of the analysis time on a TLS-dominated capture.
    FILE* f = std::fopen(file.c_str(), "rb");
    if (!f) throw ProbeError(fmt::format("{}: cannot read capture: {}", file.string(), std::strerror(errno)));
    std::setvbuf(f, nullptr, _IOFBF, 1 << 20);
    pcap_ = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, errbuf);
    if (!pcap_) {
      std::fclose(f);
      throw ProbeError(fmt::format("{}: cannot read capture: {}", file.string(), errbuf));
    }
  }
}

std::string truncation_warning(const std::filesystem::path& file, std::uint64_t frames, const std::string& reason) {
  return fmt::format(
      "{}: capture is truncated or corrupt: reading stopped at frame {} ({}); analysed the {} "
      "frames before it",
      file.string(), frames + 1, reason, frames);
}

CaptureFile::~CaptureFile() {
  if (pcap_) pcap_close(pcap_);
}

}  // namespace facecert::probes::traffic
