// The demo set: per subject one enrolment still and, per kind (bona fide and each attack species),
// `per_species` clips; a manifest listing them with their instrument and conditions (6.1.4).
#include "facecert/datasets/generator.h"

#include <algorithm>
#include <exception>
#include <stdexcept>

#include <fmt/format.h>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>

#include "facecert/datasets/clip.h"
#include "facecert/probes/media_io.h"
#include "synth.h"

namespace facecert::datasets {
namespace {

// Each item has its own random stream (from the seed, the subject, the kind and the item's
// number), so an item does not change when others are added or left out.
std::uint64_t item_seed(std::uint32_t seed, int subject, std::size_t kind, int number) {
  std::uint64_t h = 0x9e3779b97f4a7c15ull ^ seed;
  for (std::uint64_t v : {static_cast<std::uint64_t>(subject), static_cast<std::uint64_t>(kind), static_cast<std::uint64_t>(number)}) {
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    h *= 0xbf58476d1ce4e5b9ull;
  }
  return h ^ (h >> 31);
}

void check(const GeneratorOptions& o) {
  if (o.out_dir.empty()) throw std::invalid_argument("generator: no output folder");
  if (o.subjects < 2 || o.subjects > kMaxIdentities)
    throw std::invalid_argument(fmt::format("generator: subjects {} not in 2..{}", o.subjects, kMaxIdentities));
  if (o.per_species < 0 || o.per_species > 100) throw std::invalid_argument(fmt::format("generator: per_species {} not in 0..100", o.per_species));
  if (o.frames < 1 || o.frames > 300) throw std::invalid_argument(fmt::format("generator: frames {} not in 1..300", o.frames));
  if (!(o.fps > 0 && o.fps <= 120)) throw std::invalid_argument(fmt::format("generator: fps {} not in (0, 120]", o.fps));
  if (o.frame_size.width < 320 || o.frame_size.height < 240 || o.frame_size.width > 1920 || o.frame_size.height > 1080)
    throw std::invalid_argument(fmt::format("generator: frame size {}x{} not within 320x240..1920x1080", o.frame_size.width, o.frame_size.height));
  for (const auto& s : o.species)
    if (std::find(generator_species().begin(), generator_species().end(), s) == generator_species().end())
      throw std::invalid_argument(fmt::format("generator: unknown species '{}' (known: {})", s, fmt::join(generator_species(), ", ")));
}

// Enrolment: a frontal still, even light, plain background.
cv::Mat enrolment_still(const synth::Face& face, std::uint32_t seed, int subject, cv::Size frame_size) {
  synth::Rng rng(item_seed(seed, subject, 99, 0));
  cv::Mat still = synth::background(rng, frame_size);
  const double scale = 190.0 * frame_size.width / 640.0 / cv::norm(face.pts[0] - face.pts[16]);
  synth::composite(still, face, cv::Point2f(frame_size.width / 2.f, frame_size.height / 2.f), scale);
  synth::Camera cam;
  cam.blur = 0.4, cam.noise = 1.5;
  synth::capture(still, cam, rng);
  return still;
}

DatasetItem make_item(const GeneratorOptions& o, const std::vector<synth::Face>& faces, const std::vector<std::string>& kinds, int s,
                      std::size_t k, int n) {
  synth::Rng rng(item_seed(o.seed, s, k, n));
  const std::string& kind = kinds[k];
  synth::Attack made;
  if (kind == kBonaFide) {
    auto live = synth::live_clip(faces[static_cast<std::size_t>(s)], rng, o.frames, o.frame_size);
    made.frames = std::move(live.frames);
    made.conditions = std::move(live.conditions);
  } else if (kind == "print") {
    made = synth::print_attack(faces[static_cast<std::size_t>(s)], rng, o.frames, o.frame_size);
  } else if (kind == "paper_mask") {
    const int wearer = (s + 1 + rng.integer(0, o.subjects - 2)) % o.subjects;
    made = synth::paper_mask_attack(faces[static_cast<std::size_t>(s)], faces[static_cast<std::size_t>(wearer)], rng, o.frames, o.frame_size);
    made.conditions += fmt::format(" (the wearer looks like S{:02})", wearer + 1);
  } else if (kind == "replay") {
    made = synth::replay_attack(faces[static_cast<std::size_t>(s)], rng, o.frames, o.frame_size);
  } else {
    made = synth::animation_attack(faces[static_cast<std::size_t>(s)], rng, o.frames, o.frame_size);
  }
  const std::string subject = fmt::format("S{:02}", s + 1);
  const std::string rel = fmt::format("subjects/{}/{}_{:02}.avi", subject, kind, n + 1);
  write_clip(o.out_dir / rel, Clip{std::move(made.frames), o.fps});
  return {rel, kind, subject, made.instrument, made.conditions, "test", {}};
}

}  // namespace

cv::Mat identity_still(int index, std::uint32_t seed, cv::Size frame_size) {
  if (index < 0 || index >= kMaxIdentities)
    throw std::invalid_argument(fmt::format("generator: identity {} not in 0..{}", index, kMaxIdentities - 1));
  return enrolment_still(synth::make_identity(index), seed, index, frame_size);
}

const std::vector<std::string>& generator_species() {
  static const std::vector<std::string> species{"print", "paper_mask", "replay", "animation"};
  return species;
}

Dataset generate_demo_set(const GeneratorOptions& o) {
  check(o);
  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  if (ec) throw DatasetError(fmt::format("{}: cannot create the folder ({})", o.out_dir.string(), ec.message()));
  Dataset set;
  set.name = o.out_dir.filename().string();
  set.root = o.out_dir;
  std::vector<synth::Face> faces;
  for (int s = 0; s < o.subjects; ++s) faces.push_back(synth::make_identity(s));
  std::vector<std::string> kinds{kBonaFide};
  kinds.insert(kinds.end(), o.species.begin(), o.species.end());
  for (int s = 0; s < o.subjects; ++s) {
    const std::string subject = fmt::format("S{:02}", s + 1);
    const std::filesystem::path dir = o.out_dir / "subjects" / subject;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw DatasetError(fmt::format("{}: cannot create the folder ({})", dir.string(), ec.message()));
    {
      const cv::Mat still = enrolment_still(faces[static_cast<std::size_t>(s)], o.seed, s, o.frame_size);
      const auto file = dir / "enrol.jpg";
      if (!facecert::media::imwrite(file.string(), still, {cv::IMWRITE_JPEG_QUALITY, 95}))
        throw DatasetError(fmt::format("{}: cannot write the image", file.string()));
      set.items.push_back({fmt::format("subjects/{}/enrol.jpg", subject), kBonaFide, subject, "", "enrolment still, frontal, even light",
                           "enrol", {}});
    }
  }
  // The clips: each from its own random stream, so they can be made in parallel.
  struct Job {
    int subject;
    std::size_t kind;
    int number;
  };
  std::vector<Job> jobs;
  for (int s = 0; s < o.subjects; ++s)
    for (std::size_t k = 0; k < kinds.size(); ++k)
      for (int n = 0; n < o.per_species; ++n) jobs.push_back({s, k, n});
  std::vector<DatasetItem> made_items(jobs.size());
  std::vector<std::exception_ptr> errors(jobs.size());
  cv::parallel_for_(cv::Range(0, static_cast<int>(jobs.size())), [&](const cv::Range& range) {
    for (int j = range.start; j < range.end; ++j) {
      const Job& job = jobs[static_cast<std::size_t>(j)];
      try {
        made_items[static_cast<std::size_t>(j)] = make_item(o, faces, kinds, job.subject, job.kind, job.number);
      } catch (...) {
        errors[static_cast<std::size_t>(j)] = std::current_exception();
      }
    }
  });
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
  set.items.insert(set.items.end(), made_items.begin(), made_items.end());
  write_manifest(o.out_dir / "manifest.csv", set);
  return set;
}

}  // namespace facecert::datasets
