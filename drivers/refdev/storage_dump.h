// The storage dump: a ustar archive of the whole data folder as it is on disk (every folder and
// regular file, sorted by path), as a lab would image the device's data partition. Built in
// memory: the data folder of the reference device is small; above kMaxDumpBytes it refuses.
// Left out: tls/key.pem (the device's TLS private key is not the device's data about people).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace facecert::refdev {

inline constexpr std::uint64_t kMaxDumpBytes = 512ull << 20;

// Throws std::runtime_error naming the folder or file on read errors or when above the limit.
std::string dump_data_dir(const std::filesystem::path& data_dir);

}  // namespace facecert::refdev
