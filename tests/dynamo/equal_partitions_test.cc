#include "dynamo/equal_partitions.h"

#include "gtest/gtest.h"

namespace dynamo {
namespace {

constexpr RingPosition kQuarter = RingPosition{1} << 62;
constexpr RingPosition kTop = ~RingPosition{0};

TEST(EqualPartitionsTest, FourPartitionsAreQuartersWithInclusiveEnds) {
  EXPECT_EQ(PartitionRange(0, 4), (KeyRange{0, kQuarter}));
  EXPECT_EQ(PartitionRange(1, 4), (KeyRange{kQuarter, 2 * kQuarter}));
  EXPECT_EQ(PartitionRange(2, 4), (KeyRange{2 * kQuarter, 3 * kQuarter}));
  EXPECT_EQ(PartitionRange(3, 4), (KeyRange{3 * kQuarter, 0}));  // wraps, holds position 0
}

TEST(EqualPartitionsTest, PartitionOfPositionAtBoundaries) {
  EXPECT_EQ(PartitionOfPosition(0, 4), 3u);
  EXPECT_EQ(PartitionOfPosition(1, 4), 0u);
  EXPECT_EQ(PartitionOfPosition(kQuarter, 4), 0u);
  EXPECT_EQ(PartitionOfPosition(kQuarter + 1, 4), 1u);
  EXPECT_EQ(PartitionOfPosition(2 * kQuarter, 4), 1u);
  EXPECT_EQ(PartitionOfPosition(3 * kQuarter, 4), 2u);
  EXPECT_EQ(PartitionOfPosition(3 * kQuarter + 1, 4), 3u);
  EXPECT_EQ(PartitionOfPosition(kTop, 4), 3u);
}

// Q = 3 does not divide 2^64: b(1) = floor(2^64/3) = 0x5555555555555555, b(2) = 0xaaaa...aaaa.
TEST(EqualPartitionsTest, NonPowerOfTwoPartitionCount) {
  EXPECT_EQ(PartitionRange(0, 3), (KeyRange{0, 0x5555555555555555ULL}));
  EXPECT_EQ(PartitionRange(1, 3), (KeyRange{0x5555555555555555ULL, 0xaaaaaaaaaaaaaaaaULL}));
  EXPECT_EQ(PartitionRange(2, 3), (KeyRange{0xaaaaaaaaaaaaaaaaULL, 0}));
  EXPECT_EQ(PartitionOfPosition(0x5555555555555555ULL, 3), 0u);
  EXPECT_EQ(PartitionOfPosition(0x5555555555555556ULL, 3), 1u);
  EXPECT_EQ(PartitionOfPosition(0xaaaaaaaaaaaaaaaaULL, 3), 1u);
  EXPECT_EQ(PartitionOfPosition(0xaaaaaaaaaaaaaaabULL, 3), 2u);
}

TEST(EqualPartitionsTest, OnePartitionIsTheWholeRing) {
  EXPECT_TRUE(PartitionRange(0, 1).IsWholeRing());
  EXPECT_EQ(PartitionOfPosition(0, 1), 0u);
  EXPECT_EQ(PartitionOfPosition(kTop, 1), 0u);
}

// Every boundary position and its neighbours land in the partition whose range contains them.
TEST(EqualPartitionsTest, PartitionOfPositionAgreesWithPartitionRange) {
  for (uint32_t partitions : {1u, 2u, 3u, 7u, 10u, 256u, 1000u}) {
    for (uint32_t p = 0; p < partitions; ++p) {
      const KeyRange range = PartitionRange(p, partitions);
      for (RingPosition position : {range.start, range.start + 1, range.end - 1, range.end}) {
        const uint32_t found = PartitionOfPosition(position, partitions);
        EXPECT_TRUE(PartitionRange(found, partitions).Contains(position));
      }
      EXPECT_EQ(PartitionOfPosition(range.start + 1, partitions), p);
      EXPECT_EQ(PartitionOfPosition(range.end, partitions), p);
    }
  }
}

}  // namespace
}  // namespace dynamo
