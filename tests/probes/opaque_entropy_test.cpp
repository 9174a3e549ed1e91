// Chi-square randomness of byte samples and the opaque-high-entropy auditor (issue 4): random
// bytes pass, JPEG photographs, deflate output, text and low-entropy binary do not; a recognised
// or clear-text flow is never called opaque.
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>

#include "../../probes/src/traffic/byte_entropy.h"
#include "probes/protocol_flow_support.h"

namespace facecert::probes {
namespace {

using test::ByteVec;
using traffic::judge_randomness;

ByteVec demo_jpeg(const std::string& name) {
  std::ifstream in(std::string(FACECERT_SOURCE_DIR) + "/spoof-datasets/demo/" + name, std::ios::binary);
  return ByteVec(std::istreambuf_iterator<char>(in), {});
}

ByteVec json_text(std::size_t n) {
  std::string s;
  for (int i = 0; s.size() < n; ++i)
    s += "{\"event\":\"access\",\"door\":" + std::to_string(i % 17) + ",\"score\":0." +
         std::to_string((i * 7919) % 1000) + ",\"ok\":true}\n";
  return test::text_bytes(s.substr(0, n));
}

ByteVec deflated(const ByteVec& in) {
  uLongf len = compressBound(static_cast<uLong>(in.size()));
  ByteVec out(len);
  EXPECT_EQ(compress2(out.data(), &len, in.data(), static_cast<uLong>(in.size()), 9), Z_OK);
  out.resize(len);
  return out;
}

TEST(ByteEntropy, RandomBytesLookRandom) {
  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    const auto j = judge_randomness(test::random_bytes(4096, seed));
    EXPECT_TRUE(j.judged);
    EXPECT_EQ(j.sample, 4096u);
    EXPECT_TRUE(j.looks_random) << "chi-square " << j.chi_square;
    EXPECT_GT(j.chi_square, 150);
    EXPECT_LT(j.chi_square, 360);
  }
}

TEST(ByteEntropy, JpegDeflateTextAndCountersDoNot) {
  const ByteVec jpeg = demo_jpeg("astronaut.jpg");
  ASSERT_GT(jpeg.size(), 20000u);
  // Inside the entropy-coded scan, past the headers: 16 KiB keep it far from uniform, but 4 KiB of
  // building.jpg fall inside the random band (measured 331): why the auditor looks at content first.
  const std::span<const std::uint8_t> mid = std::span<const std::uint8_t>(jpeg).subspan(jpeg.size() / 2);
  const auto scan = judge_randomness(mid, 16384);
  EXPECT_FALSE(scan.looks_random) << "chi-square " << scan.chi_square;
  EXPECT_GT(scan.chi_square, 600);
  const ByteVec building = demo_jpeg("building.jpg");
  EXPECT_TRUE(judge_randomness(std::span<const std::uint8_t>(building).subspan(building.size() / 2), 4096).looks_random);

  const ByteVec text = json_text(60000);
  const auto packed = deflated(text);
  ASSERT_GT(packed.size(), 1280u);
  EXPECT_FALSE(judge_randomness(packed).looks_random) << judge_randomness(packed).chi_square;
  EXPECT_GT(judge_randomness(text).chi_square, 10000);

  ByteVec counter(4096);
  for (std::size_t i = 0; i < counter.size(); ++i) counter[i] = static_cast<std::uint8_t>(i);
  const auto even = judge_randomness(counter);  // every value equally often: too even
  EXPECT_EQ(even.chi_square, 0);
  EXPECT_FALSE(even.looks_random);
}

TEST(ByteEntropy, ShortSamplesAreNotJudged) {
  const auto j = judge_randomness(test::random_bytes(1000, 9));
  EXPECT_FALSE(j.judged);
  EXPECT_FALSE(j.looks_random);
  EXPECT_EQ(j.sample, 1000u);
}

TEST(OpaqueAuditor, RandomUnknownTcpFlowIsReportedAsInfo) {
  const auto found = test::run_flow_auditor(
      "opaque", test::tcp_flow(test::random_bytes(6000, 1), test::random_bytes(3000, 2)));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, "opaque-high-entropy");
  EXPECT_EQ(found[0].severity, "info");
  EXPECT_EQ(found[0].details["sample_bytes"]["c2s"], 6000);
  EXPECT_EQ(found[0].details["sample_bytes"]["s2c"], 3000);
  EXPECT_GT(found[0].details["chi_square"]["c2s"].get<double>(), 150);
  EXPECT_EQ(found[0].packets, std::vector<std::uint64_t>{1});
}

TEST(OpaqueAuditor, RandomUnknownUdpDatagramsAreReported) {
  std::vector<ByteVec> ds;
  for (std::uint32_t i = 0; i < 6; ++i) ds.push_back(test::random_bytes(700, 30 + i));
  const auto found = test::run_flow_auditor("opaque", test::udp_flow(ds, {}));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].details["transport"], "udp");
  EXPECT_EQ(found[0].details["sample_bytes"]["c2s"], 4200);
}

TEST(OpaqueAuditor, TextJpegLowEntropyAndKnownAppsAreNotOpaque) {
  auto none = [](const Flow& f) { return test::run_flow_auditor("opaque", f).empty(); };
  EXPECT_TRUE(none(test::tcp_flow(json_text(5000), json_text(3000))));            // JSON text
  EXPECT_TRUE(none(test::tcp_flow(demo_jpeg("baboon.jpg"), {})));                 // JPEG magic
  for (const char* name : {"fruits.jpg", "building.jpg"}) {  // JPEG scan bytes without a header
    ByteVec scan = demo_jpeg(name);
    scan.erase(scan.begin(), scan.begin() + static_cast<std::ptrdiff_t>(scan.size() / 2));
    scan.resize(4096);
    EXPECT_TRUE(none(test::tcp_flow(scan, {}))) << name;
  }
  ByteVec structured;
  for (int i = 0; i < 4000; ++i) structured.push_back(static_cast<std::uint8_t>((i % 8) < 6 ? 0 : i % 251 + 1));
  EXPECT_TRUE(none(test::tcp_flow(structured, {})));                             // low-entropy binary
  EXPECT_TRUE(none(test::tcp_flow(test::random_bytes(5000, 3), {}, "tls", "true")));  // recognised app
  EXPECT_TRUE(none(test::tcp_flow(test::random_bytes(5000, 4), json_text(2000))));    // one side text
  EXPECT_TRUE(none(test::tcp_flow(test::random_bytes(900, 5), {})));                  // too short
}

}  // namespace
}  // namespace facecert::probes
