// Q equal-sized partitions of the 64-bit ring (paper section 6.2, strategies 2 and 3).
//
// With b(p) = floor(p * 2^64 / Q), partition p is the range (b(p), b(p+1)], where b(Q) = 2^64
// wraps to 0. So partition 0 is (0, b(1)], and the last partition (b(Q-1), 0] wraps and holds
// position 0. Sizes differ by at most one position when Q does not divide 2^64. With Q == 1 the
// single partition is (0, 0], the whole ring. Ends are inclusive to match token ranges: a token
// at position t owns (previous token, t].
#pragma once

#include <cstdint>

#include "dynamo/key_range.h"
#include "dynamo/types.h"

namespace dynamo {

// The range of partition `partition` out of `partitions`.
// REQUIRES: partitions >= 1, partition < partitions.
KeyRange PartitionRange(uint32_t partition, uint32_t partitions);

// The partition holding `position`, in O(1). REQUIRES: partitions >= 1.
uint32_t PartitionOfPosition(RingPosition position, uint32_t partitions);

}  // namespace dynamo
