// ISAPI's paged searches (UserInfo/Search, AcsEvent): searchID, searchResultPosition, maxResults
// in; responseStatusStrg "OK" (the last page) / "MORE" / "NO MATCH", numOfMatches, totalMatches out.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace facecert::refdev {

struct PageRequest {
  static constexpr int kMaxResults = 100;
  std::string search_id;
  int position = 0;
  int max_results = 30;
  // Reads the condition; RequestError 400 for a negative position or maxResults outside 1..100.
  static PageRequest from(const nlohmann::json& cond);
  // {searchID, responseStatusStrg, numOfMatches, totalMatches, <list_name>: [the page]}
  nlohmann::json answer(const std::vector<nlohmann::json>& all, const char* list_name) const;
};

}  // namespace facecert::refdev
