// Reassembly from hand-built captures written with facecert's pcapng writer and read back through
// libpcap: exact stream bytes and the frames that hold them.
#include <gtest/gtest.h>

#include <string>

#include "facecert/probes/capture_reader.h"
#include "probes/frame_builder_support.h"

namespace facecert::probes {
namespace {

using test::Bytes;
using test::TcpSegment;
using test::kAck; using test::kSyn; using test::kFin; using test::kRst; using test::kPsh;

constexpr int kEthernet = 1, kSll = 113, kSll2 = 276;
constexpr std::uint32_t kClientIsn = 1000, kServerIsn = 5000;

// A client/server pair; seg() builds a segment at a stream offset of either direction.
struct Conversation {
  std::string client = "10.0.0.1", server = "10.0.0.2";
  std::uint16_t cport = 40000, sport = 80;
  std::uint32_t cisn = kClientIsn, sisn = kServerIsn;
  TcpSegment c2s(std::uint64_t off, std::string_view data, std::uint8_t flags = kAck | kPsh) const {
    return {client, server, cport, sport, static_cast<std::uint32_t>(cisn + 1 + off), sisn + 1, flags,
            test::bytes_of(data)};
  }
  TcpSegment s2c(std::uint64_t off, std::string_view data, std::uint8_t flags = kAck | kPsh) const {
    return {server, client, sport, cport, static_cast<std::uint32_t>(sisn + 1 + off), cisn + 1, flags,
            test::bytes_of(data)};
  }
  std::vector<TcpSegment> handshake() const {
    return {{client, server, cport, sport, cisn, 0, kSyn, {}},
            {server, client, sport, cport, sisn, cisn + 1, kSyn | kAck, {}},
            c2s(0, "", kAck)};
  }
};

std::string text(const StreamChunk& c) { return std::string(c.bytes.begin(), c.bytes.end()); }

CaptureContents capture_of(const std::vector<TcpSegment>& segs, int linktype = kEthernet,
                           TcpStreamLimits limits = {}) {
  std::vector<Bytes> frames;
  for (const auto& s : segs) {
    const Bytes ip = test::ip_packet(s);
    frames.push_back(linktype == kSll ? test::linux_sll(ip)
                     : linktype == kSll2 ? test::linux_sll2(ip)
                                         : test::ethernet(ip));
  }
  test::TempDir dir;
  test::write_capture(dir / "c.pcapng", linktype, frames);
  return read_capture(dir / "c.pcapng", limits);
}

bool has_warning(const CaptureContents& c, std::string_view needle) {
  for (const auto& w : c.warnings)
    if (w.find(needle) != std::string::npos) return true;
  return false;
}

TEST(TcpReassembly, HandshakeThenHttpBothWays) {
  Conversation cv;
  auto segs = cv.handshake();                                     // frames 1-3
  segs.push_back(cv.c2s(0, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"));  // 4
  segs.push_back(cv.s2c(0, "HTTP/1.1 200 OK\r\n"));                 // 5
  segs.push_back(cv.s2c(17, "\r\nhi"));                             // 6
  segs.push_back(cv.c2s(28, "", kAck | kFin));                      // 7
  const auto c = capture_of(segs);
  EXPECT_EQ(c.packets, 7u);
  ASSERT_EQ(c.flows.size(), 1u);
  const Flow& f = *c.flows[0];
  EXPECT_EQ(f.summary.client, "10.0.0.1:40000");
  EXPECT_EQ(f.summary.server, "10.0.0.2:80");
  EXPECT_EQ(f.summary.text(), "10.0.0.1:40000 -> 10.0.0.2:80 tcp");
  EXPECT_EQ(f.summary.app, "http");
  EXPECT_EQ(f.summary.encrypted, "false");
  EXPECT_EQ(f.summary.packets, 7u);
  EXPECT_EQ(f.summary.bytes_c2s, 28u);
  EXPECT_EQ(f.summary.bytes_s2c, 21u);
  ASSERT_EQ(f.c2s.chunks().size(), 1u);
  EXPECT_EQ(text(f.c2s.chunks()[0]), "GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(f.s2c.chunks().size(), 1u);
  EXPECT_EQ(text(f.s2c.chunks()[0]), "HTTP/1.1 200 OK\r\n\r\nhi");
  EXPECT_EQ(f.s2c.frames_for(0, 21), (std::vector<std::uint64_t>{5, 6}));
  EXPECT_EQ(f.s2c.frames_for(17, 1), (std::vector<std::uint64_t>{6}));
  EXPECT_EQ(f.s2c.frames_for(16, 2), (std::vector<std::uint64_t>{5, 6}));
  EXPECT_TRUE(f.c2s.saw_syn());
  EXPECT_FALSE(f.c2s.mid_stream());
  EXPECT_TRUE(f.c2s.fin());
  EXPECT_TRUE(c.warnings.empty());
}

TEST(TcpReassembly, OutOfOrderSegmentsAreOrderedByOffset) {
  Conversation cv;
  auto segs = cv.handshake();
  segs.push_back(cv.c2s(0, "AAAA"));  // 4
  segs.push_back(cv.c2s(8, "CCCC"));  // 5 arrives before 6
  segs.push_back(cv.c2s(4, "BBBB"));  // 6
  const auto c = capture_of(segs);
  const Flow& f = *c.flows[0];
  ASSERT_EQ(f.c2s.chunks().size(), 1u);
  EXPECT_EQ(text(f.c2s.chunks()[0]), "AAAABBBBCCCC");
  EXPECT_EQ(f.c2s.frames_for(4, 4), (std::vector<std::uint64_t>{6}));
  EXPECT_EQ(f.c2s.frames_for(3, 6), (std::vector<std::uint64_t>{4, 5, 6}));
  EXPECT_EQ(f.c2s.frames_for(8, 4), (std::vector<std::uint64_t>{5}));
  EXPECT_TRUE(f.c2s.gaps().empty());
  EXPECT_TRUE(c.warnings.empty());
}

TEST(TcpReassembly, RetransmissionIsDroppedAndConflictingOverlapKeepsFirstData) {
  Conversation cv;
  auto segs = cv.handshake();
  segs.push_back(cv.c2s(0, "hello "));  // 4
  segs.push_back(cv.c2s(6, "world"));   // 5
  segs.push_back(cv.c2s(0, "hello "));  // 6 identical retransmission
  segs.push_back(cv.c2s(8, "rlXYZ"));   // 7 overlaps "rld" with "rlX", adds "YZ"
  const auto c = capture_of(segs);
  const Flow& f = *c.flows[0];
  ASSERT_EQ(f.c2s.chunks().size(), 1u);
  EXPECT_EQ(text(f.c2s.chunks()[0]), "hello worldYZ");
  ASSERT_EQ(f.c2s.conflicts().size(), 1u);
  EXPECT_EQ(f.c2s.conflicts()[0].offset, 8u);
  EXPECT_EQ(f.c2s.conflicts()[0].length, 3u);
  EXPECT_EQ(f.c2s.conflicts()[0].frame, 7u);
  EXPECT_EQ(f.c2s.frames_for(0, 6), (std::vector<std::uint64_t>{4}));  // not the retransmission
  EXPECT_EQ(f.c2s.frames_for(10, 3), (std::vector<std::uint64_t>{5, 7}));
  EXPECT_EQ(f.summary.bytes_c2s, 22u);  // every payload byte on the wire
  EXPECT_TRUE(has_warning(c, "retransmission(s) with different bytes"));
}

TEST(TcpReassembly, ConflictBetweenHeldOutOfOrderSegmentsKeepsTheFirst) {
  Conversation cv;
  auto segs = cv.handshake();
  segs.push_back(cv.c2s(4, "EFGH"));  // 4 held
  segs.push_back(cv.c2s(6, "xxJK"));  // 5 held, "xx" conflicts with "GH"
  segs.push_back(cv.c2s(0, "ABCD"));  // 6 fills the hole
  const auto c = capture_of(segs);
  const Flow& f = *c.flows[0];
  ASSERT_EQ(f.c2s.chunks().size(), 1u);
  EXPECT_EQ(text(f.c2s.chunks()[0]), "ABCDEFGHJK");
  ASSERT_EQ(f.c2s.conflicts().size(), 1u);
  EXPECT_EQ(f.c2s.conflicts()[0].offset, 6u);
  EXPECT_EQ(f.c2s.frames_for(8, 2), (std::vector<std::uint64_t>{5}));
}

TEST(TcpReassembly, GapIsRecordedAndNotPaperedOver) {
  Conversation cv;
  auto segs = cv.handshake();
  segs.push_back(cv.c2s(0, "abc"));  // 4
  segs.push_back(cv.c2s(6, "ghi"));  // 5: bytes 3..5 never captured
  segs.push_back(cv.c2s(9, "jk"));   // 6
  const auto c = capture_of(segs);
  const Flow& f = *c.flows[0];
  ASSERT_EQ(f.c2s.chunks().size(), 2u);
  EXPECT_EQ(f.c2s.chunks()[0].offset, 0u);
  EXPECT_EQ(text(f.c2s.chunks()[0]), "abc");
  EXPECT_EQ(f.c2s.chunks()[1].offset, 6u);
  EXPECT_EQ(text(f.c2s.chunks()[1]), "ghijk");
  ASSERT_EQ(f.c2s.gaps().size(), 1u);
  EXPECT_EQ(f.c2s.gaps()[0].offset, 3u);
  EXPECT_EQ(f.c2s.gaps()[0].length, 3u);
  EXPECT_EQ(f.c2s.gaps()[0].next_frame, 5u);
  EXPECT_EQ(f.c2s.frames_for(2, 6), (std::vector<std::uint64_t>{4, 5}));
  EXPECT_TRUE(has_warning(c, "1 gap(s) in the capture, 3 bytes missing; first at stream offset 3"));
}

TEST(TcpReassembly, QinQTaggedEthernetWithIPv6HopByHop) {
  Conversation cv;
  cv.client = "2001:db8::1";
  cv.server = "2001:db8::2";
  cv.sport = 8080;
  std::vector<Bytes> frames;
  auto segs = cv.handshake();
  segs.push_back(cv.c2s(0, "POST /x HTTP/1.1\r\n\r\n"));
  for (const auto& s : segs) frames.push_back(test::ethernet(test::ip_packet(s, true), {0x88A8, 0x8100}));
  test::TempDir dir;
  test::write_capture(dir / "v.pcapng", kEthernet, frames);
  const auto c = read_capture(dir / "v.pcapng");
  ASSERT_EQ(c.flows.size(), 1u);
  const Flow& f = *c.flows[0];
  EXPECT_EQ(f.summary.client, "[2001:db8::1]:40000");
  EXPECT_EQ(f.summary.server, "[2001:db8::2]:8080");
  ASSERT_EQ(f.c2s.chunks().size(), 1u);
  EXPECT_EQ(text(f.c2s.chunks()[0]), "POST /x HTTP/1.1\r\n\r\n");
  EXPECT_EQ(f.c2s.frames_for(0, 1), (std::vector<std::uint64_t>{4}));
  EXPECT_EQ(f.summary.app, "http");
}

TEST(TcpReassembly, LinuxCookedSllAndSll2) {
  for (const int linktype : {kSll, kSll2}) {
    Conversation cv;
    auto segs = cv.handshake();
    segs.push_back(cv.s2c(0, "HTTP/1.0 404 Not Found\r\n\r\n"));
    const auto c = capture_of(segs, linktype);
    EXPECT_EQ(c.linktype, linktype);
    ASSERT_EQ(c.flows.size(), 1u) << linktype;
    ASSERT_EQ(c.flows[0]->s2c.chunks().size(), 1u) << linktype;
    EXPECT_EQ(text(c.flows[0]->s2c.chunks()[0]), "HTTP/1.0 404 Not Found\r\n\r\n");
    EXPECT_EQ(c.flows[0]->s2c.frames_for(0, 5), (std::vector<std::uint64_t>{4}));
  }
}

TEST(TcpReassembly, MidStreamStartFromServerSide) {
  Conversation cv;
  // No handshake: the first packet is the server answering from port 80.
  const auto c = capture_of({cv.s2c(700, "HTTP/1.1 200 OK\r\n"), cv.c2s(50, "more"), cv.s2c(717, "x")});
  ASSERT_EQ(c.flows.size(), 1u);
  const Flow& f = *c.flows[0];
  EXPECT_EQ(f.summary.client, "10.0.0.1:40000");
  EXPECT_TRUE(f.s2c.mid_stream());
  ASSERT_EQ(f.s2c.chunks().size(), 1u);
  EXPECT_EQ(text(f.s2c.chunks()[0]), "HTTP/1.1 200 OK\r\nx");
  EXPECT_EQ(f.s2c.frames_for(17, 1), (std::vector<std::uint64_t>{3}));
  EXPECT_EQ(f.summary.app, "http");
}

TEST(TcpReassembly, SequenceNumbersWrapAround) {
  Conversation cv;
  cv.cisn = 0xFFFFFFF8u;
  auto segs = cv.handshake();
  segs.push_back(cv.c2s(0, "0123456789"));  // crosses 2^32
  segs.push_back(cv.c2s(10, "abcdef"));
  const auto c = capture_of(segs);
  ASSERT_EQ(c.flows[0]->c2s.chunks().size(), 1u);
  EXPECT_EQ(text(c.flows[0]->c2s.chunks()[0]), "0123456789abcdef");
}

TEST(TcpReassembly, KeepsAtMostTheConfiguredBytesAndSaysSo) {
  Conversation cv;
  auto segs = cv.handshake();
  segs.push_back(cv.c2s(0, "0123456789"));
  segs.push_back(cv.c2s(10, "abcdefghij"));
  TcpStreamLimits limits;
  limits.max_stream_bytes = 15;
  const auto c = capture_of(segs, kEthernet, limits);
  const Flow& f = *c.flows[0];
  ASSERT_EQ(f.c2s.chunks().size(), 1u);
  EXPECT_EQ(text(f.c2s.chunks()[0]), "0123456789abcde");
  EXPECT_EQ(f.c2s.capped_at(), 15u);
  EXPECT_EQ(f.summary.bytes_c2s, 20u);
  EXPECT_TRUE(has_warning(c, "reassembly limit reached; bytes from stream offset 15"));
}

TEST(TcpReassembly, PortReuseAfterResetStartsANewFlow) {
  Conversation cv;
  auto segs = cv.handshake();
  segs.push_back(cv.c2s(0, "first"));
  segs.push_back(cv.c2s(5, "", kRst));
  Conversation again = cv;
  again.cisn = 90000;
  again.sisn = 190000;
  for (const auto& s : again.handshake()) segs.push_back(s);
  segs.push_back(again.c2s(0, "second"));
  const auto c = capture_of(segs);
  ASSERT_EQ(c.flows.size(), 2u);
  EXPECT_EQ(text(c.flows[0]->c2s.chunks()[0]), "first");
  EXPECT_TRUE(c.flows[0]->c2s.rst());
  EXPECT_EQ(text(c.flows[1]->c2s.chunks()[0]), "second");
  EXPECT_EQ(c.flows[1]->first_frame, 6u);
}

std::string tls_record(std::uint8_t type, std::uint16_t version, std::size_t len) {
  std::string r{static_cast<char>(type), static_cast<char>(version >> 8),
                static_cast<char>(version & 0xFF), static_cast<char>(len >> 8),
                static_cast<char>(len & 0xFF)};
  // Filler that reads like ciphertext (mostly not printable): clear text in application-data
  // records is not encrypted (the case below).
  for (std::size_t i = 0; i < len; ++i) r.push_back(static_cast<char>((i * 151 + 7) & 0xFF));
  return r;
}

TEST(AppClassification, FromBytesNotPorts) {
  struct Case {
    std::string c2s, s2c, app, encrypted;
  };
  const std::vector<Case> cases = {
      {tls_record(0x16, 0x0301, 200), tls_record(0x16, 0x0303, 90) + tls_record(0x14, 0x0303, 1) +
                                          tls_record(0x17, 0x0303, 40), "tls", "true"},
      {tls_record(0x16, 0x0101, 100), tls_record(0x16, 0x0101, 300), "tlcp", "true"},
      // a faked handshake, then clear text in application-data records: not encrypted
      {tls_record(0x16, 0x0303, 90) + std::string("\x17\x03\x03\x00\x28", 5) + "POST /faces HTTP/1.1\r\nHost: p\r\n\r\n{\"a\":1}",
       tls_record(0x16, 0x0303, 90), "tls", "false"},
      // a handshake-looking header followed by something that is not a record: not trusted
      {tls_record(0x16, 0x0303, 10) + "GARBAGE-NOT-A-RECORD", "", "tls", "unknown"},
      {"PUT /f HTTP/1.1\r\n\r\n", "", "http", "false"},
      {std::string("\x00\x01\x02\x03 binary", 11), "", "unknown", "unknown"},
      {"GET / HTTP/9.9\r\n", "", "unknown", "unknown"},
  };
  for (const auto& k : cases) {
    Conversation cv;
    cv.sport = 443;  // the port says TLS; only the bytes count
    auto segs = cv.handshake();
    segs.push_back(cv.c2s(0, k.c2s));
    if (!k.s2c.empty()) segs.push_back(cv.s2c(0, k.s2c));
    const auto c = capture_of(segs);
    ASSERT_EQ(c.flows.size(), 1u);
    EXPECT_EQ(c.flows[0]->summary.app, k.app) << k.c2s.substr(0, 16);
    EXPECT_EQ(c.flows[0]->summary.encrypted, k.encrypted) << k.c2s.substr(0, 16);
  }
}

}  // namespace
}  // namespace facecert::probes
