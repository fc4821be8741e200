// Strategy 1 (T random tokens per node, ranges bounded by tokens) and the walk shared by all
// strategies. Tokens here are small hand-picked positions so expected owners can be read off.
#include "dynamo/ring.h"

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "dynamo/partition_assignment.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dynamo {
namespace {

using ::testing::ElementsAre;

constexpr NodeId kA = 1, kB = 2, kC = 3, kD = 4, kE = 5, kX = 8;
const RingParams kStrategy1{PartitionStrategy::kRandomTokens, 0};

Ring::NodeList ListAt(const Ring& ring, RingPosition position, size_t count) {
  Ring::NodeList out;
  ring.PreferenceListAt(position, count, &out);
  return out;
}

std::vector<NodeId> Vec(const Ring::NodeList& list) { return {list.begin(), list.end()}; }

// Sorted tokens: 100A 200B 300C 400A 500B 600C.
// Ranges: 0 = (600,100], 1 = (100,200], 2 = (200,300], 3 = (300,400], 4 = (400,500],
// 5 = (500,600].
Ring ThreeNodesTwoTokens() {
  return Ring(kStrategy1,
              std::vector<RingMember>{{kA, {400, 100}}, {kB, {200, 500}}, {kC, {300, 600}}});
}

TEST(RingTest, Strategy1RangesAreBoundedByTokens) {
  const Ring ring = ThreeNodesTwoTokens();
  ASSERT_EQ(ring.RangeCount(), 6u);
  EXPECT_EQ(ring.partitions(), 0u);
  EXPECT_EQ(ring.RangeAt(0), (KeyRange{600, 100}));
  EXPECT_EQ(ring.RangeAt(1), (KeyRange{100, 200}));
  EXPECT_EQ(ring.RangeAt(5), (KeyRange{500, 600}));
  EXPECT_EQ(ring.RangeOfPosition(0), 0u);    // wraps to the first token, 100
  EXPECT_EQ(ring.RangeOfPosition(100), 0u);  // a token owns its own position
  EXPECT_EQ(ring.RangeOfPosition(101), 1u);
  EXPECT_EQ(ring.RangeOfPosition(600), 5u);
  EXPECT_EQ(ring.RangeOfPosition(601), 0u);  // past the last token: wraps
  EXPECT_THAT(ring.nodes(), ElementsAre(kA, kB, kC));
}

TEST(RingTest, Strategy1OwnersAndPreferenceLists) {
  const Ring ring = ThreeNodesTwoTokens();
  // 150: first token at or after is 200 (B); walk 200B 300C 400A.
  EXPECT_THAT(Vec(ListAt(ring, 150, 3)), ElementsAre(kB, kC, kA));
  EXPECT_THAT(Vec(ListAt(ring, 150, 2)), ElementsAre(kB, kC));
  // 100 is A's token itself; walk 100A 200B 300C.
  EXPECT_THAT(Vec(ListAt(ring, 100, 3)), ElementsAre(kA, kB, kC));
  // 550: token 600 (C), then wrap to 100A, 200B.
  EXPECT_THAT(Vec(ListAt(ring, 550, 3)), ElementsAre(kC, kA, kB));
  // Past the last token wraps to 100A.
  EXPECT_THAT(Vec(ListAt(ring, 700, 2)), ElementsAre(kA, kB));
  // More than S nodes asked: all S distinct nodes, no repeats.
  EXPECT_THAT(Vec(ListAt(ring, 150, 5)), ElementsAre(kB, kC, kA));
  EXPECT_TRUE(ListAt(ring, 150, 0).empty());
  EXPECT_EQ(ring.CoordinatorOfRange(4), kB);  // (400,500] -> token 500
}

// Keys go through KeyPosition: 1 -> 0x33cd..., 42 -> 0xe8bd... (see md5_test).
TEST(RingTest, KeysAreHashedOntoTheRing) {
  const RingPosition p1 = 0x33cdeccccebe8032ULL;
  const RingPosition p42 = 0xe8bdc34458096e6dULL;
  // One token per node between the two keys: key 1 -> first token >= p1 = B's; key 42 wraps to
  // A's token (the smallest).
  const Ring ring(kStrategy1,
                  std::vector<RingMember>{{kA, {p1 - 1}}, {kB, {p1 + 1}}, {kC, {p42 - 1}}});
  EXPECT_EQ(ring.Coordinator(1), kB);
  EXPECT_EQ(ring.Coordinator(42), kA);
  EXPECT_EQ(ring.PartitionOf(1), 1u);
  EXPECT_EQ(ring.PartitionOf(42), 0u);
  Ring::NodeList list;
  ring.PreferenceList(42, 3, &list);
  EXPECT_THAT(Vec(list), ElementsAre(kA, kB, kC));
  ring.PreferenceList(1, 2, &list);
  EXPECT_THAT(Vec(list), ElementsAre(kB, kC));
}

// A owns three adjacent tokens; the walk skips its repeats, so lists still hold distinct nodes.
TEST(RingTest, AdjacentTokensOfOneNodeAreSkipped) {
  const Ring ring(kStrategy1,
                  std::vector<RingMember>{{kA, {100, 200, 300}}, {kB, {400}}, {kC, {500}}});
  EXPECT_THAT(Vec(ListAt(ring, 50, 3)), ElementsAre(kA, kB, kC));   // 100A 200A 300A 400B 500C
  EXPECT_THAT(Vec(ListAt(ring, 250, 2)), ElementsAre(kA, kB));      // 300A 400B
  EXPECT_THAT(Vec(ListAt(ring, 450, 3)), ElementsAre(kC, kA, kB));  // 500C 100A .. 400B
  for (RingPosition position = 0; position < 700; position += 25) {
    const Ring::NodeList list = ListAt(ring, position, 3);
    ASSERT_EQ(list.size(), 3u);
    EXPECT_NE(list[0], list[1]);
    EXPECT_NE(list[0], list[2]);
    EXPECT_NE(list[1], list[2]);
  }
}

TEST(RingTest, SingleTokenRingOwnsEverything) {
  const Ring ring(kStrategy1, std::vector<RingMember>{{kC, {1234}}});
  EXPECT_EQ(ring.RangeCount(), 1u);
  EXPECT_TRUE(ring.RangeAt(0).IsWholeRing());
  EXPECT_THAT(Vec(ListAt(ring, 99999, 3)), ElementsAre(kC));
  EXPECT_EQ(ring.Coordinator(42), kC);
}

// Five nodes; A and B have two tokens. From 150 the walk is 200B 300C 400D 500E 600A 700B 100A.
Ring FiveNodes() {
  return Ring(kStrategy1,
              std::vector<RingMember>{
                  {kA, {100, 600}}, {kB, {200, 700}}, {kC, {300}}, {kD, {400}}, {kE, {500}}});
}

TEST(RingTest, ExtendedWalkVisitsEveryDistinctNodeOnce) {
  const Ring ring = FiveNodes();
  std::vector<NodeId> visited;
  ring.WalkRange(ring.RangeOfPosition(150), [&](NodeId node) {
    visited.push_back(node);
    return true;
  });
  EXPECT_THAT(visited, ElementsAre(kB, kC, kD, kE, kA));
}

TEST(RingTest, ExtendedWalkSkipsUnreachableNodesForSloppyQuorum) {
  const Ring ring = FiveNodes();
  // C and D are unreachable: the first three healthy nodes are B, E, A (paper section 4.6).
  const auto reachable = [](NodeId node) { return node != kC && node != kD; };
  std::vector<NodeId> visited;
  std::vector<NodeId> healthy;
  ring.WalkRange(ring.RangeOfPosition(150), [&](NodeId node) {
    visited.push_back(node);
    if (reachable(node)) healthy.push_back(node);
    return healthy.size() < 3;
  });
  EXPECT_THAT(healthy, ElementsAre(kB, kE, kA));
  EXPECT_THAT(visited, ElementsAre(kB, kC, kD, kE, kA));
}

TEST(RingTest, ExtendedWalkStopsWhenVisitReturnsFalse) {
  const Ring ring = FiveNodes();
  std::vector<NodeId> visited;
  ring.WalkRange(ring.RangeOfPosition(650), [&](NodeId node) {  // 700B 100A 300C ...
    visited.push_back(node);
    return visited.size() < 2;
  });
  EXPECT_THAT(visited, ElementsAre(kB, kA));
}

TEST(RingTest, WalkPreferenceListOfAKeyStartsAtItsCoordinator) {
  const Ring ring = FiveNodes();
  for (Key key = 0; key < 50; ++key) {
    Ring::NodeList top;
    ring.PreferenceList(key, 5, &top);
    std::vector<NodeId> walked;
    ring.WalkPreferenceList(key, [&](NodeId node) {
      walked.push_back(node);
      return true;
    });
    EXPECT_EQ(walked, Vec(top));
    EXPECT_EQ(walked.front(), ring.Coordinator(key));
  }
}

// n = 2: range r's replicas are the first two distinct nodes walking from token r:
// r0 (100A): A B; r1 (200B): B C; r2 (300C): C A; r3 (400A): A B; r4 (500B): B C; r5 (600C): C A.
TEST(RingTest, ReplicatedRangesOfANode) {
  const Ring ring = ThreeNodesTwoTokens();
  EXPECT_THAT(ring.ReplicatedRanges(kA, 2),
              ElementsAre(IndexedRange{0, {600, 100}}, IndexedRange{2, {200, 300}},
                          IndexedRange{3, {300, 400}}, IndexedRange{5, {500, 600}}));
  EXPECT_THAT(ring.ReplicatedRanges(kB, 1),
              ElementsAre(IndexedRange{1, {100, 200}}, IndexedRange{4, {400, 500}}));
  EXPECT_EQ(ring.ReplicatedRanges(kA, 3).size(), 6u);
  EXPECT_TRUE(ring.ReplicatedRanges(kX, 3).empty());  // not a member
}

// Paper section 4.9, Figure 2: nodes A..G at 10..70, N = 3. X joins at 15, between A and B.
// X takes (F,G], (G,A] and (A,X]; B, C and D stop replicating those ranges respectively; all
// other keys keep their preference lists. Leaving restores the old lists.
TEST(RingTest, Strategy1JoinMovesOnlyTheRangesBeforeTheNewToken) {
  std::vector<RingMember> members;
  for (NodeId node = 1; node <= 7; ++node) members.push_back({node, {10 * RingPosition{node}}});
  const Ring before(kStrategy1, members);
  members.push_back({kX, {15}});
  const Ring after(kStrategy1, members);
  // Nodes 1..7 are A..G.
  EXPECT_THAT(Vec(ListAt(before, 65, 3)), ElementsAre(7, 1, 2));  // (F,G]: G A B
  EXPECT_THAT(Vec(ListAt(after, 65, 3)), ElementsAre(7, 1, kX));  //        G A X
  EXPECT_THAT(Vec(ListAt(before, 75, 3)), ElementsAre(1, 2, 3));  // (G,A]: A B C
  EXPECT_THAT(Vec(ListAt(after, 75, 3)), ElementsAre(1, kX, 2));  //        A X B
  EXPECT_THAT(Vec(ListAt(before, 12, 3)), ElementsAre(2, 3, 4));  // (A,X]: B C D
  EXPECT_THAT(Vec(ListAt(after, 12, 3)), ElementsAre(kX, 2, 3));  //        X B C
  const KeyRange moved[] = {{60, 70}, {70, 10}, {10, 15}};
  for (RingPosition position = 0; position <= 90; ++position) {
    bool in_moved = false;
    for (const KeyRange& range : moved) in_moved |= range.Contains(position);
    EXPECT_EQ(Vec(ListAt(before, position, 3)) == Vec(ListAt(after, position, 3)), !in_moved)
        << "position " << position;
  }
  EXPECT_THAT(
      after.ReplicatedRanges(kX, 3),
      ElementsAre(IndexedRange{0, {70, 10}}, IndexedRange{1, {10, 15}}, IndexedRange{7, {60, 70}}));
  members.pop_back();  // X leaves
  const Ring left(kStrategy1, members);
  for (RingPosition position = 0; position <= 90; ++position) {
    EXPECT_EQ(Vec(ListAt(left, position, 3)), Vec(ListAt(before, position, 3)));
  }
}

TEST(RingTest, IsValidRejectsBadMemberships) {
  using Members = std::vector<RingMember>;
  EXPECT_TRUE(Ring::IsValid(kStrategy1, Members{{kA, {1}}, {kB, {2}}}));
  EXPECT_FALSE(Ring::IsValid(kStrategy1, Members{}));
  EXPECT_FALSE(Ring::IsValid(kStrategy1, Members{{kB, {1}}, {kA, {2}}}));  // unsorted
  EXPECT_FALSE(Ring::IsValid(kStrategy1, Members{{kA, {1}}, {kA, {2}}}));  // duplicate node
  EXPECT_FALSE(Ring::IsValid(kStrategy1, Members{{kA, {1}}, {kB, {}}}));   // no tokens
  EXPECT_FALSE(Ring::IsValid(kStrategy1, Members{{kA, {1}}, {kB, {1}}}));  // shared token
  EXPECT_FALSE(Ring::IsValid(kStrategy1, Members{{kA, {5, 5}}}));          // repeated token
  EXPECT_FALSE(Ring::IsValid(RingParams{PartitionStrategy::kRandomTokensEqualPartitions, 0},
                             Members{{kA, {1}}}));
}

TEST(RingTest, RandomTokensAreSortedDistinctDraws) {
  const uint64_t draws[] = {500, 30, 500, 7, 99};
  size_t next = 0;
  const std::vector<RingPosition> tokens = RandomTokens(4, [&] { return draws[next++]; });
  EXPECT_THAT(tokens, ElementsAre(7, 30, 99, 500));
  EXPECT_EQ(next, 5u);  // the repeated 500 cost one extra draw
}

// The walk as ring.h defines it, written out independently of the ring's cache of walk heads:
// from the first token at or after the range's end, every node the first time one of its tokens
// is passed.
std::vector<NodeId> ReferenceWalk(const Ring& ring, uint32_t range) {
  const RingPosition end = ring.RangeAt(range).end;
  const absl::Span<const Ring::Token> tokens = ring.tokens();
  size_t first = 0;
  while (first < tokens.size() && tokens[first].position < end) ++first;
  std::vector<NodeId> walk;
  for (size_t step = 0; step < tokens.size(); ++step) {
    const NodeId node = tokens[(first + step) % tokens.size()].node;
    if (std::find(walk.begin(), walk.end(), node) == walk.end()) walk.push_back(node);
  }
  return walk;
}

// Preference lists of every length and walks stopped at every step equal the reference walk's
// prefixes, for all three strategies, rings smaller and larger than the cached head (4 nodes),
// several tokens per node (so a walk passes tokens of nodes already seen).
TEST(RingTest, PreferenceListsAndWalksAreThePrefixesOfTheRingWalk) {
  uint64_t state = 12345;
  auto random = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state;
  };
  for (const PartitionStrategy strategy :
       {PartitionStrategy::kRandomTokens, PartitionStrategy::kRandomTokensEqualPartitions,
        PartitionStrategy::kEqualPartitions}) {
    for (size_t members = 1; members <= 9; ++members) {
      const RingParams params{strategy, 32};
      std::vector<NodeId> ids;
      for (size_t i = 0; i < members; ++i) ids.push_back(static_cast<NodeId>(10 + 3 * i));
      std::vector<RingMember> ring_members;
      if (strategy == PartitionStrategy::kEqualPartitions) {
        ring_members = MembersFromPartitionOwners(InitialPartitionOwners(32, ids));
      } else {
        const std::vector<RingPosition> tokens = RandomTokens(3 * members, random);
        for (size_t i = 0; i < members; ++i) {
          // Interleaved: node i holds tokens i, i + members, i + 2 * members of the sorted draws.
          ring_members.push_back(RingMember{
              ids[i], {tokens[i], tokens[i + members], tokens[i + 2 * members]}});
        }
      }
      const Ring ring(params, ring_members);
      for (uint32_t range = 0; range < ring.RangeCount(); ++range) {
        const std::vector<NodeId> reference = ReferenceWalk(ring, range);
        ASSERT_EQ(reference.size(), members);
        for (size_t count = 0; count <= members + 1; ++count) {
          Ring::NodeList list;
          ring.PreferenceListOfRange(range, count, &list);
          const size_t expected = std::min(count, members);
          EXPECT_THAT(Vec(list), ::testing::ElementsAreArray(reference.begin(),
                                                              reference.begin() + expected))
              << "strategy " << static_cast<int>(strategy) << ", " << members << " members, range "
              << range << ", count " << count;
          std::vector<NodeId> walked;
          ring.WalkRange(range, [&](NodeId node) {
            walked.push_back(node);
            return walked.size() < std::max<size_t>(count, 1);
          });
          const size_t walk_length = std::max<size_t>(expected, 1);
          EXPECT_THAT(walked, ::testing::ElementsAreArray(reference.begin(),
                                                          reference.begin() + walk_length))
              << "walk of range " << range << " stopped after " << count;
        }
        const RingPosition position = ring.RangeAt(range).end;  // a position of this range
        Ring::NodeList at;
        ring.PreferenceListAt(position, members, &at);
        EXPECT_EQ(Vec(at), reference);
      }
    }
  }
}

