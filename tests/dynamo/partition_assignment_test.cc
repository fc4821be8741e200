#include "dynamo/partition_assignment.h"

#include <cstdint>
#include <vector>

#include "absl/container/btree_map.h"
#include "dynamo/hash.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dynamo {
namespace {

using ::testing::ElementsAre;
using Owners = std::vector<NodeId>;

absl::btree_map<NodeId, uint32_t> Counts(const Owners& owners) {
  absl::btree_map<NodeId, uint32_t> counts;
  for (NodeId owner : owners) ++counts[owner];
  return counts;
}

// Every node has floor(Q/S) or ceil(Q/S) partitions.
void ExpectBalanced(const Owners& owners) {
  const auto counts = Counts(owners);
  const size_t floor = owners.size() / counts.size();
  const size_t ceil = floor + (owners.size() % counts.size() != 0 ? 1 : 0);
  for (const auto& [node, count] : counts) {
    EXPECT_TRUE(count == floor || count == ceil) << "node " << node << " has " << count;
  }
}

TEST(PartitionAssignmentTest, InitialIsRoundRobin) {
  EXPECT_THAT(InitialPartitionOwners(10, Owners{1, 2, 3}),
              ElementsAre(1, 2, 3, 1, 2, 3, 1, 2, 3, 1));
  ExpectBalanced(InitialPartitionOwners(10, Owners{1, 2, 3}));
  EXPECT_THAT(InitialPartitionOwners(2, Owners{5, 9}), ElementsAre(5, 9));
}

// Q = 10, S = 3 (counts 4 3 3) -> S = 4: node 4 takes floor(10/4) = 2. First donor: node 1 (the
// only one with 4); then 1, 2, 3 tie at 3 and the round-robin goes on to node 2.
TEST(PartitionAssignmentTest, JoinStealsFromTheFullestRoundRobin) {
  Owners owners = InitialPartitionOwners(10, Owners{1, 2, 3});
  // random() == 0 always picks the donor's first partition.
  AddPartitionOwner(
      4, [] { return uint64_t{0}; }, &owners);
  EXPECT_THAT(owners, ElementsAre(4, 4, 3, 1, 2, 3, 1, 2, 3, 1));
  ExpectBalanced(owners);
}

// random() == 2^63 picks rank floor(count / 2): node 1 owns {0,3,6,9} -> rank 2 = p6; node 2
// owns {1,4,7} -> rank 1 = p4.
TEST(PartitionAssignmentTest, JoinUsesTheRandomSourceToPickThePartition) {
  Owners owners = InitialPartitionOwners(10, Owners{1, 2, 3});
  int calls = 0;
  AddPartitionOwner(
      4,
      [&] {
        ++calls;
        return uint64_t{1} << 63;
      },
      &owners);
  EXPECT_THAT(owners, ElementsAre(1, 2, 3, 1, 4, 3, 4, 2, 3, 1));
  EXPECT_EQ(calls, 2);
}

// Node 2 leaves 1 2 3 1 2 3 1 2 3 1 (remaining counts 1:4, 3:3): p1 -> 3 (fewest); p4 -> 1 and
// 3 tie at 4, round-robin after 3 wraps to 1; p7 -> 3 (fewest).
TEST(PartitionAssignmentTest, LeaveGivesPartitionsToTheEmptiestRoundRobin) {
  Owners owners = InitialPartitionOwners(10, Owners{1, 2, 3});
  RemovePartitionOwner(2, &owners);
  EXPECT_THAT(owners, ElementsAre(1, 3, 3, 1, 1, 3, 1, 3, 3, 1));
  ExpectBalanced(owners);
}

// Many joins then leaves with Q = 256: balance holds after every step, exactly floor(Q/S')
// partitions move on a join (all to the new node), and a leave moves only the leaver's.
TEST(PartitionAssignmentTest, ChurnKeepsBalanceAndMovesOnlyWhatItMust) {
  uint64_t state = 7;
  const auto random = [&] { return Mix64(state++); };
  Owners owners = InitialPartitionOwners(256, Owners{1, 2, 3});
  for (NodeId joining = 4; joining <= 12; ++joining) {
    const Owners before = owners;
    AddPartitionOwner(joining, random, &owners);
    ExpectBalanced(owners);
    size_t moved = 0;
    for (size_t p = 0; p < owners.size(); ++p) {
      if (owners[p] == before[p]) continue;
      ++moved;
      EXPECT_EQ(owners[p], joining);
    }
    EXPECT_EQ(moved, 256u / joining);  // joining == S after the join
  }
  for (NodeId leaving : {5u, 1u, 12u, 8u}) {
    const Owners before = owners;
    RemovePartitionOwner(leaving, &owners);
    ExpectBalanced(owners);
    for (size_t p = 0; p < owners.size(); ++p) {
      EXPECT_NE(owners[p], leaving);
      if (before[p] != leaving) {
        EXPECT_EQ(owners[p], before[p]) << "partition " << p;
      }
    }
  }
  EXPECT_EQ(Counts(owners).size(), 8u);
}

TEST(PartitionAssignmentTest, MembersFromOwnersUsesPartitionEndsAsTokens) {
  // Q = 4: ends 2^62, 2^63, 3*2^62, 0.
  const std::vector<RingMember> members = MembersFromPartitionOwners(Owners{7, 3, 7, 3});
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].node, 3u);
  EXPECT_THAT(members[0].tokens, ElementsAre(uint64_t{1} << 63, 0u));
  EXPECT_EQ(members[1].node, 7u);
  EXPECT_THAT(members[1].tokens, ElementsAre(uint64_t{1} << 62, uint64_t{3} << 62));
}

TEST(PartitionAssignmentTest, UniformBelowIsMultiplyShift) {
  EXPECT_EQ(UniformBelow(10, [] { return uint64_t{0}; }), 0u);
  EXPECT_EQ(UniformBelow(10, [] { return ~uint64_t{0}; }), 9u);
  EXPECT_EQ(UniformBelow(10, [] { return uint64_t{1} << 63; }), 5u);
  EXPECT_EQ(UniformBelow(1, [] { return uint64_t{12345}; }), 0u);
}

}  // namespace
}  // namespace dynamo
