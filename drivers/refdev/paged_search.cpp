#include "paged_search.h"

#include <algorithm>

#include <fmt/format.h>

#include "request_error.h"

namespace facecert::refdev {

PageRequest PageRequest::from(const nlohmann::json& cond) {
  PageRequest p;
  if (const auto id = cond.find("searchID"); id != cond.end() && id->is_string())
    p.search_id = id->get<std::string>();
  if (const auto pos = cond.find("searchResultPosition"); pos != cond.end())
    p.position = pos->get<int>();
  if (const auto max = cond.find("maxResults"); max != cond.end()) p.max_results = max->get<int>();
  if (p.position < 0)
    throw RequestError(400, "badParameters",
                       fmt::format("searchResultPosition {} is negative", p.position));
  if (p.max_results < 1 || p.max_results > kMaxResults)
    throw RequestError(400, "badParameters",
                       fmt::format("maxResults {} outside 1..{}", p.max_results, kMaxResults));
  return p;
}

nlohmann::json PageRequest::answer(const std::vector<nlohmann::json>& all,
                                   const char* list_name) const {
  const std::size_t begin = std::min(all.size(), static_cast<std::size_t>(position));
  const std::size_t end = std::min(all.size(), begin + static_cast<std::size_t>(max_results));
  nlohmann::json page = nlohmann::json::array();
  for (std::size_t i = begin; i < end; ++i) page.push_back(all[i]);
  const char* status = page.empty() ? "NO MATCH" : end < all.size() ? "MORE" : "OK";
  nlohmann::json out = {{"searchID", search_id},
                        {"responseStatusStrg", status},
                        {"numOfMatches", page.size()},
                        {"totalMatches", all.size()}};
  if (!page.empty()) out[list_name] = page;
  return out;
}

}  // namespace facecert::refdev
