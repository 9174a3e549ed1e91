// carve_storage: lists the inputs, scans each file (raw scan, plus SQLite values and tar member
// names where the file is one), has every distinct image judged (faces, pHash, thumbnail), and
// matches the known samples. 6.1.2: any presented image found here was not deleted.
#include "facecert/probes/storage_carver.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include "facecert/probes/hashing.h"
#include "../detectors/utf8_safe.h"
#include "image_judge.h"
#include "input_listing.h"
#include "sqlite_images.h"
#include "tar_index.h"

namespace facecert::probes {
namespace {

using carve::ScanHit;

// Bytes compared to decide that a raw-scan image in a SQLite file is (a stale copy of) the start of
// a live value: a value longer than a page continues in overflow pages, so the raw scan sees only
// its beginning. The JPEG header plus this much scan data: one encoder's headers can be identical.
constexpr std::size_t kSqliteScanBytes = 256;

struct Found {
  CarvedItem item;
  std::string prefix;
};

Found found_from(const std::string& source, const ScanHit& h) {
  Found f;
  f.item.source = source;
  f.item.offset = h.offset;
  f.item.length = h.length;
  f.item.format = h.image.format;
  f.item.width = h.image.width;
  f.item.height = h.image.height;
  f.item.partial = h.partial;
  f.item.container = h.container;
  f.item.sha256 = sha256_hex(h.bytes);
  f.prefix.assign(reinterpret_cast<const char*>(h.bytes.data()),
                  std::min(h.bytes.size(), h.header_length + kSqliteScanBytes));
  return f;
}

// Drops the raw-scan finds that are live SQLite values, or stale copies of their first page left
// by a b-tree rebalance (reported once, under their table). A deleted row's image differs in its
// scan data and stays.
void drop_sqlite_duplicates(std::vector<Found>& raw, const std::vector<Found>& values) {
  const auto same = [](const Found& a, const Found& b) {
    if (a.item.sha256 == b.item.sha256) return true;
    const std::size_t n = std::min(a.prefix.size(), b.prefix.size());
    return n >= 64 && a.item.format == b.item.format && std::memcmp(a.prefix.data(), b.prefix.data(), n) == 0;
  };
  std::erase_if(raw, [&](const Found& r) {
    return std::any_of(values.begin(), values.end(), [&](const Found& v) { return same(r, v); });
  });
}

class Carver {
 public:
  Carver(const CarveOptions& o, CarveReport& r) : options_(o), report_(r), judge_(o) {
    limits_.chunk_bytes = o.chunk_bytes;
    limits_.max_image_bytes = o.max_image_bytes;
  }

  void carve_file(const carve::CarveTarget& target) {
    const carve::FileSource src(target.path);
    const std::string name = target.path.string();
    CarveSource s{name, src.size(), target.in_directory ? "dir-entry" : "file"};
    progress_.current = name;
    if (src.size() == 0) {
      report_.warnings.push_back(fmt::format("{}: empty file (0 bytes), nothing to carve", name));
      report_.sources.push_back(s);
      return;
    }
    const bool sqlite = carve::looks_like_sqlite(src), tar = !sqlite && carve::looks_like_tar(src);
    if (sqlite) s.kind = "sqlite";
    if (tar) s.kind = "tar";
    const auto members = tar ? carve::read_tar_index(src, report_.warnings) : std::vector<carve::TarMember>{};
    std::vector<Found> raw;
    const std::uint64_t done_before = progress_.bytes_done;
    carve::scan_source(
        src, limits_,
        [&](const ScanHit& h) {
          Found f = found_from(name, h);
          if (tar)
            if (const auto* m = carve::tar_member_at(members, h.offset))
              f.item.container = "tar:" + m->name + (h.container == "raw" ? "" : " " + h.container);
          judge_.submit(f.item.sha256, h);
          raw.push_back(std::move(f));
        },
        [&](std::uint64_t done) { report_progress(done_before + done, raw.size()); });
    progress_.bytes_done = done_before + src.size();
    report_.totals.bytes_scanned += src.size();
    if (sqlite) {
      std::vector<Found> values;
      carve::carve_sqlite_values(target.path, limits_, [&](const ScanHit& h) {
        values.push_back(found_from(name, h));
        judge_.submit(values.back().item.sha256, h);
      }, report_.warnings);
      drop_sqlite_duplicates(raw, values);
      raw.insert(raw.end(), std::make_move_iterator(values.begin()), std::make_move_iterator(values.end()));
    }
    for (auto& f : raw) report_.items.push_back(std::move(f.item));
    report_.sources.push_back(s);
  }

  void finish() {
    const auto judged = judge_.finish();
    report_.known_found.assign(options_.known.size(), false);
    for (auto& item : report_.items) {
      if (auto it = judged.find(item.sha256); it != judged.end()) {
        item.decoded = it->second.decoded;
        item.faces = it->second.faces;
        item.phash = it->second.phash;
        item.evidence = it->second.evidence;
      }
      match_known(item);
      auto& t = report_.totals;
      ++t.images;
      t.partial += item.partial ? 1 : 0;
      t.with_faces += item.faces > 0 ? 1 : 0;
      t.known_found += item.known ? 1 : 0;
    }
  }

  void set_total(std::uint64_t total) { progress_.bytes_total = total; }

 private:
  // 6.1.2: the same bytes the harness sent, or the same picture re-encoded by the device.
  void match_known(CarvedItem& item) {
    for (std::size_t k = 0; k < options_.known.size(); ++k) {
      const KnownSample& s = options_.known[k];
      std::optional<KnownMatch> m;
      if (s.sha256 == item.sha256) m = KnownMatch{k, s.path.string(), true, 0};
      else if (item.phash && hamming_distance(*item.phash, s.phash) <= options_.near_distance)
        m = KnownMatch{k, s.path.string(), false, hamming_distance(*item.phash, s.phash)};
      if (m && (!item.known || (!item.known->exact && (m->exact || m->distance < item.known->distance)))) item.known = m;
    }
    if (item.known) report_.known_found[item.known->sample] = true;
  }

  void report_progress(std::uint64_t done, std::size_t images_here) {
    if (!options_.progress) return;
    CarveProgress p = progress_;
    p.bytes_done = done;
    p.images = report_.items.size() + images_here;
    options_.progress(p);
  }

  const CarveOptions& options_;
  CarveReport& report_;
  carve::ScanLimits limits_;
  carve::ImageJudge judge_;
  CarveProgress progress_;
};

}  // namespace

CarveReport carve_storage(const std::vector<std::filesystem::path>& inputs, const CarveOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  CarveReport report;
  report.known = options.known;
  report.faces_checked = options.faces;
  const auto targets = carve::list_carve_targets(inputs, report.warnings);
  Carver carver(options, report);
  std::uint64_t total = 0;
  for (const auto& t : targets) total += t.size;
  carver.set_total(total);
  for (const auto& t : targets) {
    try {
      carver.carve_file(t);
    } catch (const CarveInputError& e) {
      if (!t.in_directory) throw;
      report.warnings.push_back(e.what());  // one bad entry does not hide the rest of a directory
    }
  }
  carver.finish();
  // File, member and table names come from the device: shown and written as one line of UTF-8.
  for (auto& w : report.warnings) w = detectors::utf8_safe(w);
  for (auto& s : report.sources) s.path = detectors::utf8_safe(s.path);
  for (auto& i : report.items) {
    i.source = detectors::utf8_safe(i.source);
    i.container = detectors::utf8_safe(i.container);
  }
  report.totals.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace facecert::probes
