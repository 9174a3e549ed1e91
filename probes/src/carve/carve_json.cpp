// The JSON form of a carve report (facecert carve --json, plan evidence). Shape in docs/carving.md.
#include <fmt/format.h>

#include "facecert/probes/storage_carver.h"

namespace facecert::probes {
namespace {

nlohmann::json item_json(const CarvedItem& i) {
  nlohmann::json j = {{"source", i.source},   {"offset", i.offset},       {"length", i.length},
                      {"format", i.format},   {"width", i.width},         {"height", i.height},
                      {"partial", i.partial}, {"container", i.container}, {"decoded", i.decoded},
                      {"faces", i.faces},     {"sha256", i.sha256}};
  j["phash"] = i.phash ? nlohmann::json(fmt::format("{:016x}", *i.phash)) : nlohmann::json(nullptr);
  j["known"] = i.known ? nlohmann::json{{"sample", i.known->sample},
                                        {"path", i.known->path},
                                        {"match", i.known->exact ? "exact" : "near"},
                                        {"distance", i.known->distance}}
                       : nlohmann::json(nullptr);
  if (!i.evidence.empty()) j["evidence"] = i.evidence;
  return j;
}

}  // namespace

nlohmann::json to_json(const CarveReport& r) {
  nlohmann::json j;
  j["sources"] = nlohmann::json::array();
  for (const auto& s : r.sources) j["sources"].push_back({{"path", s.path}, {"bytes", s.bytes}, {"kind", s.kind}});
  j["items"] = nlohmann::json::array();
  for (const auto& i : r.items) j["items"].push_back(item_json(i));
  j["warnings"] = r.warnings;
  j["known_samples"] = nlohmann::json::array();
  for (std::size_t k = 0; k < r.known.size(); ++k)
    j["known_samples"].push_back({{"path", r.known[k].path.string()},
                                  {"sha256", r.known[k].sha256},
                                  {"phash", fmt::format("{:016x}", r.known[k].phash)},
                                  {"found", k < r.known_found.size() && r.known_found[k]}});
  j["faces_checked"] = r.faces_checked;
  j["totals"] = {{"bytes_scanned", r.totals.bytes_scanned}, {"images", r.totals.images},
                 {"partial", r.totals.partial},             {"with_faces", r.totals.with_faces},
                 {"known_found", r.totals.known_found},     {"seconds", r.totals.seconds}};
  return j;
}

}  // namespace facecert::probes
