#include "mapped_capture.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "facecert/probes/live_capture.h"

namespace facecert::probes::traffic {
namespace {

constexpr std::uint32_t kPcapMicro = 0xa1b2c3d4, kPcapNano = 0xa1b23c4d;
constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A, kByteOrderMagic = 0x1A2B3C4D;
constexpr std::uint32_t kInterfaceBlock = 1, kObsoletePacket = 2, kSimplePacket = 3, kEnhancedPacket = 6;
// libpcap's limits: a record larger than these is corruption, not a frame.
constexpr std::uint32_t kMaxSnaplen = 262144;
constexpr std::uint32_t kMaxBlock = 16 * 1024 * 1024;

std::uint32_t load32(const std::uint8_t* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// The link types the packet decoder reads, mapped as libpcap maps LINKTYPE_ to DLT_ values; any
// other is left to libpcap, so that its behaviour (and message) stays what it was.
int dlt_for(std::uint32_t linktype) {
  switch (linktype & 0x03FFFFFF) {  // the upper bits carry FCS information
    case 0: return 0;        // NULL
    case 1: return 1;        // EN10MB
    case 101: return 12;     // RAW -> DLT_RAW
    case 108: return 108;    // LOOP
    case 113: return 113;    // LINUX_SLL
    case 228: return 228;    // IPV4
    case 229: return 229;    // IPV6
    case 276: return 276;    // LINUX_SLL2
    default: return -1;
  }
}

}  // namespace

std::unique_ptr<MappedCapture> MappedCapture::open(const std::filesystem::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw ProbeError(fmt::format("{}: cannot read capture: {}", file.string(), std::strerror(errno)));
  struct stat st{};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 24) {
    ::close(fd);
    return nullptr;  // a pipe, a device or too short to hold a header: libpcap decides
  }
  const auto size = static_cast<std::size_t>(st.st_size);
  void* map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return nullptr;
  madvise(map, size, MADV_SEQUENTIAL);  // read-ahead of the page cache, front to back
  std::unique_ptr<MappedCapture> capture(new MappedCapture(static_cast<const std::uint8_t*>(map), size));
  if (!capture->start()) return nullptr;
  return capture;
}

#ifdef MADV_POPULATE_READ
constexpr int MappedCapture::kPopulateRead = MADV_POPULATE_READ;
#else
constexpr int MappedCapture::kPopulateRead = 22;  // Linux's value; glibc before 2.35 lacks the name
#endif

MappedCapture::~MappedCapture() { munmap(const_cast<std::uint8_t*>(base_), size_); }

std::uint16_t MappedCapture::u16(std::size_t at) const {
  std::uint16_t v;
  std::memcpy(&v, base_ + at, 2);
  return swapped_ ? __builtin_bswap16(v) : v;
}

std::uint32_t MappedCapture::u32(std::size_t at) const {
  const std::uint32_t v = load32(base_ + at);
  return swapped_ ? __builtin_bswap32(v) : v;
}

bool MappedCapture::start() {
  const std::uint32_t magic = load32(base_);
  if (magic == kSectionHeader) {
    pcapng_ = true;
    if (size_ < 28) return false;
    const std::uint32_t bom = load32(base_ + 8);
    if (bom != kByteOrderMagic && bom != __builtin_bswap32(kByteOrderMagic)) return false;
    swapped_ = bom != kByteOrderMagic;
    // The link type comes from the first interface block: look for it before any packet.
    for (std::size_t at = 0; at + 12 <= size_;) {
      if (load32(base_ + at) == kSectionHeader) swapped_ = load32(base_ + at + 8) != kByteOrderMagic;
      const std::uint32_t type = u32(at), length = u32(at + 4);
      if (length < 12 || length % 4 != 0 || length > size_ - at) return false;
      if (type == kInterfaceBlock) {
        if (length < 20) return false;
        linktype_ = dlt_for(u16(at + 8));
        break;
      }
      if (type == kEnhancedPacket || type == kSimplePacket || type == kObsoletePacket) return false;
      at += length;
    }
    swapped_ = bom != kByteOrderMagic;
    return linktype_ >= 0;
  }
  if (magic == kPcapMicro || magic == kPcapNano) {
    swapped_ = false;
  } else if (magic == __builtin_bswap32(kPcapMicro) || magic == __builtin_bswap32(kPcapNano)) {
    swapped_ = true;
  } else {
    return false;
  }
  nanoseconds_ = u32(0) == kPcapNano;
  if (u16(4) != 2) return false;  // version 2.x only, as libpcap
  snaplen_ = u32(16);
  linktype_ = dlt_for(u32(20));
  pos_ = 24;
  return linktype_ >= 0;
}

std::optional<CapturedFrame> MappedCapture::next() {
  release_read_pages();
  return pcapng_ ? next_pcapng() : next_pcap();
}

// Pages of frames already handed on are dropped from this process every 32 MiB: the analyser
// copies what it keeps, and without this a mapped 10 GiB capture would count 10 GiB of resident
// memory by the end (the issue: peak memory bounded whatever the capture size).
void MappedCapture::release_read_pages() {
  constexpr std::size_t kStep = 32u << 20;
  // The next 32 MiB are mapped in one call (MADV_POPULATE_READ, Linux 5.14) before they are read:
  // a page fault every 16 pages was a sixth of the time per packet on a TLS capture. Older
  // kernels refuse it and the pages fault in as before.
  if (populate_ && pos_ + kStep / 2 >= populated_ && populated_ < size_) {
    const std::size_t length = std::min(kStep, size_ - populated_);
    if (madvise(const_cast<std::uint8_t*>(base_) + populated_, length, kPopulateRead) != 0) populate_ = false;
    populated_ += length;
  }
  if (pos_ < released_ + 2 * kStep) return;
  const std::size_t upto = (pos_ - kStep) & ~(std::size_t{4095});
  madvise(const_cast<std::uint8_t*>(base_) + released_, upto - released_, MADV_DONTNEED);
  released_ = upto;
}

// The capture is read once, front to back, a frame header every ~1 KB: each is a cache miss the
// hardware prefetcher does not foresee across page boundaries (a tenth of the time per packet on
// a TLS capture). Asking for the bytes 64 KiB ahead hides it.
void MappedCapture::prefetch_ahead(std::size_t from, std::size_t length) const {
  constexpr std::size_t kAhead = 64u << 10;
  const std::size_t begin = from + kAhead, end = std::min(size_, begin + length);
  for (std::size_t at = begin & ~std::size_t{63}; at < end; at += 64) __builtin_prefetch(base_ + at);
}

std::optional<CapturedFrame> MappedCapture::stop(std::string why) {
  stop_ = std::move(why);
  pos_ = size_;
  return std::nullopt;
}

std::optional<CapturedFrame> MappedCapture::next_pcap() {
  if (pos_ >= size_) return std::nullopt;
  if (size_ - pos_ < 16)
    return stop(fmt::format("truncated dump file; tried to read 16 header bytes, only got {}", size_ - pos_));
  const std::uint32_t sec = u32(pos_), frac = u32(pos_ + 4), caplen = u32(pos_ + 8), len = u32(pos_ + 12);
  if (caplen > std::max(snaplen_, kMaxSnaplen))
    return stop(fmt::format("invalid packet capture length {}, bigger than snaplen of {}", caplen,
                            std::max(snaplen_, kMaxSnaplen)));
  if (size_ - pos_ - 16 < caplen)
    return stop(fmt::format("truncated dump file; tried to read {} captured bytes, only got {}", caplen,
                            size_ - pos_ - 16));
  CapturedFrame f{{base_ + pos_ + 16, caplen}, len, sec + frac / (nanoseconds_ ? 1e9 : 1e6)};
  prefetch_ahead(pos_, 16 + caplen);
  pos_ += 16 + caplen;
  return f;
}

bool MappedCapture::section_header(std::size_t at, std::size_t block_length) {
  if (block_length < 28) return false;
  const std::uint32_t bom = load32(base_ + at + 8);
  if (bom != kByteOrderMagic && bom != __builtin_bswap32(kByteOrderMagic)) return false;
  swapped_ = bom != kByteOrderMagic;
  interfaces_.clear();  // interface ids are per section
  return true;
}

bool MappedCapture::interface_block(std::size_t at, std::size_t block_length) {
  if (block_length < 20) return false;
  if (dlt_for(u16(at + 8)) != linktype_) return false;
  Interface i;
  i.snaplen = u32(at + 12);
  // Options: code, length, value padded to 4 bytes.
  for (std::size_t o = at + 16; o + 4 <= at + block_length - 4;) {
    const std::uint16_t code = u16(o), length = u16(o + 2);
    if (code == 0 || o + 4 + length > at + block_length - 4) break;
    if (code == 9 && length >= 1) {  // if_tsresol: 10^-v, or 2^-v when the top bit is set
      const std::uint8_t v = base_[o + 4];
      const unsigned exp = v & 0x7F;
      if ((v & 0x80) ? exp > 63 : exp > 19) return false;
      i.units_per_second = 1;
      for (unsigned k = 0; k < exp; ++k) i.units_per_second *= (v & 0x80) ? 2 : 10;
    } else if (code == 14 && length >= 8) {  // if_tsoffset, seconds
      std::uint64_t off = static_cast<std::uint64_t>(u32(o + 4)) | static_cast<std::uint64_t>(u32(o + 8)) << 32;
      if (swapped_) off = static_cast<std::uint64_t>(u32(o + 8)) | static_cast<std::uint64_t>(u32(o + 4)) << 32;
      i.offset_seconds = static_cast<std::int64_t>(off);
    }
    o += 4 + ((length + 3u) & ~3u);
  }
  interfaces_.push_back(i);
  return true;
}

std::optional<CapturedFrame> MappedCapture::next_pcapng() {
  while (pos_ < size_) {
    if (size_ - pos_ < 12)
      return stop(fmt::format("truncated pcapng dump file; tried to read 12 block header bytes, only got {}",
                              size_ - pos_));
    const std::uint32_t raw_type = load32(base_ + pos_);
    if (raw_type == kSectionHeader && size_ - pos_ >= 12) {
      const std::uint32_t bom = load32(base_ + pos_ + 8);
      swapped_ = bom != kByteOrderMagic;  // checked in section_header()
    }
    const std::uint32_t type = u32(pos_), length = u32(pos_ + 4);
    if (length < 12 || length % 4 != 0 || length > kMaxBlock)
      return stop(fmt::format("block at byte {} has an invalid total length {}", pos_, length));
    if (length > size_ - pos_)
      return stop(fmt::format("truncated pcapng dump file; tried to read {} bytes, only got {}", length,
                              size_ - pos_));
    if (u32(pos_ + length - 4) != length)
      return stop(fmt::format("block at byte {}: trailing length does not match the leading length", pos_));
    const std::size_t at = pos_;
    pos_ += length;
    switch (type) {
      case kSectionHeader:
        if (!section_header(at, length)) return stop(fmt::format("section header block at byte {} is invalid", at));
        break;
      case kInterfaceBlock:
        if (!interface_block(at, length))
          return stop(fmt::format("interface description block at byte {} is invalid or has a link type other "
                                  "than the first interface's",
                                  at));
        break;
      case kEnhancedPacket:
      case kObsoletePacket: {
        if (length < 32) return stop(fmt::format("packet block at byte {} is too short", at));
        const std::uint32_t id = type == kEnhancedPacket ? u32(at + 8) : u16(at + 8);
        if (id >= interfaces_.size())
          return stop(fmt::format("packet block at byte {} names interface {}, which is not described", at, id));
        const std::uint64_t ts = static_cast<std::uint64_t>(u32(at + 12)) << 32 | u32(at + 16);
        const std::uint32_t caplen = u32(at + 20), len = u32(at + 24);
        if (caplen > length - 32)
          return stop(fmt::format("packet block at byte {}: captured length {} is larger than the block", at, caplen));
        const Interface& i = interfaces_[id];
        const double seconds = static_cast<double>(ts / i.units_per_second) +
                               static_cast<double>(ts % i.units_per_second) / static_cast<double>(i.units_per_second);
        return CapturedFrame{{base_ + at + 28, caplen}, len, static_cast<double>(i.offset_seconds) + seconds};
      }
      case kSimplePacket: {
        if (interfaces_.empty()) return stop(fmt::format("simple packet block at byte {} before any interface", at));
        const std::uint32_t len = u32(at + 8);
        std::uint32_t caplen = std::min<std::uint32_t>(len, length - 16);
        if (interfaces_[0].snaplen > 0) caplen = std::min(caplen, interfaces_[0].snaplen);
        return CapturedFrame{{base_ + at + 12, caplen}, len, 0};
      }
      default:
        break;  // statistics, name resolution, custom blocks
    }
  }
  return std::nullopt;
}

}  // namespace facecert::probes::traffic
