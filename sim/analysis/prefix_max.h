// PrefixMax: a Fenwick (binary indexed) tree over positions 0..size-1 holding, per position, the
// largest value offered there, and answering "largest value at positions < end" in O(log size).
// Values only grow. The staleness checker uses it for "the latest completion among the puts whose
// clock counter is at most c".
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/engine/check.h"

namespace sim {

class PrefixMax {
 public:
  static constexpr int64_t kEmpty = std::numeric_limits<int64_t>::min();

  explicit PrefixMax(size_t size) : tree_(size + 1, kEmpty) {}

  // Raises position `position` to at least `value`. REQUIRES: position < size.
  void Offer(size_t position, int64_t value) {
    SIM_CHECK(position + 1 < tree_.size(), "position outside the tree");
    for (size_t i = position + 1; i < tree_.size(); i += i & (~i + 1)) {
      tree_[i] = std::max(tree_[i], value);
    }
  }

  // The largest value offered at positions < end; kEmpty if none. REQUIRES: end <= size.
  int64_t MaxBelow(size_t end) const {
    SIM_CHECK(end < tree_.size(), "end past the tree");
    int64_t best = kEmpty;
    for (size_t i = end; i > 0; i -= i & (~i + 1)) best = std::max(best, tree_[i]);
    return best;
  }

 private:
  std::vector<int64_t> tree_;  // 1-based Fenwick array
};

}  // namespace sim
