// Stable sort of big records (findings, flow summaries: a dozen strings and a JSON tree each) by
// sorting their positions and moving each record once: std::stable_sort moves every record
// log2(n) times, which on a mirror-port capture's tens of thousands of findings was most of the
// time between the last flow's analysis and the report.
#pragma once

#include <algorithm>
#include <cstddef>
#include <numeric>
#include <vector>

namespace facecert::probes::traffic {

template <class T, class Before>
void sort_by_moving_once(std::vector<T>& items, Before before) {
  if (std::is_sorted(items.begin(), items.end(), before)) return;
  std::vector<std::size_t> order(items.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return before(items[a], items[b]); });
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (const std::size_t i : order) sorted.push_back(std::move(items[i]));
  items = std::move(sorted);
}

}  // namespace facecert::probes::traffic
