#include "facecert/harness/evidence_cipher.h"

#include <array>
#include <cstring>
#include <fstream>
#include <vector>

#include <fmt/format.h>
#include <openssl/rand.h>

#include "facecert/harness/lab_keys.h"
#include "openssl_util.h"

namespace facecert::harness {
namespace {

constexpr std::array<std::uint8_t, 8> kMagic{'F', 'C', 'E', 'N', 'C', '\r', '\n', 0x1a};
constexpr std::uint8_t kVersion = 1, kAes256Gcm = 1;
constexpr std::size_t kTagSize = 16, kKeyIdSize = 16, kPrefixSize = 8;
using Header = std::array<std::uint8_t, kEncryptedHeaderSize>;

void put_be(std::uint8_t* p, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i, v >>= 8) p[i] = static_cast<std::uint8_t>(v & 0xff);
}
std::uint64_t get_be(const std::uint8_t* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

std::vector<std::uint8_t> hex_to_bytes(const std::string& hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<std::uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  return out;
}

class Gcm {
 public:
  explicit Gcm(std::span<const std::uint8_t> key) : cipher_(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr)) {
    if (!cipher_) ossl::fail("AES-256-GCM is not available in this OpenSSL");
    if (key.size() != 32) throw std::runtime_error("an evidence key is 32 bytes");
    key_.assign(key.begin(), key.end());
  }
  // One chunk; returns false when a decryption's tag does not authenticate.
  bool run(bool encrypt, const Header& header, std::uint32_t index, bool final, const std::uint8_t* in,
           std::size_t n, std::uint8_t* out, std::uint8_t* tag) {
    ossl::Ptr<EVP_CIPHER_CTX> ctx(EVP_CIPHER_CTX_new());
    std::array<std::uint8_t, 12> nonce{};
    std::memcpy(nonce.data(), header.data() + 32, kPrefixSize);
    put_be(nonce.data() + kPrefixSize, index, 4);
    std::array<std::uint8_t, kEncryptedHeaderSize + 5> aad{};
    std::memcpy(aad.data(), header.data(), header.size());
    put_be(aad.data() + header.size(), index, 4);
    aad[header.size() + 4] = final ? 1 : 0;
    int len = 0;
    if (!ctx || EVP_CipherInit_ex2(ctx.get(), cipher_.get(), key_.data(), nonce.data(), encrypt ? 1 : 0, nullptr) != 1 ||
        EVP_CipherUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1 ||
        (n > 0 && EVP_CipherUpdate(ctx.get(), out, &len, in, static_cast<int>(n)) != 1))
      ossl::fail("AES-256-GCM");
    if (encrypt) {
      if (EVP_CipherFinal_ex(ctx.get(), out + n, &len) != 1 ||
          EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, kTagSize, tag) != 1)
        ossl::fail("AES-256-GCM");
      return true;
    }
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, kTagSize, tag) != 1) ossl::fail("AES-256-GCM");
    const bool ok = EVP_CipherFinal_ex(ctx.get(), out + n, &len) == 1;
    ossl::last_error();  // a failed tag leaves an error queued
    return ok;
  }

 private:
  ossl::Ptr<EVP_CIPHER> cipher_;
  std::vector<std::uint8_t> key_;
};

std::uint64_t chunk_count(std::uint64_t size, std::uint32_t chunk) { return size == 0 ? 1 : (size + chunk - 1) / chunk; }

EncryptedHeader parse_header(const Header& h, const std::filesystem::path& in) {
  if (!std::equal(kMagic.begin(), kMagic.end(), h.begin()))
    throw DecryptError(fmt::format("{}: not an encrypted evidence file (no FCENC header)", in.string()));
  if (h[8] != kVersion || h[9] != kAes256Gcm)
    throw DecryptError(fmt::format("{}: format version {} cipher {} is not known to this facecert", in.string(), h[8], h[9]));
  EncryptedHeader e;
  e.chunk_size = static_cast<std::uint32_t>(get_be(h.data() + 12, 4));
  e.key_id = ossl::to_hex({h.data() + 16, kKeyIdSize});
  e.plaintext_size = get_be(h.data() + 40, 8);
  if (e.chunk_size == 0 || e.chunk_size > (64u << 20))
    throw DecryptError(fmt::format("{}: header names an impossible chunk size {}", in.string(), e.chunk_size));
  return e;
}

}  // namespace

