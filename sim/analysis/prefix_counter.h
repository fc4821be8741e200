// PrefixCounter: a Fenwick (binary indexed) tree over positions 0..size-1 that counts marked
// positions. Mark and CountBelow are O(log size); the staleness checker uses it to count, among
// the puts acknowledged so far, those invoked after a given time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/engine/check.h"

namespace sim {

class PrefixCounter {
 public:
  explicit PrefixCounter(size_t size) : tree_(size + 1, 0) {}

  // Marks `position` once more. REQUIRES: position < size.
  void Mark(size_t position) {
    SIM_CHECK(position + 1 < tree_.size(), "position outside the counter");
    for (size_t i = position + 1; i < tree_.size(); i += i & (~i + 1)) ++tree_[i];
  }

  // The number of marks at positions < end. REQUIRES: end <= size.
  uint64_t CountBelow(size_t end) const {
    SIM_CHECK(end < tree_.size(), "end past the counter");
    uint64_t count = 0;
    for (size_t i = end; i > 0; i -= i & (~i + 1)) count += tree_[i];
    return count;
  }

 private:
  std::vector<uint64_t> tree_;  // 1-based Fenwick array
};

}  // namespace sim
