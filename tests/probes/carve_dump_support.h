// Builds storage dumps for the carver tests: random blocks, erased (FF) and zero runs, log text,
// and real images (the demo photos re-encoded) planted at chosen, unaligned offsets.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace facecert::test {

using DumpBytes = std::vector<std::uint8_t>;

DumpBytes random_block(std::size_t n, std::uint32_t seed);
// Random blocks with FF and 00 runs and a few log lines between them, like a camera's flash.
DumpBytes flash_like(std::size_t n, std::uint32_t seed);
// spoof-datasets/demo/<name> resized to side x side, encoded as `ext` (JPEG at `quality`).
DumpBytes demo_image(const std::string& name, const std::string& ext, int side, int quality = 80);
// The JPEG without its APP0 (JFIF) segment: it then starts FF D8 FF DB, as some cameras write.
DumpBytes dqt_first(const DumpBytes& jpeg);
// The JPEG with an APP1 Exif segment holding `thumbnail` (a JPEG) right after SOI.
DumpBytes with_exif_thumbnail(const DumpBytes& jpeg, const DumpBytes& thumbnail);
// Offset of the first byte after the SOS header (the start of the entropy-coded data).
std::size_t jpeg_scan_start(const DumpBytes& jpeg);
std::string base64_encode(const DumpBytes& bytes);

void plant(DumpBytes& dump, std::size_t offset, const DumpBytes& bytes);
void write_file(const std::filesystem::path& file, const DumpBytes& bytes);

}  // namespace facecert::test
