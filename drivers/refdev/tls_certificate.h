// The device's TLS identity: a self-signed ECDSA P-256 certificate (CN facecert-refdev, SAN
// IP:127.0.0.1 and IP:::1) generated once into DATA/tls/ and reused on later starts.
#pragma once

#include <filesystem>

namespace facecert::refdev {

struct CertificateFiles {
  std::filesystem::path cert, key;
};

// Returns DATA/tls/{cert,key}.pem, creating them (key mode 0600) when absent. Throws
// std::runtime_error naming the file on failure.
CertificateFiles ensure_self_signed(const std::filesystem::path& data_dir);

}  // namespace facecert::refdev
