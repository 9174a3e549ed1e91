#include "storage_checks.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "face_exercise.h"
#include "facecert/harness/evidence_store.h"
#include "facecert/probes/media_io.h"

namespace facecert::harness::cases {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool feature_like_field(const std::string& field) {
  const std::string f = lower(field);
  for (const char* word : {"feature", "template", "embedding", "vector", "eigen"})
    if (f.find(word) != std::string::npos) return true;
  return false;
}

bool carries_identity(const drivers::StoreValue& v) {
  if (v.kind != drivers::StoreValue::Kind::Text) return false;
  return v.text.find(kTestSubjectIdNumber) != std::string::npos || v.text.find(kTestSubjectName) != std::string::npos ||
         v.text.find("Test Subject") != std::string::npos;
}

}  // namespace

namespace {

std::vector<std::uint8_t> read_range(const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length) {
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(length));
  std::ifstream in(file, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(offset));
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(length));
  bytes.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return bytes;
}

cv::Mat thumbnail(const std::vector<std::uint8_t>& encoded) {
  const cv::Mat buf(1, static_cast<int>(encoded.size()), CV_8UC1, const_cast<std::uint8_t*>(encoded.data()));
  const cv::Mat grey = facecert::media::imdecode(buf, cv::IMREAD_GRAYSCALE);
  if (grey.empty()) return {};
  cv::Mat small;
  cv::resize(grey, small, cv::Size(64, 64), 0, 0, cv::INTER_AREA);
  return small;
}

std::optional<std::size_t> match_item(const CarvedDump& carved, const probes::CarvedItem& item,
                                      const std::filesystem::path& dump_file) {
  for (std::size_t i = 0; i < carved.presented.size(); ++i)
    if (!item.sha256.empty() && carved.presented[i].sha256 == item.sha256) return i;
  if (!item.phash) return std::nullopt;
  std::vector<std::pair<int, std::size_t>> near;  // (distance, sample)
  for (std::size_t i = 0; i < carved.presented.size(); ++i)
    if (const auto ph = probes::perceptual_hash(carved.presented[i].bytes)) {
      const int d = probes::hamming_distance(*item.phash, *ph);
      if (d <= probes::CarveOptions{}.near_distance) near.emplace_back(d, i);
    }
  std::sort(near.begin(), near.end());
  // The image's own bytes stand in the dump at its offset for raw and tar finds; base64 and
  // database finds are judged by the hash alone, and only when it is identical.
  const bool in_place = item.container == "raw" || item.container.rfind("tar:", 0) == 0;
  if (!in_place) {
    if (!near.empty() && near.front().first == 0) return near.front().second;
    return std::nullopt;
  }
  if (near.empty()) return std::nullopt;
  const auto bytes = read_range(dump_file, item.offset, item.length);
  for (const auto& [d, i] : near)
    if (same_picture(bytes, carved.presented[i].bytes)) return i;
  return std::nullopt;
}

// Offsets of the test subject's ID number and name in `file`, read in chunks that overlap by a
// needle's length so that none is missed at a chunk edge (at most 100).
std::vector<std::uint64_t> find_identity(const std::filesystem::path& file) {
  const std::string needles[] = {kTestSubjectIdNumber, kTestSubjectName};
  constexpr std::size_t kChunk = 1 << 20, kKeep = 64;  // kKeep >= the longest needle
  std::vector<std::uint64_t> offsets;
  std::ifstream in(file, std::ios::binary);
  std::string window;  // the last kKeep bytes of the previous chunk, then this chunk
  std::uint64_t window_start = 0;
  std::vector<char> chunk(kChunk);
  while (in && offsets.size() < 100) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0) break;
    window.append(chunk.data(), got);
    for (const auto& n : needles)
      for (auto pos = window.find(n); pos != std::string::npos; pos = window.find(n, pos + 1))
        offsets.push_back(window_start + pos);
    if (window.size() > kKeep) {
      window_start += window.size() - kKeep;
      window.erase(0, window.size() - kKeep);
    }
  }
  std::sort(offsets.begin(), offsets.end());
  offsets.erase(std::unique(offsets.begin(), offsets.end()), offsets.end());
  if (offsets.size() > 100) offsets.resize(100);
  return offsets;
}

}  // namespace

