// A spoof data set as a manifest: one row per presentation item (an image or a video clip), with
// its kind (bona fide, or a presentation attack instrument (PAI) species), the subject shown, the
// instrument and the capture conditions. Format: docs/spoof-datasets.md (CSV, UTF-8, header row).
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace facecert::datasets {

inline constexpr const char* kBonaFide = "bona_fide";

// Thrown at the read/parse boundary; what() is one line naming the file and the line.
class DatasetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DatasetItem {
  std::string file;        // relative to the manifest's folder, or absolute
  std::string kind;        // kBonaFide, or a PAI species: print, paper_mask, replay, animation, or
                           // any lab-defined label ([a-z0-9_]+, e.g. silicone_mask)
  std::string subject;     // the person shown (for an attack: the person the instrument imitates)
  std::string instrument;  // the PAI as made, e.g. "inkjet print 300 dpi, matte paper" ("" bona fide)
  std::string conditions;  // capture conditions, e.g. "indoor 300 lx, frontal"
  std::string split;       // optional: "enrol" (gallery image of the subject), "train", "dev", "test"
  std::map<std::string, std::string> extra;  // any further columns, kept as they are
  std::size_t line = 0;    // the manifest line the row starts on (0: not read from a file)
  bool is_bona_fide() const { return kind == kBonaFide; }
};

struct Dataset {
  std::string name;            // from the manifest's folder or the loader
  std::filesystem::path root;  // the folder relative item paths start from
  std::vector<DatasetItem> items;
};

enum class MediaKind { Image, Video, Unknown };
// By extension: .jpg .jpeg .png .bmp .webp -> Image; .avi .mov .mp4 .mkv .webm -> Video.
MediaKind media_kind_of(const std::filesystem::path& file);

Dataset read_manifest(const std::filesystem::path& csv);  // throws DatasetError
void write_manifest(const std::filesystem::path& csv, const Dataset& dataset);  // throws DatasetError
std::filesystem::path resolve(const Dataset& dataset, const DatasetItem& item);

}  // namespace facecert::datasets
