// KeyChooser: draws workload keys 0..K-1, uniformly or by a Zipf law (rank r has weight
// 1/(r+1)^s), from the simulator's own Prng. Zipf precomputes the cumulative weights once and
// draws by binary search, so a draw is O(log K) with no allocation.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/engine/prng.h"

namespace sim {

class KeyChooser {
 public:
  // Uniform over [0, keys). REQUIRES: keys >= 1.
  static KeyChooser Uniform(uint64_t keys);
  // Zipf over [0, keys) with exponent s > 0; key 0 is the most popular.
  static KeyChooser Zipf(uint64_t keys, double s);

  uint64_t Next(Prng& prng) const;
  uint64_t keys() const { return keys_; }

 private:
  uint64_t keys_ = 1;
  std::vector<double> cumulative_;  // empty for uniform; cumulative_[i] = P(key <= i)
};

}  // namespace sim
