// Strategies 2 and 3: Q equal partitions; tokens only place partitions.
#include <vector>

#include "dynamo/equal_partitions.h"
#include "dynamo/partition_assignment.h"
#include "dynamo/ring.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dynamo {
namespace {

using ::testing::ElementsAre;

constexpr NodeId kA = 1, kB = 2, kC = 3;
constexpr RingPosition kQ = RingPosition{1} << 62;  // a quarter of the ring
const RingParams kStrategy2{PartitionStrategy::kRandomTokensEqualPartitions, 4};

std::vector<NodeId> ListAt(const Ring& ring, RingPosition position, size_t count) {
  Ring::NodeList out;
  ring.PreferenceListAt(position, count, &out);
  return {out.begin(), out.end()};
}

std::vector<NodeId> ListOfRange(const Ring& ring, uint32_t range, size_t count) {
  Ring::NodeList out;
  ring.PreferenceListOfRange(range, count, &out);
  return {out.begin(), out.end()};
}

// Q = 4, partition ends q, 2q, 3q, 0. Sorted tokens: q/2 A, q B, 2q-7 C, 2q+1 A, 3q+5 B.
// Each partition walks from the first token at or after its end:
//   p0 = (0, q]   end q  -> q B (exactly at the end): B C A
//   p1 = (q, 2q]  end 2q -> 2q+1 A: A B C (3q+5 B, wrap q/2 A skip, q B skip, 2q-7 C)
//   p2 = (2q, 3q] end 3q -> 3q+5 B: B A C (wrap q/2 A, q B skip, 2q-7 C)
//   p3 = (3q, 0]  end 0  -> q/2 A (smallest token): A B C
Ring Strategy2Ring() {
  return Ring(kStrategy2,
              std::vector<RingMember>{
                  {kA, {kQ / 2, 2 * kQ + 1}}, {kB, {kQ, 3 * kQ + 5}}, {kC, {2 * kQ - 7}}});
}

TEST(RingEqualPartitionsTest, Strategy2PlacesEachPartitionByTheTokenAfterItsEnd) {
  const Ring ring = Strategy2Ring();
  ASSERT_EQ(ring.RangeCount(), 4u);
  EXPECT_EQ(ring.partitions(), 4u);
  EXPECT_THAT(ListOfRange(ring, 0, 3), ElementsAre(kB, kC, kA));
  EXPECT_THAT(ListOfRange(ring, 1, 3), ElementsAre(kA, kB, kC));
  EXPECT_THAT(ListOfRange(ring, 2, 3), ElementsAre(kB, kA, kC));
  EXPECT_THAT(ListOfRange(ring, 3, 3), ElementsAre(kA, kB, kC));
  EXPECT_EQ(ring.RangeAt(2), (KeyRange{2 * kQ, 3 * kQ}));
}

// Tokens do not split partitions: positions on either side of a token inside a partition get
// the partition's list, where strategy 1 would have split them.
TEST(RingEqualPartitionsTest, Strategy2TokensInsideAPartitionDoNotSplitIt) {
  const Ring ring = Strategy2Ring();
  EXPECT_THAT(ListAt(ring, kQ / 4, 2), ElementsAre(kB, kC));      // before A's token q/2
  EXPECT_THAT(ListAt(ring, kQ / 2 + 1, 2), ElementsAre(kB, kC));  // after it
  EXPECT_THAT(ListAt(ring, kQ + 1, 2), ElementsAre(kA, kB));      // before C's token 2q-7
  EXPECT_THAT(ListAt(ring, 2 * kQ - 3, 2), ElementsAre(kA, kB));  // after it
  EXPECT_THAT(ListAt(ring, 0, 2), ElementsAre(kA, kB));           // position 0 is in p3
  EXPECT_THAT(ListAt(ring, 3 * kQ + 1, 2), ElementsAre(kA, kB));  // before B's token 3q+5
}

// Keys: 1 -> 0x33cd... (p0), 0 -> 0x7dea... (p1), 42 -> 0xe8bd... (p3).
TEST(RingEqualPartitionsTest, Strategy2Keys) {
  const Ring ring = Strategy2Ring();
  EXPECT_EQ(ring.PartitionOf(1), 0u);
  EXPECT_EQ(ring.PartitionOf(0), 1u);
  EXPECT_EQ(ring.PartitionOf(42), 3u);
  EXPECT_EQ(ring.Coordinator(1), kB);
  EXPECT_EQ(ring.Coordinator(0), kA);
  Ring::NodeList list;
  ring.PreferenceList(42, 2, &list);
  EXPECT_THAT(std::vector<NodeId>(list.begin(), list.end()), ElementsAre(kA, kB));
}

// n = 2: p0 B C, p1 A B, p2 B A, p3 A B.
TEST(RingEqualPartitionsTest, Strategy2ReplicatedRangesArePartitions) {
  const Ring ring = Strategy2Ring();
  EXPECT_THAT(ring.ReplicatedRanges(kC, 2), ElementsAre(IndexedRange{0, {0, kQ}}));
  EXPECT_THAT(ring.ReplicatedRanges(kA, 2),
              ElementsAre(IndexedRange{1, {kQ, 2 * kQ}}, IndexedRange{2, {2 * kQ, 3 * kQ}},
                          IndexedRange{3, {3 * kQ, 0}}));
}

// Strategy 2, join: a new token only changes the partitions whose walks pass it before N
// distinct nodes; the partition boundaries never move.
TEST(RingEqualPartitionsTest, Strategy2JoinKeepsBoundariesAndMovesFewPartitions) {
  std::vector<RingMember> members = {
      {kA, {kQ / 2, 2 * kQ + 1}}, {kB, {kQ, 3 * kQ + 5}}, {kC, {2 * kQ - 7}}};
  const Ring before(kStrategy2, members);
  members.push_back({7, {kQ + 10}});  // just after p0's end, so p0's walk reaches it second
  const Ring after(kStrategy2, members);
  for (uint32_t p = 0; p < 4; ++p) EXPECT_EQ(before.RangeAt(p), after.RangeAt(p));
  // p0 walks q B, q+10 new, 2q-7 C: B 7 C. Others unchanged for n = 2.
  EXPECT_THAT(ListOfRange(after, 0, 2), ElementsAre(kB, 7u));
  for (uint32_t p = 1; p < 4; ++p) {
    EXPECT_EQ(ListOfRange(after, p, 2), ListOfRange(before, p, 2)) << p;
  }
}

// Strategy 3, Q = 6, round-robin owners 1 2 3 1 2 3: a partition's list is its owner and the
// owners of the following partitions.
TEST(RingEqualPartitionsTest, Strategy3ListsFollowPartitionOwners) {
  const std::vector<NodeId> owners = {kA, kB, kC, kA, kB, kC};
  const Ring ring(RingParams{PartitionStrategy::kEqualPartitions, 6},
                  MembersFromPartitionOwners(owners));
  EXPECT_EQ(ring.tokens().size(), 6u);
  EXPECT_THAT(ListOfRange(ring, 0, 3), ElementsAre(kA, kB, kC));
  EXPECT_THAT(ListOfRange(ring, 4, 3), ElementsAre(kB, kC, kA));
  EXPECT_THAT(ListOfRange(ring, 5, 2), ElementsAre(kC, kA));  // wraps to p0
  // Keys (md5_test positions): 1 -> p1, 0 -> p2, 42 -> p5.
  EXPECT_EQ(ring.PartitionOf(1), 1u);
  EXPECT_EQ(ring.PartitionOf(0), 2u);
  EXPECT_EQ(ring.PartitionOf(42), 5u);
  EXPECT_EQ(ring.Coordinator(1), kB);
  EXPECT_EQ(ring.Coordinator(0), kC);
  EXPECT_EQ(ring.Coordinator(42), kC);
  // A partition's last position and the next one's first position.
  const KeyRange p2 = PartitionRange(2, 6);
  EXPECT_THAT(ListAt(ring, p2.end, 1), ElementsAre(kC));
  EXPECT_THAT(ListAt(ring, p2.end + 1, 1), ElementsAre(kA));
  EXPECT_EQ(PartitionOwnersOf(ring), owners);
}

TEST(RingEqualPartitionsTest, Strategy3AdjacentPartitionsOfOneOwnerAreSkipped) {
  // Owners 1 1 2 3 3 2: p0 walks 1 1(skip) 2 3; p3 walks 3 3(skip) 2 1.
  const Ring ring(RingParams{PartitionStrategy::kEqualPartitions, 6},
                  MembersFromPartitionOwners(std::vector<NodeId>{kA, kA, kB, kC, kC, kB}));
  EXPECT_THAT(ListOfRange(ring, 0, 3), ElementsAre(kA, kB, kC));
  EXPECT_THAT(ListOfRange(ring, 3, 3), ElementsAre(kC, kB, kA));
  EXPECT_THAT(ListOfRange(ring, 4, 3), ElementsAre(kC, kB, kA));
  // n = 2 replicas of each partition: p0 A B, p1 A B, p2 B C, p3 C B, p4 C B, p5 B A.
  std::vector<uint32_t> of_a;
  for (const IndexedRange& range : ring.ReplicatedRanges(kA, 2)) of_a.push_back(range.index);
  EXPECT_THAT(of_a, ElementsAre(0u, 1u, 5u));
}

TEST(RingEqualPartitionsTest, Strategy3RequiresExactlyThePartitionEnds) {
  std::vector<RingMember> members = MembersFromPartitionOwners(std::vector<NodeId>{kA, kB, kA});
  const RingParams params{PartitionStrategy::kEqualPartitions, 3};
  EXPECT_TRUE(Ring::IsValid(params, members));
  members[0].tokens[0] += 1;  // no longer a partition end
  EXPECT_FALSE(Ring::IsValid(params, members));
  EXPECT_FALSE(Ring::IsValid(RingParams{PartitionStrategy::kEqualPartitions, 4},
                             MembersFromPartitionOwners(std::vector<NodeId>{kA, kB, kA})));
}

// Strategy 3, join: partitions that were not stolen keep their owner, so only ranges whose
// top-N list includes a stolen partition change.
TEST(RingEqualPartitionsTest, Strategy3JoinMovesOnlyStolenPartitions) {
  std::vector<NodeId> owners = InitialPartitionOwners(12, std::vector<NodeId>{kA, kB, kC});
  const Ring before(RingParams{PartitionStrategy::kEqualPartitions, 12},
                    MembersFromPartitionOwners(owners));
  AddPartitionOwner(
      9, [] { return uint64_t{0}; }, &owners);
  const Ring after(RingParams{PartitionStrategy::kEqualPartitions, 12},
                   MembersFromPartitionOwners(owners));
  size_t changed = 0;
  for (uint32_t p = 0; p < 12; ++p) {
    if (before.CoordinatorOfRange(p) == after.CoordinatorOfRange(p)) continue;
    ++changed;
    EXPECT_EQ(after.CoordinatorOfRange(p), 9u);
  }
  EXPECT_EQ(changed, 3u);  // floor(12 / 4)
  EXPECT_EQ(after.ReplicatedRanges(9, 1).size(), 3u);
}

}  // namespace
}  // namespace dynamo
