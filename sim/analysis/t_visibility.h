// t-visibility (PBS, Bailis et al., VLDB 2012; design.md, "Values and checkers"): how likely a
// get is to see the latest write acknowledged before it began, as a function of how long before
// the get that acknowledgement came.
//
// For each successful get G of key k, let P be the latest kOk put of k acknowledged before G was
// invoked, in the run's exact order of events (history_by_key.h, RecordTimes::kEventOrder: an
// acknowledgement and an invocation of the same microsecond are ordered as they happened). Gets
// with no such put are left out. t = G.invoke_us - P.complete_us (>= 0). G saw P ("or something
// newer") exactly when the staleness checker's rule for a missed put does not hold for P
// (staleness.h), with "before" in that same exact order: carts, P's item is in the union of the
// returned values; registers, P's value was returned, a returned version makes it obsolete (vector
// clocks), or a returned put is not before P (a concurrent or later write). So a get that returns
// the put Q its client acknowledged the very microsecond it invoked P missed P: Q is before P,
// although the staleness checker, comparing microseconds, takes the two as concurrent.
//
// t = 0 exactly: G began at the very microsecond P was acknowledged, after it (a client that reads
// right after its own put with no think time, or another client's get invoked at that instant).
// The staleness checker counts only puts acknowledged strictly before a get began, so such a P is
// not one G can be stale against; this point says how often G nevertheless saw it. It is a bucket
// of its own, lower_us == upper_us == 0, listed first; every other bucket holds t > 0 only.
//
// The curve groups t > 0 into fixed, roughly logarithmic buckets [lower, upper) with edges 0, 1, 2,
// 5, 10, 20, 50 ms, ... 100 s and one open bucket above (the first is (0, 1 ms)); a bucket's
// probability is saw / gets, the conditional P(seen | t in the bucket). Beside it, the cumulative
// form P(seen | t' < upper): cumulative_saw / cumulative_gets over this bucket and every one before
// it (the t = 0 point included), which cannot fall just because a later bucket holds few, unlucky
// gets. Only buckets holding at least one get are listed. Fixed edges keep curves of different
// runs comparable point by point.
//
// At chosen t values (the scenario's checks.t_visibility.at), the curve is also given without
// buckets: P(seen) over the gets started exactly t after their put's acknowledgement (what
// workload.reads_after_put measures), over the gets with t' <= t, and over the gets with t' >= t. Where visibility
// only grows with t (a write, once on a replica, stays; no faults undo it) the probability of a
// get started exactly t after the acknowledgement lies between the two; at t = 0 the first is
// exact (only t' = 0 gets).
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
  std::optional<TimeUs> upper_us;  // none for the last, open bucket; 0 for the t = 0 point
  uint64_t gets = 0;               // gets whose t fell in [lower, upper) (t = 0 for the point)
  uint64_t saw = 0;                // of those, gets that saw their latest put
  double probability = 0;          // saw / gets
  // This bucket and every bucket before it: P(seen | t' < upper) (t' = 0 for the point).
  uint64_t cumulative_gets = 0;
  uint64_t cumulative_saw = 0;
  double cumulative_probability = 0;  // cumulative_saw / cumulative_gets

  // The t = 0 point rather than a range.
  bool is_point() const { return upper_us.has_value() && *upper_us == lower_us; }
};

// The curve at one chosen t.
struct TVisibilityAt {
  TimeUs t_us = 0;
  uint64_t gets_at = 0;  // gets with t' == t exactly (workload.reads_after_put starts them there)
  uint64_t saw_at = 0;
  std::optional<double> probability_at;  // none without gets
  uint64_t gets_at_or_before = 0;  // gets with t' <= t
  uint64_t saw_at_or_before = 0;
  std::optional<double> probability_at_or_before;  // none without gets
  uint64_t gets_at_or_after = 0;  // gets with t' >= t
  uint64_t saw_at_or_after = 0;
  std::optional<double> probability_at_or_after;
};

struct TVisibility {
  uint64_t gets = 0;  // successful gets with a put acknowledged at or before their start
  uint64_t saw = 0;
  std::vector<TVisibilityBucket> buckets;  // non-empty buckets, lower_us ascending
  std::vector<TVisibilityAt> at;           // one per chosen t, in the order given
};

// The edges of the t > 0 buckets (lower bounds, ascending, starting at 0).
const std::vector<TimeUs>& TVisibilityEdgesUs();

// `at_us`: the chosen t values (ascending, >= 0).
// `ops_per_interval`: how many ops' records are built at once (history_by_key.h, KeyIntervals);
// any value gives the same result (tests use small ones).
TVisibility ComputeTVisibility(const History& history, ValueModel model,
                               const std::vector<TimeUs>& at_us = {},
                               uint64_t ops_per_interval = kOpsPerKeyInterval);

}  // namespace sim
