#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <cstring>

#include "facecert/probes/live_capture.h"
#include "facecert/probes/pcapng_writer.h"
#include "probes/frame_builder_support.h"

namespace facecert::probes {
namespace {

using test::Bytes;

std::uint32_t u32_at(const Bytes& b, std::size_t off) {
  std::uint32_t v;
  std::memcpy(&v, b.data() + off, 4);
  return v;
}

struct Read {
  std::vector<Bytes> frames;
  std::vector<std::pair<long, long>> ts;  // sec, fraction in the requested precision
  std::vector<std::uint32_t> orig_len;
  int linktype = 0, snaplen = 0;
};

Read read_back(const std::filesystem::path& file, unsigned precision) {
  char err[PCAP_ERRBUF_SIZE];
  pcap_t* p = pcap_open_offline_with_tstamp_precision(file.c_str(), precision, err);
  EXPECT_NE(p, nullptr) << err;
  Read r;
  if (!p) return r;
  r.linktype = pcap_datalink(p);
  r.snaplen = pcap_snapshot(p);
  pcap_pkthdr* h;
  const u_char* d;
  while (pcap_next_ex(p, &h, &d) == 1) {
    r.frames.emplace_back(d, d + h->caplen);
    r.ts.emplace_back(h->ts.tv_sec, h->ts.tv_usec);
    r.orig_len.push_back(h->len);
  }
  pcap_close(p);
  return r;
}

TEST(PcapngWriter, RoundTripNanosecondsThroughLibpcap) {
  test::TempDir dir;
  const auto file = dir / "nano.pcapng";
  const std::vector<Bytes> frames = {Bytes{1, 2, 3, 4, 5}, Bytes(1514, 0xAB), Bytes{9}, Bytes{}};
  const std::vector<std::chrono::nanoseconds> times = {
      std::chrono::nanoseconds(1700000000123456789LL), std::chrono::nanoseconds(1700000001000000001LL),
      std::chrono::nanoseconds(5), std::chrono::nanoseconds(4294967296LL * 3 + 7)};
  PcapngInterface iface{113, 65535, TsResolution::nano, "lo"};
  PcapngWriter w(file, iface);
  for (std::size_t i = 0; i < frames.size(); ++i)
    w.write_packet(times[i], frames[i], i == 1 ? 9000 : 0);
  w.flush();
  EXPECT_EQ(w.packets(), 4u);
  const Read r = read_back(file, PCAP_TSTAMP_PRECISION_NANO);  // readable before close: flushed
  w.close();
  EXPECT_EQ(r.linktype, 113);
  EXPECT_EQ(r.snaplen, 65535);
  ASSERT_EQ(r.frames.size(), frames.size());
  for (std::size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(r.frames[i], frames[i]) << i;
    EXPECT_EQ(r.ts[i].first, times[i].count() / 1000000000) << i;
    EXPECT_EQ(r.ts[i].second, times[i].count() % 1000000000) << i;
  }
  EXPECT_EQ(r.orig_len[1], 9000u);
  EXPECT_EQ(r.orig_len[0], 5u);
}

TEST(PcapngWriter, MicrosecondResolutionKeepsMicroseconds) {
  test::TempDir dir;
  const auto file = dir / "micro.pcapng";
  PcapngWriter w(file, PcapngInterface{1, 262144, TsResolution::micro, ""});
  w.write_packet(std::chrono::nanoseconds(1700000000123456789LL), Bytes{0xDE, 0xAD});
  w.close();
  const Read r = read_back(file, PCAP_TSTAMP_PRECISION_MICRO);
  ASSERT_EQ(r.frames.size(), 1u);
  EXPECT_EQ(r.ts[0].first, 1700000000);
  EXPECT_EQ(r.ts[0].second, 123456);
  EXPECT_EQ(r.frames[0], (Bytes{0xDE, 0xAD}));
}

TEST(PcapngWriter, BlocksArePaddedAndFramedByTheirLength) {
  test::TempDir dir;
  const auto file = dir / "layout.pcapng";
  PcapngWriter w(file, PcapngInterface{1, 1000, TsResolution::micro, ""}, "");
  w.write_packet(std::chrono::microseconds(0x100000002LL), Bytes{1, 2, 3, 4, 5});
  w.close();
  const Bytes b = test::read_file(file);
  // SHB: type, length 28, byte-order magic, 1.0, section length -1, end of options, length.
  ASSERT_GE(b.size(), 28u);
  EXPECT_EQ(u32_at(b, 0), 0x0A0D0D0Au);
  EXPECT_EQ(u32_at(b, 4), 28u);
  EXPECT_EQ(u32_at(b, 8), 0x1A2B3C4Du);
  EXPECT_EQ(u32_at(b, 24), 28u);
  // IDB: 12 framing + 8 fixed + if_tsresol (4 + 1 padded to 4) + end of options (4) = 32.
  EXPECT_EQ(u32_at(b, 28), 1u);
  EXPECT_EQ(u32_at(b, 32), 32u);
  EXPECT_EQ(u32_at(b, 28 + 28), 32u);
  EXPECT_EQ(b[28 + 16], 9);      // option code if_tsresol
  EXPECT_EQ(b[28 + 16 + 4], 6);  // its value: microseconds
  // EPB: 12 framing + 20 fixed + 5 data padded to 8 = 40; timestamp split high/low.
  const std::size_t epb = 60;
  ASSERT_EQ(b.size(), epb + 40);
  EXPECT_EQ(u32_at(b, epb), 6u);
  EXPECT_EQ(u32_at(b, epb + 4), 40u);
  EXPECT_EQ(u32_at(b, epb + 12), 1u);  // timestamp high
  EXPECT_EQ(u32_at(b, epb + 16), 2u);  // timestamp low
  EXPECT_EQ(u32_at(b, epb + 20), 5u);
  EXPECT_EQ(u32_at(b, epb + 24), 5u);
  EXPECT_EQ(b[epb + 33], 0);  // padding
  EXPECT_EQ(u32_at(b, epb + 36), 40u);
}

TEST(PcapngWriter, UncreatableFileNamesIt) {
  try {
    PcapngWriter w("/nonexistent-dir/x.pcapng", PcapngInterface{});
    FAIL() << "no error";
  } catch (const ProbeError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x.pcapng"), std::string::npos);
  }
}

}  // namespace
}  // namespace facecert::probes
