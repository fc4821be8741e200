#include "dynamo/replica_targets.h"

#include <set>

#include "dynamo/partition_assignment.h"
#include "gtest/gtest.h"

namespace dynamo {
namespace {

// Strategy 3 with 8 partitions round-robin over nodes 0..4: every preference list walks
// consecutive nodes (p, p+1, p+2, ... mod 5), so stand-ins are predictable.
Ring FiveNodeRing() {
  return Ring(RingParams{PartitionStrategy::kEqualPartitions, 10},
              MembersFromPartitionOwners(InitialPartitionOwners(10, std::vector<NodeId>{0, 1, 2, 3, 4})));
}

std::vector<NodeId> Walk(const Ring& ring, Key key) {
  std::vector<NodeId> walk;
  ring.WalkPreferenceList(key, [&](NodeId node) {
    walk.push_back(node);
    return true;
  });
  return walk;
}

TEST(ReplicaTargetsTest, HealthyTopNIsAskedAsItIs) {
  const Ring ring = FiveNodeRing();
  const std::vector<NodeId> walk = Walk(ring, 7);
  ReplicaTargets targets;
  ChooseReplicaTargets(ring, 7, 3, true, [](NodeId) { return false; }, &targets);
  EXPECT_EQ(targets, (ReplicaTargets{{walk[0], false, walk[0]}, {walk[1], false, walk[1]},
                                     {walk[2], false, walk[2]}}));
}

TEST(ReplicaTargetsTest, SuspectedOwnerIsReplacedByTheNextHealthyNode) {
  const Ring ring = FiveNodeRing();
  const std::vector<NodeId> walk = Walk(ring, 7);
  ReplicaTargets targets;
  // walk[1] is suspected; walk[3] is the first node past the top 3, and stands in for it.
  ChooseReplicaTargets(ring, 7, 3, true, [&](NodeId node) { return node == walk[1]; }, &targets);
  EXPECT_EQ(targets, (ReplicaTargets{{walk[0], false, walk[0]}, {walk[2], false, walk[2]},
                                     {walk[3], true, walk[1]}}));
  // Two suspects, one of them also past the top N: stand-ins skip it.
  ChooseReplicaTargets(ring, 7, 3, true,
                       [&](NodeId node) { return node == walk[0] || node == walk[3]; }, &targets);
  EXPECT_EQ(targets, (ReplicaTargets{{walk[1], false, walk[1]}, {walk[2], false, walk[2]},
                                     {walk[4], true, walk[0]}}));
}

TEST(ReplicaTargetsTest, StrictQuorumNeverUsesStandIns) {
  const Ring ring = FiveNodeRing();
  const std::vector<NodeId> walk = Walk(ring, 7);
  ReplicaTargets targets;
  ChooseReplicaTargets(ring, 7, 3, false, [&](NodeId node) { return node == walk[1]; }, &targets);
  ASSERT_EQ(targets.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(targets[i], (ReplicaTarget{walk[i], false, walk[i]}));
}

TEST(ReplicaTargetsTest, RunsOutOfHealthyNodesGracefully) {
  const Ring ring = FiveNodeRing();
  ReplicaTargets targets;
  ChooseReplicaTargets(ring, 7, 3, true, [](NodeId node) { return node != 2; }, &targets);
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets.front().node, 2u);
}

}  // namespace
}  // namespace dynamo