void encrypt_file(const std::filesystem::path& in, const std::filesystem::path& out, std::span<const std::uint8_t> key,
                  std::uint32_t chunk_size) {
  if (chunk_size == 0) throw std::invalid_argument("chunk size 0");
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(in, ec);
  if (ec) throw std::runtime_error(fmt::format("{}: cannot read: {}", in.string(), ec.message()));
  std::ifstream src(in, std::ios::binary);
  std::ofstream dst(out, std::ios::binary | std::ios::trunc);
  if (!src) throw std::runtime_error(fmt::format("{}: cannot read", in.string()));
  if (!dst) throw std::runtime_error(fmt::format("{}: cannot write", out.string()));

  Header h{};
  std::memcpy(h.data(), kMagic.data(), kMagic.size());
  h[8] = kVersion;
  h[9] = kAes256Gcm;
  put_be(h.data() + 12, chunk_size, 4);
  const auto id = hex_to_bytes(evidence_key_id(key));
  std::memcpy(h.data() + 16, id.data(), kKeyIdSize);
  if (RAND_bytes(h.data() + 32, static_cast<int>(kPrefixSize)) != 1) ossl::fail("cannot draw a nonce prefix");
  put_be(h.data() + 40, size, 8);
  dst.write(reinterpret_cast<const char*>(h.data()), static_cast<std::streamsize>(h.size()));

  Gcm gcm(key);
  std::vector<std::uint8_t> plain(chunk_size), sealed(chunk_size + kTagSize);
  const std::uint64_t chunks = chunk_count(size, chunk_size);
  for (std::uint64_t i = 0; i < chunks; ++i) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk_size, size - i * chunk_size));
    src.read(reinterpret_cast<char*>(plain.data()), static_cast<std::streamsize>(n));
    if (static_cast<std::size_t>(src.gcount()) != n)
      throw std::runtime_error(fmt::format("{}: changed while it was encrypted", in.string()));
    gcm.run(true, h, static_cast<std::uint32_t>(i), i + 1 == chunks, plain.data(), n, sealed.data(), sealed.data() + n);
    dst.write(reinterpret_cast<const char*>(sealed.data()), static_cast<std::streamsize>(n + kTagSize));
  }
  dst.close();
  if (!dst) throw std::runtime_error(fmt::format("{}: cannot write", out.string()));
}

EncryptedHeader read_encrypted_header(const std::filesystem::path& in) {
  std::ifstream src(in, std::ios::binary);
  if (!src) throw DecryptError(fmt::format("{}: cannot read", in.string()));
  Header h{};
  src.read(reinterpret_cast<char*>(h.data()), static_cast<std::streamsize>(h.size()));
  if (static_cast<std::size_t>(src.gcount()) != h.size())
    throw DecryptError(fmt::format("{}: too short for an encrypted evidence file (truncated?)", in.string()));
  return parse_header(h, in);
}

void decrypt_file(const std::filesystem::path& in, const std::filesystem::path& out, std::span<const std::uint8_t> key) {
  const EncryptedHeader e = read_encrypted_header(in);
  const std::string our_id = evidence_key_id(key);
  if (e.key_id != our_id)
    throw DecryptError(fmt::format("{}: encrypted under evidence key {}, not this lab's key {} (wrong keys folder?)",
                                   in.string(), e.key_id, our_id));
  const std::uint64_t chunks = chunk_count(e.plaintext_size, e.chunk_size);
  const std::uint64_t expected = kEncryptedHeaderSize + e.plaintext_size + chunks * kTagSize;
  std::error_code ec;
  const std::uint64_t actual = std::filesystem::file_size(in, ec);
  if (!ec && actual != expected)
    throw DecryptError(fmt::format("{}: {} bytes, the header says {} ({})", in.string(), actual, expected,
                                   actual < expected ? "truncated" : "bytes appended"));

  std::ifstream src(in, std::ios::binary);
  Header h{};
  src.read(reinterpret_cast<char*>(h.data()), static_cast<std::streamsize>(h.size()));
  const auto part = std::filesystem::path(out.string() + ".part");
  std::ofstream dst(part, std::ios::binary | std::ios::trunc);
  if (!dst) throw DecryptError(fmt::format("{}: cannot write", part.string()));
  auto discard = [&](const std::string& why) {
    dst.close();
    std::filesystem::remove(part, ec);
    throw DecryptError(fmt::format("{}: {}", in.string(), why));
  };

  try {
    Gcm gcm(key);
    std::vector<std::uint8_t> sealed(e.chunk_size + kTagSize), plain(e.chunk_size + kTagSize);
    for (std::uint64_t i = 0; i < chunks; ++i) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(e.chunk_size, e.plaintext_size - i * e.chunk_size));
      src.read(reinterpret_cast<char*>(sealed.data()), static_cast<std::streamsize>(n + kTagSize));
      if (static_cast<std::size_t>(src.gcount()) != n + kTagSize) discard(fmt::format("truncated in chunk {}", i));
      if (!gcm.run(false, h, static_cast<std::uint32_t>(i), i + 1 == chunks, sealed.data(), n, plain.data(), sealed.data() + n))
        discard(fmt::format("chunk {} of {} fails authentication (altered, truncated or reordered)", i + 1, chunks));
      dst.write(reinterpret_cast<const char*>(plain.data()), static_cast<std::streamsize>(n));
    }
  } catch (const DecryptError&) {
    throw;
  } catch (const std::exception& x) {  // an OpenSSL failure: no partial clear file either
    discard(x.what());
  }
  dst.close();
  if (!dst) discard(fmt::format("cannot write {}", part.string()));
  std::filesystem::rename(part, out, ec);
  if (ec) throw DecryptError(fmt::format("{}: cannot write: {}", out.string(), ec.message()));
}

}  // namespace facecert::harness
