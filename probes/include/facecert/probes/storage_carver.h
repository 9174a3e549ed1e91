// Storage carving (6.1.2, 6.1.5, 6.2.4): find the images still on a device's storage: a disk,
// partition or flash dump, a copied data directory, a tar of it, SQLite databases in it. Every byte
// offset is a possible start; JPEG, PNG, BMP and WebP are validated by walking their structure,
// EXIF thumbnails and base64 images in text are found too. Each distinct image is decoded once at
// reduced scale for face detection and matched against the images the harness itself presented
// ("known samples"): a presented image still on the device is the decisive 6.1.2 evidence.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace facecert::probes {

// A top-level input that cannot be carved (missing, unreadable, not a file or directory). Problems
// with entries inside a directory are warnings in the report instead.
struct CarveInputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// An image the harness presented to the device: matched by its bytes (exact) or by a 64-bit DCT
// perceptual hash of its pixels (near: re-encoded, rescaled by the device).
struct KnownSample {
  std::filesystem::path path;
  std::string sha256;     // of the file's bytes
  std::uint64_t phash = 0;
};
// Reads and decodes `file`; throws CarveInputError naming it when it cannot be read or decoded.
KnownSample known_sample_from_file(const std::filesystem::path& file);
// Every regular file under `dir` that decodes as an image (or `dir` itself when it is a file).
std::vector<KnownSample> known_samples_from(const std::filesystem::path& file_or_dir);
// The perceptual hash of encoded image bytes; nullopt when they do not decode.
std::optional<std::uint64_t> perceptual_hash(const std::vector<std::uint8_t>& encoded);
int hamming_distance(std::uint64_t a, std::uint64_t b);

struct CarveProgress {
  std::uint64_t bytes_done = 0, bytes_total = 0;  // over all inputs
  std::size_t images = 0;
  std::string current;  // the file being scanned
};

struct CarveOptions {
  bool faces = true;            // decode each distinct image and count faces
  bool thorough_faces = false;  // also search at 640 px when the quick pass finds nothing
  std::filesystem::path evidence_dir;  // pixelated thumbnails, when set
  std::vector<KnownSample> known;
  int near_distance = 10;        // max Hamming distance of pHashes for a near-duplicate
  std::function<void(const CarveProgress&)> progress;  // after each chunk read, on the calling thread
  // Tuning (tests use small values to exercise chunk boundaries): bytes read at a time, longest image.
  std::size_t chunk_bytes = 8u << 20;
  std::size_t max_image_bytes = 64u << 20;
};

struct KnownMatch {
  std::size_t sample = 0;  // index in CarveOptions::known
  std::string path;
  bool exact = false;  // same bytes; else near-duplicate by pHash
  int distance = 0;    // Hamming distance of the pHashes (0 for exact)
};

// Names from the device (files, tar members, tables) are shown as valid UTF-8 on one line: other
// bytes and control characters as \xNN.
struct CarvedItem {
  std::string source;  // the file scanned
  std::uint64_t offset = 0, length = 0;  // in `source`; for base64: of the base64 text
  std::string format;  // JPEG, PNG, BMP, WebP
  int width = 0, height = 0;
  // A JPEG whose scan data is cut off (end of file) or broken by foreign bytes (fragmented):
  // `length` covers the recoverable header and scan data; decoded as far as it goes.
  bool partial = false;
  // raw, exif-thumbnail, base64, "sqlite:TABLE.COLUMN rowid=N", "tar:MEMBER"
  std::string container = "raw";
  bool decoded = false;  // false also when not tried (--no-faces without known samples)
  int faces = -1;        // -1: not checked or not decoded
  std::string sha256;    // of the image bytes (decoded bytes for base64)
  std::optional<std::uint64_t> phash;
  std::optional<KnownMatch> known;
  std::string evidence;  // thumbnail file name in evidence_dir, when written
};

struct CarveSource {
  std::string path;
  std::uint64_t bytes = 0;
  std::string kind;  // file, dir-entry, sqlite, tar
};

struct CarveTotals {
  std::uint64_t bytes_scanned = 0;
  std::size_t images = 0, partial = 0, with_faces = 0, known_found = 0;
  double seconds = 0;
};

struct CarveReport {
  std::vector<CarveSource> sources;
  std::vector<CarvedItem> items;  // by source, then offset
  std::vector<std::string> warnings;  // one line each, naming the file and place
  std::vector<KnownSample> known;  // as given
  std::vector<bool> known_found;   // per known sample: still on the storage
  CarveTotals totals;
  bool faces_checked = false;
};

// Throws CarveInputError for a top-level input that cannot be read (the message names it).
CarveReport carve_storage(const std::vector<std::filesystem::path>& inputs, const CarveOptions& options);

nlohmann::json to_json(const CarveReport& report);

}  // namespace facecert::probes