// Rings of one thread share equal walk-head tables (ring.h). Rings of a few memberships, some
// equal, some differing by one swapped token (their heads differ in a few ranges only), some with
// other members, built and dropped in a scrambled order, copied and moved: each one's lists are
// always its own walk's, whichever rings lived before or beside it.
TEST(RingTest, RingsSharingWalkHeadsKeepTheirOwnPreferenceLists) {
  uint64_t state = 99;
  auto random = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return state;
  };
  const RingParams params{PartitionStrategy::kRandomTokensEqualPartitions, 64};
  std::vector<std::vector<RingMember>> memberships;
  for (size_t members : {5u, 5u, 6u}) {
    const std::vector<RingPosition> tokens = RandomTokens(4 * members, random);
    std::vector<RingMember> base;
    for (size_t i = 0; i < members; ++i) {
      base.push_back(RingMember{static_cast<NodeId>(20 + i),
                                {tokens[i], tokens[i + members], tokens[i + 2 * members],
                                 tokens[i + 3 * members]}});
    }
    memberships.push_back(base);
    std::vector<RingMember> swapped = base;  // nodes 0 and 1 trade their first tokens
    std::swap(swapped[0].tokens[0], swapped[1].tokens[0]);
    memberships.push_back(swapped);
    std::vector<RingMember> renamed = base;  // the same tokens, one node another id
    renamed.back().node = 90;
    memberships.push_back(renamed);
  }
  auto expect_own_walks = [](const Ring& ring, size_t which) {
    for (uint32_t range = 0; range < ring.RangeCount(); ++range) {
      const std::vector<NodeId> reference = ReferenceWalk(ring, range);
      Ring::NodeList list;
      ring.PreferenceListOfRange(range, 3, &list);
      ASSERT_THAT(Vec(list), ::testing::ElementsAreArray(reference.begin(), reference.begin() + 3))
          << "membership " << which << ", range " << range;
    }
  };
  std::vector<std::pair<size_t, Ring>> live;
  for (int step = 0; step < 200; ++step) {
    if (!live.empty() && random() % 3 == 0) {
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(random() % live.size()));
    } else if (!live.empty() && random() % 4 == 0) {
      const auto& [which, ring] = live[random() % live.size()];
      Ring copy = ring;
      live.emplace_back(which, std::move(copy));
    } else {
      const size_t which = random() % memberships.size();
      live.emplace_back(which, Ring(params, memberships[which]));
    }
    for (const auto& [which, ring] : live) expect_own_walks(ring, which);
  }
}

