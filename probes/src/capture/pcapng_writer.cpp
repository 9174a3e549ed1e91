// Block layouts from the pcapng specification (draft-ietf-opsawg-pcapng): every block is
// type, total length, body padded to 32 bits, total length again.
#include "facecert/probes/pcapng_writer.h"

#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "facecert/probes/live_capture.h"

namespace facecert::probes {
namespace {

constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr std::uint32_t kInterfaceDescription = 0x00000001;
constexpr std::uint32_t kEnhancedPacket = 0x00000006;
constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr std::uint16_t kOptEnd = 0, kShbUserAppl = 4, kIfName = 2, kIfTsresol = 9;

std::size_t pad4(std::size_t n) { return (n + 3) & ~std::size_t{3}; }

// Builds one block body in host order.
class BlockBuilder {
 public:
  template <typename T>
  void put(T value) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(&value);
    bytes_.insert(bytes_.end(), p, p + sizeof(T));
  }
  void put_bytes(std::span<const std::uint8_t> data) {
    bytes_.insert(bytes_.end(), data.begin(), data.end());
    bytes_.resize(pad4(bytes_.size()), 0);
  }
  void option(std::uint16_t code, std::span<const std::uint8_t> value) {
    put(code);
    put(static_cast<std::uint16_t>(value.size()));
    put_bytes(value);
    has_options_ = true;
  }
  void option(std::uint16_t code, const std::string& text) {
    option(code, std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  }
  void end_options() {  // only when there are options: an empty list is simply absent
    if (!has_options_) return;
    put(kOptEnd);
    put(std::uint16_t{0});
  }
  // type, total length, body, total length
  std::vector<std::uint8_t> finish(std::uint32_t type) const {
    const auto total = static_cast<std::uint32_t>(bytes_.size() + 12);
    BlockBuilder out;
    out.put(type);
    out.put(total);
    out.bytes_.insert(out.bytes_.end(), bytes_.begin(), bytes_.end());
    out.put(total);
    return out.bytes_;
  }

 private:
  std::vector<std::uint8_t> bytes_;
  bool has_options_ = false;
};

}  // namespace

PcapngWriter::PcapngWriter(const std::filesystem::path& file, const PcapngInterface& iface,
                           const std::string& application)
    : path_(file), resolution_(iface.resolution) {
  fp_ = std::fopen(file.c_str(), "wb");
  if (!fp_)
    throw ProbeError(fmt::format("{}: cannot create pcapng file: {}", file.string(),
                                 std::strerror(errno)));
  BlockBuilder shb;
  shb.put(kByteOrderMagic);
  shb.put(std::uint16_t{1});  // major
  shb.put(std::uint16_t{0});  // minor
  shb.put(std::int64_t{-1});  // section length not specified
  if (!application.empty()) shb.option(kShbUserAppl, application);
  shb.end_options();
  auto block = shb.finish(kSectionHeader);
  write_bytes(block.data(), block.size());

  BlockBuilder idb;
  idb.put(static_cast<std::uint16_t>(iface.linktype));
  idb.put(std::uint16_t{0});
  idb.put(iface.snaplen);
  if (!iface.name.empty()) idb.option(kIfName, iface.name);
  const std::uint8_t tsresol = iface.resolution == TsResolution::nano ? 9 : 6;  // 10^-tsresol s
  idb.option(kIfTsresol, std::span(&tsresol, 1));
  idb.end_options();
  block = idb.finish(kInterfaceDescription);
  write_bytes(block.data(), block.size());
}

PcapngWriter::~PcapngWriter() {
  if (fp_) std::fclose(fp_);
}

void PcapngWriter::write_bytes(const void* data, std::size_t size) {
  if (!fp_) throw ProbeError(fmt::format("{}: pcapng file is closed", path_.string()));
  if (std::fwrite(data, 1, size, fp_) != size)
    throw ProbeError(fmt::format("{}: write failed: {}", path_.string(), std::strerror(errno)));
}

void PcapngWriter::write_packet(std::chrono::nanoseconds timestamp,
                                std::span<const std::uint8_t> data,
                                std::uint32_t original_length) {
  const auto ns = static_cast<std::uint64_t>(timestamp.count());
  const std::uint64_t units = resolution_ == TsResolution::nano ? ns : ns / 1000;
  BlockBuilder epb;
  epb.put(std::uint32_t{0});  // interface id
  epb.put(static_cast<std::uint32_t>(units >> 32));
  epb.put(static_cast<std::uint32_t>(units & 0xFFFFFFFFu));
  epb.put(static_cast<std::uint32_t>(data.size()));
  epb.put(original_length ? original_length : static_cast<std::uint32_t>(data.size()));
  epb.put_bytes(data);
  const auto block = epb.finish(kEnhancedPacket);
  write_bytes(block.data(), block.size());
  ++packets_;
}

void PcapngWriter::flush() {
  if (fp_ && std::fflush(fp_) != 0)
    throw ProbeError(fmt::format("{}: flush failed: {}", path_.string(), std::strerror(errno)));
}

void PcapngWriter::close() {
  if (!fp_) return;
  const int rc = std::fclose(fp_);
  fp_ = nullptr;
  if (rc != 0)
    throw ProbeError(fmt::format("{}: close failed: {}", path_.string(), std::strerror(errno)));
}

}  // namespace facecert::probes
