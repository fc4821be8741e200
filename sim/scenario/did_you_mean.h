// "Did you mean" suggestions for misspelled keys and enum values in scenario files.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sim::scenario {

// Optimal-string-alignment edit distance (insertions, deletions, substitutions and swaps of two
// adjacent characters each cost 1).
int EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word`, if it is close enough to be a plausible typo: distance times 3
// at most the longer length ("replicaton" -> "replication", but "x" suggests nothing). Ties go
// to the earliest candidate, so the answer never depends on container order.
std::optional<std::string_view> ClosestMatch(std::string_view word,
                                             const std::vector<std::string_view>& candidates);

// "; did you mean \"replication\"?" or "" when nothing is close.
std::string DidYouMeanSuffix(std::string_view word,
                             const std::vector<std::string_view>& candidates);

}  // namespace sim::scenario
