// A key range on the consistent-hashing ring: the half-open interval (start, end], read clockwise
// from start. `start == end` denotes the whole ring (a ring with one token owns everything).
// Ranges that wrap past the top of the 64-bit space (start > end) are ordinary ranges.
#pragma once

#include "dynamo/types.h"

namespace dynamo {

struct KeyRange {
  RingPosition start = 0;  // exclusive
  RingPosition end = 0;    // inclusive

  // True if `position` lies in (start, end] clockwise.
  bool Contains(RingPosition position) const {
    if (start == end) return true;
    // Distance clockwise from start; unsigned arithmetic wraps around the ring.
    return position - start - 1 < end - start;
  }

  // True if the range is the whole ring.
  bool IsWholeRing() const { return start == end; }

  // Number of positions in the range, minus one (so the whole ring, 2^64 positions, fits).
  uint64_t SizeMinusOne() const { return end - start - 1; }

  friend bool operator==(const KeyRange&, const KeyRange&) = default;
};

}  // namespace dynamo
