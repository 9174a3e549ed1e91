// What the carver reads from: a file or block device (positioned reads, so a candidate that runs
// past the current chunk can be re-read without seeking the stream), or bytes in memory (a SQLite
// blob, a fuzz input).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

namespace facecert::probes::carve {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::uint64_t size() const = 0;
  // Reads up to n bytes at `offset` (fewer only at the end); throws naming the source and offset.
  virtual std::size_t read(std::uint64_t offset, std::uint8_t* dst, std::size_t n) const = 0;
  virtual std::string name() const = 0;
};

class FileSource final : public ByteSource {
 public:
  // Throws CarveInputError naming the file when it cannot be opened.
  explicit FileSource(const std::filesystem::path& file);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;
  std::uint64_t size() const override { return size_; }
  std::size_t read(std::uint64_t offset, std::uint8_t* dst, std::size_t n) const override;
  std::string name() const override { return path_.string(); }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

class MemorySource final : public ByteSource {
 public:
  MemorySource(std::span<const std::uint8_t> bytes, std::string name) : bytes_(bytes), name_(std::move(name)) {}
  std::uint64_t size() const override { return bytes_.size(); }
  std::size_t read(std::uint64_t offset, std::uint8_t* dst, std::size_t n) const override;
  std::string name() const override { return name_; }

 private:
  std::span<const std::uint8_t> bytes_;
  std::string name_;
};

}  // namespace facecert::probes::carve
