// The preference-list walk across datacenters (ring.h, paper section 4.6): with D >= 2 the walk
// covers min(D, datacenters) distinct datacenters first, then the skipped nodes in ring order,
// then the rest of the ring. Hand-made one-token rings so every expected list can be read off.
#include <vector>

#include "dynamo/ring.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dynamo {
namespace {

using ::testing::ElementsAre;

constexpr NodeId kA = 1, kB = 2, kC = 3, kD = 4, kE = 5, kF = 6;
const RingParams kStrategy1{PartitionStrategy::kRandomTokens, 0};

// Datacenters by node id (id 0 unused): A B C in 0, D E in 1, F in 2.
DatacenterPlacement Placement(uint32_t min_datacenters) {
  return DatacenterPlacement{{0, 0, 0, 0, 1, 1, 2}, min_datacenters};
}

// Sorted tokens: 100A 200B 300C 400D 500E 600F (A also holds 350 when `extra_a_token`).
std::vector<RingMember> SixNodes(bool extra_a_token = false) {
  std::vector<RingMember> members{{kA, {100}}, {kB, {200}}, {kC, {300}},
                                  {kD, {400}}, {kE, {500}}, {kF, {600}}};
  if (extra_a_token) members[0].tokens.push_back(350);
  return members;
}

std::vector<NodeId> ListAt(const Ring& ring, RingPosition position, size_t count) {
  Ring::NodeList out;
  ring.PreferenceListAt(position, count, &out);
  return {out.begin(), out.end()};
}

std::vector<NodeId> WholeWalk(const Ring& ring, uint32_t range) {
  std::vector<NodeId> walked;
  ring.WalkRange(range, [&](NodeId node) {
    walked.push_back(node);
    return true;
  });
  return walked;
}

TEST(DatacenterWalkTest, TwoDatacentersFirstThenSkippedNodesThenTheRest) {
  const Ring ring(kStrategy1, SixNodes(), Placement(2));
  EXPECT_EQ(ring.spread(), 2u);
  // From 100: A (dc 0); B, C skipped (dc 0 covered); D (dc 1): two covered. Then B, C, E, F.
  EXPECT_THAT(ListAt(ring, 100, 6), ElementsAre(kA, kD, kB, kC, kE, kF));
  EXPECT_THAT(ListAt(ring, 100, 3), ElementsAre(kA, kD, kB));
  // From 500: E (dc 1), F (dc 2): covered at once, the plain order.
  EXPECT_THAT(ListAt(ring, 450, 3), ElementsAre(kE, kF, kA));
  // From 300: C (dc 0), D (dc 1).
  EXPECT_THAT(ListAt(ring, 250, 6), ElementsAre(kC, kD, kE, kF, kA, kB));
  // The coordinator is the ring's first node, as without datacenters.
  EXPECT_EQ(ring.CoordinatorOfRange(ring.RangeOfPosition(100)), kA);
}

TEST(DatacenterWalkTest, ThreeDatacenters) {
  const Ring ring(kStrategy1, SixNodes(), Placement(3));
  EXPECT_EQ(ring.spread(), 3u);
  // A (0); B, C skipped; D (1); E skipped; F (2). Then B, C, E.
  EXPECT_THAT(ListAt(ring, 100, 6), ElementsAre(kA, kD, kF, kB, kC, kE));
  // From 200: B (0); C skipped; D (1); E skipped; F (2); then C, E, and A after the wrap.
  EXPECT_THAT(ListAt(ring, 200, 6), ElementsAre(kB, kD, kF, kC, kE, kA));
}

TEST(DatacenterWalkTest, SpreadIsCappedByTheDatacentersOnTheRing) {
  std::vector<RingMember> members = SixNodes();
  members.pop_back();  // F, the only node of dc 2
  const Ring ring(kStrategy1, members, Placement(3));
  EXPECT_EQ(ring.spread(), 2u);
  EXPECT_THAT(ListAt(ring, 100, 5), ElementsAre(kA, kD, kB, kC, kE));
}

TEST(DatacenterWalkTest, OneDatacenterOrNoPlacementIsThePlainWalk) {
  for (const DatacenterPlacement& placement : {Placement(1), DatacenterPlacement{}}) {
    const Ring ring(kStrategy1, SixNodes(), placement);
    EXPECT_EQ(ring.spread(), 1u);
    EXPECT_THAT(ListAt(ring, 100, 6), ElementsAre(kA, kB, kC, kD, kE, kF));
  }
}

TEST(DatacenterWalkTest, ASecondTokenOfAWalkedNodeIsNotDeferred) {
  // 100A 200B 300C 350A 400D ...: A's second token is passed over, not deferred again.
  const Ring ring(kStrategy1, SixNodes(/*extra_a_token=*/true), Placement(2));
  EXPECT_THAT(ListAt(ring, 100, 6), ElementsAre(kA, kD, kB, kC, kE, kF));
  // From 350 (A's second token): A (0), D (1), then B, C come around after E, F.
  EXPECT_THAT(ListAt(ring, 320, 6), ElementsAre(kA, kD, kE, kF, kB, kC));
}

TEST(DatacenterWalkTest, ExtendedWalkIsTheSameSequenceAndStopsOnRequest) {
  const Ring ring(kStrategy1, SixNodes(), Placement(2));
  const uint32_t range = ring.RangeOfPosition(100);
  EXPECT_THAT(WholeWalk(ring, range), ElementsAre(kA, kD, kB, kC, kE, kF));
  // Stopping inside the deferred leg: A, D, B, then stop.
  std::vector<NodeId> walked;
  ring.WalkRange(range, [&](NodeId node) {
    walked.push_back(node);
    return walked.size() < 3;
  });
  EXPECT_THAT(walked, ElementsAre(kA, kD, kB));
}

TEST(DatacenterWalkTest, ReplicatedRangesFollowTheSameWalk) {
  const Ring ring(kStrategy1, SixNodes(), Placement(2));
  // With N = 2 node D replicates the ranges whose walk has it in the first two: from A (range
  // of token 100: A D), B (B D), C (C D), D itself (D F).
  std::vector<uint32_t> ranges;
  for (const IndexedRange& range : ring.ReplicatedRanges(kD, 2)) ranges.push_back(range.index);
  EXPECT_THAT(ranges, ElementsAre(0u, 1u, 2u, 3u));
  // B: only its own range (B D); never second on another walk.
  ranges.clear();
  for (const IndexedRange& range : ring.ReplicatedRanges(kB, 2)) ranges.push_back(range.index);
  EXPECT_THAT(ranges, ElementsAre(1u));
}

}  // namespace
}  // namespace dynamo
