// libFuzzer target: the storage carver (issue 5, 6.1.2). The input is scanned in memory with small
// chunks and a small image cap (so chunk ends and window re-reads are reached), and as a file
// through carve_storage (SQLite and tar detection, tar index, SQLite values) with face detection
// off. Checks: hits in order, inside the input, partial only with a length; warnings one line.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>

#include "carve/byte_source.h"
#include "carve/stream_scan.h"
#include "carve/tar_index.h"
#include "facecert/probes/storage_carver.h"
#include "one_line.h"

namespace probes = facecert::probes;
namespace carve = facecert::probes::carve;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  const carve::MemorySource mem(bytes, "fuzz");
  std::uint64_t last = 0;
  carve::scan_source(mem, {4096, 16384}, [&](const carve::ScanHit& h) {
    if (h.offset < last && h.container != "exif-thumbnail") __builtin_trap();
    if (h.offset + h.length > size || h.length == 0 || h.bytes.empty()) __builtin_trap();
    if (h.container != "base64" && h.bytes.size() != h.length) __builtin_trap();
    last = h.offset;
  });
  std::vector<std::string> warnings;
  for (const auto& m : carve::read_tar_index(mem, warnings))
    if (carve::tar_member_at({m}, m.data_offset) == nullptr && m.size > 0) __builtin_trap();

  const std::string file = "/dev/shm/facecert-fuzz-carve-" + std::to_string(::getpid()) + ".bin";
  if (FILE* f = std::fopen(file.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
    probes::CarveOptions o;
    o.faces = false;
    o.chunk_bytes = 4096;
    o.max_image_bytes = 1 << 16;
    const auto r = probes::carve_storage({file}, o);
    for (const auto& w : r.warnings)
      if (!facecert::fuzz::one_line_utf8(w)) __builtin_trap();
    (void)probes::to_json(r).dump();
    std::remove(file.c_str());
  }
  return 0;
}
