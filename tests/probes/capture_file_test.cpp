// The mapped capture reader must read what libpcap reads: the same frames, lengths and timestamps
// in pcap (both byte orders, micro and nanoseconds) and pcapng (if_tsresol, simple packet blocks,
// a second section), and stop with a reason where a cut or corrupt file stops.
#include <gtest/gtest.h>

#include <cstring>

#include <fmt/format.h>

#include "../../probes/src/traffic/capture_file.h"
#include "facecert/probes/pcapng_writer.h"
#include "probes/frame_builder_support.h"

namespace facecert::test {
namespace {

struct Read {
  bool mapped = false;
  int linktype = -1;
  std::vector<Bytes> frames;
  std::vector<std::uint32_t> lengths;
  std::vector<double> ts;
  std::optional<std::string> stopped;
};

Read read_with(const std::filesystem::path& file, bool map) {
  probes::traffic::CaptureFile capture(file, map);
  Read r;
  r.mapped = capture.mapped();
  r.linktype = capture.linktype();
  r.stopped = capture.read([&](const probes::traffic::CapturedFrame& f) {
    r.frames.emplace_back(f.data.begin(), f.data.end());
    r.lengths.push_back(f.length);
    r.ts.push_back(f.ts);
  });
  return r;
}

// Reads `file` both ways and expects the same frames; returns the mapped reading.
Read expect_same_as_libpcap(const std::filesystem::path& file) {
  const Read mapped = read_with(file, true), lib = read_with(file, false);
  EXPECT_TRUE(mapped.mapped) << file;
  EXPECT_FALSE(lib.mapped);
  EXPECT_EQ(mapped.linktype, lib.linktype);
  EXPECT_EQ(mapped.frames, lib.frames);
  EXPECT_EQ(mapped.lengths, lib.lengths);
  EXPECT_EQ(mapped.ts.size(), lib.ts.size());
  for (std::size_t i = 0; i < std::min(mapped.ts.size(), lib.ts.size()); ++i) EXPECT_NEAR(mapped.ts[i], lib.ts[i], 1e-6) << i;
  EXPECT_EQ(mapped.stopped.has_value(), lib.stopped.has_value()) << (lib.stopped ? *lib.stopped : "");
  return mapped;
}

std::vector<Bytes> some_frames() {
  std::vector<Bytes> frames;
  for (int i = 0; i < 5; ++i) {
    TcpSegment s;
    s.seq = static_cast<std::uint32_t>(1000 * i);
    s.payload = Bytes(static_cast<std::size_t>(10 + 97 * i), static_cast<std::uint8_t>('a' + i));
    frames.push_back(ethernet(ip_packet(s)));
  }
  return frames;
}

void put32(Bytes& b, std::uint32_t v, bool big) {
  for (int k = 0; k < 4; ++k) b.push_back(static_cast<std::uint8_t>(big ? v >> (24 - 8 * k) : v >> (8 * k)));
}
void put16(Bytes& b, std::uint16_t v, bool big) {
  b.push_back(static_cast<std::uint8_t>(big ? v >> 8 : v));
  b.push_back(static_cast<std::uint8_t>(big ? v : v >> 8));
}

// A classic pcap file made by hand: either byte order, micro or nanosecond magic.
Bytes classic_pcap(const std::vector<Bytes>& frames, bool big, bool nano, std::uint32_t linktype = 1) {
  Bytes b;
  put32(b, nano ? 0xa1b23c4d : 0xa1b2c3d4, big);
  put16(b, 2, big);
  put16(b, 4, big);
  put32(b, 0, big);
  put32(b, 0, big);
  put32(b, 65535, big);
  put32(b, linktype, big);
  std::uint32_t t = 0;
  for (const auto& f : frames) {
    put32(b, 1700000000 + t, big);
    put32(b, nano ? 123456789 + t : 123456 + t, big);
    put32(b, static_cast<std::uint32_t>(f.size()), big);
    put32(b, static_cast<std::uint32_t>(f.size() + 4), big);  // as if snapped
    b.insert(b.end(), f.begin(), f.end());
    ++t;
  }
  return b;
}

void block(Bytes& b, std::uint32_t type, const Bytes& body, bool big) {
  const auto length = static_cast<std::uint32_t>(12 + ((body.size() + 3) & ~std::size_t{3}));
  put32(b, type, big);
  put32(b, length, big);
  b.insert(b.end(), body.begin(), body.end());
  b.resize(b.size() + (length - 12 - body.size()), 0);
  put32(b, length, big);
}

Bytes section_header(bool big) {
  Bytes shb;
  put32(shb, 0x1A2B3C4D, big);
  put16(shb, 1, big);
  put16(shb, 0, big);
  for (int i = 0; i < 8; ++i) shb.push_back(0xFF);  // section length unknown
  return shb;
}

// pcapng by hand (`big`: big-endian): a section with a 2^-20 clock, a second section with a
// millisecond clock, then a simple packet block.
Bytes hand_pcapng(const std::vector<Bytes>& frames, bool big) {
  Bytes b;
  for (bool first : {true, false}) {
    block(b, 0x0A0D0D0A, section_header(big), big);
    Bytes idb;
    put16(idb, 1, big);
    put16(idb, 0, big);
    put32(idb, 0, big);  // snaplen 0: no limit
    put16(idb, 9, big);  // if_tsresol
    put16(idb, 1, big);
    idb.push_back(first ? 0x94 : 0x03);  // 2^-20 s, or 10^-3 s
    idb.resize(idb.size() + 3, 0);
    put16(idb, 0, big);  // opt_endofopt
    put16(idb, 0, big);
    block(b, 1, idb, big);
    for (std::size_t i = 0; i < frames.size(); ++i) {
      const std::uint64_t units = first ? (std::uint64_t{1700000000} << 20) + (i << 19) : 1700000000000ull + 250 * i;
      Bytes epb;
      put32(epb, 0, big);
      put32(epb, static_cast<std::uint32_t>(units >> 32), big);
      put32(epb, static_cast<std::uint32_t>(units), big);
      put32(epb, static_cast<std::uint32_t>(frames[i].size()), big);
      put32(epb, static_cast<std::uint32_t>(frames[i].size()), big);
      epb.insert(epb.end(), frames[i].begin(), frames[i].end());
      block(b, 6, epb, big);
    }
    Bytes stats(16, 0);
    block(b, 5, stats, big);  // an interface statistics block: skipped
  }
  Bytes spb;
  put32(spb, static_cast<std::uint32_t>(frames[0].size()), big);
  spb.insert(spb.end(), frames[0].begin(), frames[0].end());
  block(b, 3, spb, big);
  return b;
}

TEST(CaptureFile, ClassicPcapInBothByteOrdersAndPrecisionsReadsAsLibpcapDoes) {
  TempDir dir;
  const auto frames = some_frames();
  for (bool big : {false, true})
    for (bool nano : {false, true}) {
      const auto file = dir / fmt::format("c{}{}.pcap", big, nano);
      write_bytes(file, classic_pcap(frames, big, nano));
      const Read r = expect_same_as_libpcap(file);
      EXPECT_EQ(r.frames, frames);
      ASSERT_EQ(r.lengths.size(), frames.size());
      EXPECT_EQ(r.lengths[1], frames[1].size() + 4);
      EXPECT_NEAR(r.ts[2], 1700000002 + (nano ? 0.123456791 : 0.123458), 1e-6);
      EXPECT_FALSE(r.stopped);
    }
}

TEST(CaptureFile, PcapngSectionsResolutionsAndSimplePacketsReadAsLibpcapDoes) {
  TempDir dir;
  const auto frames = some_frames();
  for (bool big : {true, false}) {
    write_bytes(dir / "hand.pcapng", hand_pcapng(frames, big));
    const Read r = expect_same_as_libpcap(dir / "hand.pcapng");
    ASSERT_EQ(r.frames.size(), 2 * frames.size() + 1);
    EXPECT_NEAR(r.ts[1], 1700000000.5, 1e-6);                  // 2^19 units of 2^-20 s
    EXPECT_NEAR(r.ts[frames.size() + 2], 1700000000.5, 1e-6);  // 2 x 250 ms
    EXPECT_EQ(r.frames.back(), frames[0]);
  }

  probes::PcapngInterface nano;
  nano.resolution = probes::TsResolution::nano;
  nano.name = "lo";
  {
    probes::PcapngWriter w(dir / "writer.pcapng", nano);
    for (std::size_t i = 0; i < frames.size(); ++i)
      w.write_packet(std::chrono::nanoseconds(1'700'000'000'123'456'789 + static_cast<std::int64_t>(i)), frames[i]);
  }
  EXPECT_EQ(expect_same_as_libpcap(dir / "writer.pcapng").frames, frames);
}

TEST(CaptureFile, CutAndCorruptFilesStopWithAReasonAfterTheGoodFrames) {
  TempDir dir;
  const auto frames = some_frames();
  const Bytes whole = classic_pcap(frames, false, false);
  Bytes cut(whole.begin(), whole.end() - 50);  // into the last frame's bytes
  write_bytes(dir / "cut.pcap", cut);
  Read r = expect_same_as_libpcap(dir / "cut.pcap");
  EXPECT_EQ(r.frames.size(), frames.size() - 1);
  ASSERT_TRUE(r.stopped);
  EXPECT_NE(r.stopped->find("truncated dump file"), std::string::npos) << *r.stopped;

  Bytes header_cut(whole.begin(), whole.begin() + 24 + 16 + static_cast<std::ptrdiff_t>(frames[0].size()) + 7);
  write_bytes(dir / "header-cut.pcap", header_cut);
  r = expect_same_as_libpcap(dir / "header-cut.pcap");
  EXPECT_EQ(r.frames.size(), 1u);

  Bytes huge = whole;
  const std::size_t second = 24 + 16 + frames[0].size();
  const std::uint32_t caplen = 0x7FFFFFFF;
  std::memcpy(huge.data() + second + 8, &caplen, 4);
  write_bytes(dir / "huge.pcap", huge);
  r = expect_same_as_libpcap(dir / "huge.pcap");
  EXPECT_EQ(r.frames.size(), 1u);

  const Bytes ng = hand_pcapng(frames, false);
  write_bytes(dir / "cut.pcapng", Bytes(ng.begin(), ng.end() - 9));
  r = expect_same_as_libpcap(dir / "cut.pcapng");
  EXPECT_EQ(r.frames.size(), 2 * frames.size());
  EXPECT_TRUE(r.stopped);
}

TEST(CaptureFile, UnknownLinkTypesAndTinyFilesAreLeftToLibpcap) {
  TempDir dir;
  write_bytes(dir / "usb.pcap", classic_pcap(some_frames(), false, false, 189));
  EXPECT_FALSE(probes::traffic::CaptureFile(dir / "usb.pcap").mapped());
  write_bytes(dir / "raw.pcap", classic_pcap({}, false, false, 101));
  probes::traffic::CaptureFile raw(dir / "raw.pcap");
  EXPECT_TRUE(raw.mapped());
  EXPECT_EQ(raw.linktype(), probes::traffic::CaptureFile(dir / "raw.pcap", false).linktype());
}

}  // namespace
}  // namespace facecert::test
