#include "facecert/harness/file_digests.h"

#include <fstream>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "openssl_util.h"

namespace facecert::harness {
namespace {

class TwoDigests {
 public:
  TwoDigests() {
    init(sha_, sha_md_, "SHA256");
    init(sm3_, sm3_md_, "SM3");
  }
  void update(const void* data, std::size_t n) {
    if (EVP_DigestUpdate(sha_.get(), data, n) != 1 || EVP_DigestUpdate(sm3_.get(), data, n) != 1)
      ossl::fail("digest update");
    size_ += n;
  }
  FileDigests finish() {
    return {size_, final_hex(sha_.get()), final_hex(sm3_.get())};
  }

 private:
  static void init(ossl::Ptr<EVP_MD_CTX>& ctx, ossl::Ptr<EVP_MD>& md, const char* name) {
    md.reset(EVP_MD_fetch(nullptr, name, nullptr));
    if (!md) ossl::fail(fmt::format("digest {} is not available in this OpenSSL", name));
    ctx.reset(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex2(ctx.get(), md.get(), nullptr) != 1) ossl::fail(fmt::format("digest {}", name));
  }
  static std::string final_hex(EVP_MD_CTX* ctx) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(ctx, out, &len) != 1) ossl::fail("digest final");
    return ossl::to_hex({out, len});
  }
  ossl::Ptr<EVP_MD> sha_md_, sm3_md_;
  ossl::Ptr<EVP_MD_CTX> sha_, sm3_;
  std::uint64_t size_ = 0;
};

}  // namespace

FileDigests digest_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read", file.string()));
  TwoDigests d;
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.gcount() > 0) d.update(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw std::runtime_error(fmt::format("{}: read error", file.string()));
  return d.finish();
}

FileDigests digest_bytes(std::span<const std::uint8_t> bytes) {
  TwoDigests d;
  d.update(bytes.data(), bytes.size());
  return d.finish();
}

}  // namespace facecert::harness
