#include "pcap_writer.h"

#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

namespace facecert::capgen {
namespace {

void put32(std::string& b, std::uint32_t v) { b.append(reinterpret_cast<const char*>(&v), 4); }  // host order: the magic says which
void put16(std::string& b, std::uint16_t v) { b.append(reinterpret_cast<const char*>(&v), 2); }

}  // namespace

PcapWriter::PcapWriter(const std::filesystem::path& file, std::size_t buffer_bytes)
    : path_(file), capacity_(buffer_bytes) {
  file_ = std::fopen(file.c_str(), "wb");
  if (!file_) throw std::runtime_error(fmt::format("{}: cannot create: {}", file.string(), std::strerror(errno)));
  buffer_.reserve(capacity_ + 65536);
  put32(buffer_, 0xA1B2C3D4);  // microsecond timestamps
  put16(buffer_, 2);
  put16(buffer_, 4);
  put32(buffer_, 0);      // thiszone
  put32(buffer_, 0);      // sigfigs
  put32(buffer_, 65535);  // snaplen
  put32(buffer_, 1);      // LINKTYPE_ETHERNET
}

PcapWriter::~PcapWriter() {
  if (file_) std::fclose(file_);
}

void PcapWriter::write(std::uint64_t time_us, std::string_view frame) {
  put32(buffer_, static_cast<std::uint32_t>(time_us / 1000000));
  put32(buffer_, static_cast<std::uint32_t>(time_us % 1000000));
  put32(buffer_, static_cast<std::uint32_t>(frame.size()));
  put32(buffer_, static_cast<std::uint32_t>(frame.size()));
  buffer_.append(frame);
  ++packets_;
  if (buffer_.size() >= capacity_) flush();
}

void PcapWriter::flush() {
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
    throw std::runtime_error(fmt::format("{}: write failed: {}", path_.string(), std::strerror(errno)));
  written_ += buffer_.size();
  buffer_.clear();
}

void PcapWriter::close() {
  if (!file_) return;
  flush();
  const bool bad = std::fclose(file_) != 0;
  file_ = nullptr;
  if (bad) throw std::runtime_error(fmt::format("{}: close failed: {}", path_.string(), std::strerror(errno)));
}

}  // namespace facecert::capgen