// Past kMaxCachedRanges (65,536) ranges a ring keeps no walk heads and walks every time: the
// same lists, and building it must not trip over the empty cache.
TEST(RingTest, ARingWithTooManyRangesToCacheWalksAndAgreesWithTheReference) {
  constexpr uint32_t kPartitions = 65536 * 2;
  const std::vector<NodeId> ids{3, 5, 7, 9, 11};
  const Ring ring(RingParams{PartitionStrategy::kEqualPartitions, kPartitions},
                  MembersFromPartitionOwners(InitialPartitionOwners(kPartitions, ids)));
  ASSERT_EQ(ring.RangeCount(), kPartitions);
  for (const uint32_t range : {0u, 1u, 65535u, 65536u, 100000u, kPartitions - 1}) {
    const std::vector<NodeId> reference = ReferenceWalk(ring, range);
    for (size_t count = 1; count <= ids.size(); ++count) {
      Ring::NodeList list;
      ring.PreferenceListOfRange(range, count, &list);
      EXPECT_THAT(Vec(list), ::testing::ElementsAreArray(reference.begin(),
                                                          reference.begin() + count))
          << "range " << range << ", count " << count;
    }
    std::vector<NodeId> walked;
    ring.WalkRange(range, [&](NodeId node) {
      walked.push_back(node);
      return true;
    });
    EXPECT_EQ(walked, reference);
  }
}

}  // namespace
}  // namespace dynamo
