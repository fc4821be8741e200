#include "dynamo/equal_partitions.h"

#include "dynamo/check.h"

namespace dynamo {
namespace {

using Uint128 = unsigned __int128;

// b(p) = floor(p * 2^64 / Q), with b(Q) = 2^64 reduced to 0 on the ring.
RingPosition PartitionBoundary(uint32_t partition, uint32_t partitions) {
  return static_cast<RingPosition>((Uint128{partition} << 64) / partitions);
}

}  // namespace

KeyRange PartitionRange(uint32_t partition, uint32_t partitions) {
  DYNAMO_CHECK(partitions >= 1, "at least one partition");
  DYNAMO_CHECK(partition < partitions, "partition index out of range");
  return KeyRange{PartitionBoundary(partition, partitions),
                  PartitionBoundary(partition + 1, partitions)};
}

uint32_t PartitionOfPosition(RingPosition position, uint32_t partitions) {
  DYNAMO_CHECK(partitions >= 1, "at least one partition");
  if (position == 0) return partitions - 1;  // 0 closes the wrapping last partition.
  // The largest p with b(p) < position is ceil(position * Q / 2^64) - 1.
  const Uint128 scaled = Uint128{position} * partitions;
  const auto partition = static_cast<uint32_t>((scaled - 1) >> 64);
  DYNAMO_CHECK(partition < partitions, "partition arithmetic out of range");
  return partition;
}

}  // namespace dynamo
