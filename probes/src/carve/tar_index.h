// Tar archives (ustar, GNU long names, pax paths): which member holds a byte offset. A tar stores
// member bytes uncompressed, so the raw scan finds the images; this only names where they are
// (a device's storage-dump endpoint hands the harness a tar of its data directory, 6.1.2).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "byte_source.h"

namespace facecert::probes::carve {

struct TarMember {
  std::uint64_t data_offset = 0, size = 0;
  std::string name;
};

bool looks_like_tar(const ByteSource& source);
// Reads the headers only. A damaged header ends the index with a warning (one line, with offset).
std::vector<TarMember> read_tar_index(const ByteSource& source, std::vector<std::string>& warnings);
// The member whose data holds `offset`, nullptr when none (headers, padding, after the end).
const TarMember* tar_member_at(const std::vector<TarMember>& members, std::uint64_t offset);

}  // namespace facecert::probes::carve
