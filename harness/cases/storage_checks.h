// What the storage case types share (6.1.2, 6.1.5, 6.2.4): a storage dump carved for the images
// the harness presented during the run, and the records of the device's stores read back and
// judged by what they hold. The dump itself holds face images, so it is deleted once examined:
// the evidence keeps its hash, the carve report and pixelated thumbnails (the harness obeys the
// rules it checks).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "facecert/drivers/driver.h"
#include "facecert/harness/case_type.h"
#include "facecert/harness/run_state.h"
#include "facecert/probes/storage_carver.h"

namespace facecert::harness::cases {

struct CarvedDump {
  drivers::StorageDump dump;
  probes::CarveReport report;
  std::vector<PresentedImage> presented;  // every image presented in the run so far
  // Per carved item: the presented image it is (same bytes, or the same picture re-encoded or
  // rescaled: pHash near and pixels alike), else nothing.
  std::vector<std::optional<std::size_t>> matches;
  // Offsets in the dump where the test subject's ID number or name still stand (deleted rows
  // that were not erased, logs, file names).
  std::vector<std::uint64_t> identity_offsets;
};

// Dumps the device's storage, carves it with every image presented in the run as a known sample,
// matches, searches for the subject's identity, writes the carve report (and thumbnails) as the
// case's evidence and deletes the dump. DriverError and CarveInputError propagate (inconclusive).
CarvedDump dump_and_carve(CaseContext& ctx, std::vector<EvidenceRef>& evidence);

// The same picture: both reduced to 64x64 grey differ by a PSNR of at least 30 dB. A re-encoded
// or rescaled copy scores well above; two variations of one photograph (shifted, relit) score far
// below, though their perceptual hashes are as close as a copy's.
bool same_picture(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b);

// "JPEG 71710 bytes at offset 3072 of the dump (tar:captures/x.jpg)" for a reason line.
std::string where_found(const probes::CarvedItem& item);
// "the identification image presented in SH-6.1.2-01"
std::string which_presentation(const PresentedImage& p);

// What a store's records carry, judged from the values read back, not from the device's claims.
struct StoreContents {
  std::string name, holds_claimed;
  std::size_t records = 0;
  std::size_t with_identity = 0;      // a value is the test subject's name or ID number
  std::size_t with_face_image = 0;    // an image blob
  std::size_t with_face_feature = 0;  // a template-sized blob where face data is kept, or a feature-like field
  std::size_t mixed_records = 0;      // one record with identity and face data together
  nlohmann::json to_json() const;
};
StoreContents judge_store(const drivers::DataStore& store, const std::vector<drivers::StoreRecord>& records);

}  // namespace facecert::harness::cases
