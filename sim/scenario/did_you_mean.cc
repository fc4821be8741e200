#include "sim/scenario/did_you_mean.h"

#include <algorithm>

#include "sim/scenario/concat.h"

namespace sim::scenario {

int EditDistance(std::string_view a, std::string_view b) {
  const size_t columns = b.size() + 1;
  // Three rows of the dynamic-programming table: two back (for swaps), one back, current.
  std::vector<int> before_previous(columns), previous(columns), current(columns);
  for (size_t j = 0; j < columns; ++j) previous[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<int>(i);
    for (size_t j = 1; j < columns; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before_previous[j - 2] + 1);
      }
    }
    before_previous.swap(previous);
    previous.swap(current);
  }
  return previous[b.size()];
}

std::optional<std::string_view> ClosestMatch(std::string_view word,
                                             const std::vector<std::string_view>& candidates) {
  std::optional<std::string_view> best;
  int best_distance = 0;
  for (std::string_view candidate : candidates) {
    const int distance = EditDistance(word, candidate);
    const size_t longer = std::max(word.size(), candidate.size());
    if (static_cast<size_t>(distance) * 3 > longer) continue;
    if (!best.has_value() || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::string DidYouMeanSuffix(std::string_view word,
                             const std::vector<std::string_view>& candidates) {
  const std::optional<std::string_view> match = ClosestMatch(word, candidates);
  if (!match.has_value()) return "";
  return Concat("; did you mean \"", *match, "\"?");
}

}  // namespace sim::scenario