CarvedDump dump_and_carve(CaseContext& ctx, std::vector<EvidenceRef>& evidence) {
  CarvedDump out;
  const auto work = ctx.evidence.run_dir() / "work" / ctx.plan_case.id;
  struct Cleanup {  // 6.1.2 / 6.1.5: the dump holds the device's face images; the harness keeps none
    std::filesystem::path dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
      std::filesystem::remove(dir.parent_path(), ec);  // "work/", when no other case uses it
    }
  } cleanup{work};
  ctx.progress("dumping the device's storage");
  out.dump = ctx.driver->dump_storage(work);
  out.presented = ctx.state.presented();
  probes::CarveOptions options;
  options.evidence_dir = ctx.evidence.evidence_dir() / ctx.plan_case.id / "thumbnails";
  for (const auto& p : out.presented)
    if (const auto phash = probes::perceptual_hash(p.bytes))
      options.known.push_back({"presented:" + p.case_id + ":" + p.purpose, p.sha256, *phash});
  ctx.progress(fmt::format("carving the {} byte dump for images", out.dump.size));
  out.report = probes::carve_storage({out.dump.path}, options);
  for (const auto& item : out.report.items) out.matches.push_back(match_item(out, item, out.dump.path));
  out.identity_offsets = find_identity(out.dump.path);

  nlohmann::json carve = probes::to_json(out.report);
  carve["dump"] = {{"format", out.dump.format},
                   {"size", out.dump.size},
                   {"sha256", out.dump.sha256},
                   {"kept", false},
                   {"why_not_kept", "it holds the device's face images; its hash identifies it"}};
  nlohmann::json matches = nlohmann::json::array();
  for (std::size_t i = 0; i < out.matches.size(); ++i)
    if (out.matches[i]) {
      const auto& p = out.presented[*out.matches[i]];
      matches.push_back({{"item", i}, {"presented_in", p.case_id}, {"purpose", p.purpose}, {"sha256", p.sha256}});
    }
  carve["presented_found"] = matches;
  carve["subject_identity_offsets"] = out.identity_offsets;
  evidence.push_back(ctx.evidence.add_json(ctx.plan_case.id, "storage-carve.json", carve,
                                           "images carved from the device's storage dump, matched "
                                           "against the images the harness presented"));
  return out;
}

bool same_picture(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
  const cv::Mat ta = thumbnail(a), tb = thumbnail(b);
  if (ta.empty() || tb.empty()) return false;
  return cv::PSNR(ta, tb) >= 30.0;
}

std::string where_found(const probes::CarvedItem& item) {
  return fmt::format("{} {} bytes at offset {} of the dump ({}{})", item.format, item.length, item.offset,
                     item.container, item.partial ? ", partial" : "");
}

std::string which_presentation(const PresentedImage& p) {
  return fmt::format("the {} image presented in {}", p.purpose, p.case_id);
}

nlohmann::json StoreContents::to_json() const {
  return {{"store", name},
          {"holds_claimed", holds_claimed},
          {"records", records},
          {"with_identity", with_identity},
          {"with_face_image", with_face_image},
          {"with_face_feature", with_face_feature},
          {"mixed_records", mixed_records}};
}

StoreContents judge_store(const drivers::DataStore& store, const std::vector<drivers::StoreRecord>& records) {
  StoreContents c;
  c.name = store.name;
  c.holds_claimed = store.holds;
  c.records = records.size();
  // Where the device says it keeps face data, an opaque blob of template size is taken for a
  // template; elsewhere (keys, certificates) only a feature-like field name makes one.
  const bool face_store = store.holds.find("face") != std::string::npos;
  for (const auto& record : records) {
    bool identity = false, image = false, feature = false;
    for (const auto& [field, value] : record) {
      identity = identity || carries_identity(value);
      image = image || value.is_image();
      feature = feature || (value.kind != drivers::StoreValue::Kind::Null && feature_like_field(field)) ||
                (face_store && value.kind == drivers::StoreValue::Kind::Blob && !value.is_image() &&
                 value.size >= 256 && value.size <= 64 * 1024);
    }
    c.with_identity += identity;
    c.with_face_image += image;
    c.with_face_feature += feature;
    c.mixed_records += identity && (image || feature);
  }
  return c;
}

}  // namespace facecert::harness::cases
