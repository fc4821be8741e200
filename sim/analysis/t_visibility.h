// t-visibility (PBS, Bailis et al., VLDB 2012; design.md, "Values and checkers"): how likely a
// get is to see the latest write acknowledged before it began, as a function of how long before
// the get that acknowledgement came.
//
// For each successful get G of key k, let P be the latest kOk put of k acknowledged before G was
// invoked (largest complete_us < G.invoke_us; ties go to the larger op id). Gets with no such put
// are left out. t = G.invoke_us - P.complete_us (> 0). G saw P ("or something newer") exactly when
// the staleness checker does not count P as missed by G (staleness.h): carts, P's item is in the
// union of the returned values; registers, P's value was returned, a returned version makes it
// obsolete (vector clocks), or a returned put is not before P (a concurrent or later write).
//
// The curve groups t into fixed, roughly logarithmic buckets [lower, upper) with edges 0, 1, 2, 5,
// 10, 20, 50 ms, ... 100 s and one open bucket above; a bucket's probability is saw / gets. Only
// buckets holding at least one get are listed. Fixed edges keep curves of different runs
// comparable point by point.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "sim/analysis/staleness.h"
#include "sim/engine/time.h"
#include "sim/history.h"

namespace sim {

struct TVisibilityBucket {
  TimeUs lower_us = 0;
  std::optional<TimeUs> upper_us;  // none for the last, open bucket
  uint64_t gets = 0;               // gets whose t fell in [lower, upper)
  uint64_t saw = 0;                // of those, gets that saw their latest put
  double probability = 0;          // saw / gets
};

struct TVisibility {
  uint64_t gets = 0;  // successful gets with an acknowledged put before them
  uint64_t saw = 0;
  std::vector<TVisibilityBucket> buckets;  // non-empty buckets, lower_us ascending
};

// The bucket edges (lower bounds, ascending, starting at 0).
const std::vector<TimeUs>& TVisibilityEdgesUs();

TVisibility ComputeTVisibility(const History& history, ValueModel model);

}  // namespace sim
