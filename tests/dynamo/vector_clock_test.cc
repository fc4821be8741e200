#include "dynamo/vector_clock.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dynamo {
namespace {

using ::testing::ElementsAre;

constexpr NodeId kX = 1, kY = 2, kZ = 3;

TEST(VectorClockTest, EmptyClocksAreEqual) {
  EXPECT_EQ(Compare(VectorClock(), VectorClock()), ClockOrder::kEqual);
  EXPECT_TRUE(Descends(VectorClock(), VectorClock()));
}

TEST(VectorClockTest, EmptyIsBeforeAnyNonEmptyClock) {
  const VectorClock one{{kX, 1, 10}};
  EXPECT_EQ(Compare(VectorClock(), one), ClockOrder::kBefore);
  EXPECT_EQ(Compare(one, VectorClock()), ClockOrder::kAfter);
  EXPECT_TRUE(Descends(one, VectorClock()));
  EXPECT_FALSE(Descends(VectorClock(), one));
}

TEST(VectorClockTest, EqualCountersAreEqualWhateverTheTimestamps) {
  const VectorClock a{{kX, 2, 10}, {kY, 1, 20}};
  const VectorClock b{{kX, 2, 99}, {kY, 1, 5}};
  EXPECT_EQ(Compare(a, b), ClockOrder::kEqual);
  EXPECT_FALSE(a == b);  // structural equality sees the timestamps
  EXPECT_TRUE(Descends(a, b));
  EXPECT_TRUE(Descends(b, a));
}

// The paper's Figure 3: D1 [Sx,1] -> D2 [Sx,2] -> D3 [Sx,2][Sy,1] and D4 [Sx,2][Sz,1] are
// concurrent; D5 [Sx,3][Sy,1][Sz,1] descends from both.
TEST(VectorClockTest, PaperFigure3) {
  const VectorClock d1{{kX, 1, 1}};
  const VectorClock d2{{kX, 2, 2}};
  const VectorClock d3{{kX, 2, 2}, {kY, 1, 3}};
  const VectorClock d4{{kX, 2, 2}, {kZ, 1, 4}};
  const VectorClock d5{{kX, 3, 5}, {kY, 1, 3}, {kZ, 1, 4}};
  EXPECT_EQ(Compare(d1, d2), ClockOrder::kBefore);
  EXPECT_EQ(Compare(d2, d1), ClockOrder::kAfter);
  EXPECT_EQ(Compare(d2, d3), ClockOrder::kBefore);
  EXPECT_EQ(Compare(d3, d4), ClockOrder::kConcurrent);
  EXPECT_EQ(Compare(d4, d3), ClockOrder::kConcurrent);
  EXPECT_EQ(Compare(d5, d3), ClockOrder::kAfter);
  EXPECT_EQ(Compare(d5, d4), ClockOrder::kAfter);
  EXPECT_EQ(Compare(d1, d5), ClockOrder::kBefore);
  EXPECT_FALSE(Descends(d3, d4));
  EXPECT_TRUE(Descends(d5, d1));
}

TEST(VectorClockTest, DisjointNodesAreConcurrent) {
  const VectorClock a{{kX, 1, 1}};
  const VectorClock b{{kY, 1, 1}};
  EXPECT_EQ(Compare(a, b), ClockOrder::kConcurrent);
  EXPECT_EQ(Compare(b, a), ClockOrder::kConcurrent);
}

TEST(VectorClockTest, ConcurrentWhenEachIsAheadOnOneNode) {
  const VectorClock a{{kX, 3, 1}, {kY, 1, 1}};
  const VectorClock b{{kX, 2, 1}, {kY, 2, 1}};
  EXPECT_EQ(Compare(a, b), ClockOrder::kConcurrent);
  // An extra entry on the side that is behind elsewhere is still concurrent.
  const VectorClock c{{kX, 2, 1}, {kZ, 1, 1}};
  EXPECT_EQ(Compare(VectorClock{{kX, 3, 1}}, c), ClockOrder::kConcurrent);
}

TEST(VectorClockTest, ExtraEntryMakesAfter) {
  const VectorClock a{{kX, 1, 1}, {kZ, 1, 1}};
  const VectorClock b{{kX, 1, 1}};
  EXPECT_EQ(Compare(a, b), ClockOrder::kAfter);
  EXPECT_EQ(Compare(b, a), ClockOrder::kBefore);
}

TEST(VectorClockTest, IncrementAddsOrBumpsAnEntryAndStampsIt) {
  VectorClock clock;
  clock.Increment(kY, 100);
  clock.Increment(kX, 200);
  clock.Increment(kY, 50);  // a skewed clock may move the timestamp backwards
  EXPECT_THAT(clock.entries(), ElementsAre(ClockEntry{kX, 1, 200}, ClockEntry{kY, 2, 50}));
  EXPECT_EQ(clock.CounterOf(kY), 2u);
  EXPECT_EQ(clock.CounterOf(kZ), 0u);
}

TEST(VectorClockTest, MergeTakesEntrywiseMaxWithThatEntrysTimestamp) {
  VectorClock a{{kX, 3, 30}, {kY, 1, 100}};
  const VectorClock b{{kX, 2, 90}, {kY, 1, 120}, {kZ, 4, 7}};
  a.Merge(b);
  EXPECT_THAT(a.entries(), ElementsAre(ClockEntry{kX, 3, 30},   // larger counter's timestamp
                                       ClockEntry{kY, 1, 120},  // tie: larger timestamp
                                       ClockEntry{kZ, 4, 7}));  // only in b
  EXPECT_EQ(Compare(a, b), ClockOrder::kAfter);
}

TEST(VectorClockTest, MergeWithEmptyAndSelf) {
  VectorClock a{{kX, 1, 5}};
  a.Merge(VectorClock());
  EXPECT_THAT(a.entries(), ElementsAre(ClockEntry{kX, 1, 5}));
  VectorClock empty;
  empty.Merge(a);
  EXPECT_EQ(empty, a);
  a.Merge(a);
  EXPECT_THAT(a.entries(), ElementsAre(ClockEntry{kX, 1, 5}));
}

TEST(VectorClockTest, MergeDescendsFromBothSides) {
  const VectorClock a{{kX, 3, 1}, {kY, 1, 1}};
  const VectorClock b{{kX, 2, 1}, {kY, 2, 1}};
  VectorClock merged = a;
  merged.Merge(b);
  EXPECT_TRUE(Descends(merged, a));
  EXPECT_TRUE(Descends(merged, b));
  EXPECT_THAT(merged.entries(), ElementsAre(ClockEntry{kX, 3, 1}, ClockEntry{kY, 2, 1}));
}

TEST(VectorClockTest, TruncateDropsExactlyTheOldestEntries) {
  VectorClock clock{{1, 1, 500}, {2, 4, 100}, {3, 2, 300}, {4, 1, 200}, {5, 9, 400}};
  EXPECT_EQ(clock.Truncate(3), 2u);  // drops node 2 (t=100) and node 4 (t=200)
  EXPECT_THAT(clock.entries(),
              ElementsAre(ClockEntry{1, 1, 500}, ClockEntry{3, 2, 300}, ClockEntry{5, 9, 400}));
  EXPECT_EQ(clock.Truncate(3), 0u);  // at the threshold: nothing to drop
  EXPECT_EQ(clock.size(), 3u);
}

TEST(VectorClockTest, TruncateBreaksTimestampTiesByNodeId) {
  VectorClock clock{{1, 1, 100}, {2, 1, 50}, {3, 1, 50}, {4, 1, 50}};
  EXPECT_EQ(clock.Truncate(2), 2u);  // nodes 2 and 3 (t=50, lower ids) go; node 4 stays
  EXPECT_THAT(clock.entries(), ElementsAre(ClockEntry{1, 1, 100}, ClockEntry{4, 1, 50}));
}

// The known consequence of truncation (paper section 4.4): b descends from a, but once b's
// oldest entry (the one a also has) is dropped, b no longer looks like a's descendant, and the
// two are reported as concurrent siblings.
TEST(VectorClockTest, TruncationCanMakeADescendantLookConcurrent) {
  const VectorClock a{{kX, 1, 10}};
  VectorClock b{{kX, 1, 10}, {kY, 1, 20}, {kZ, 1, 30}};
  ASSERT_EQ(Compare(b, a), ClockOrder::kAfter);
  b.Truncate(2);
  EXPECT_THAT(b.entries(), ElementsAre(ClockEntry{kY, 1, 20}, ClockEntry{kZ, 1, 30}));
  EXPECT_EQ(Compare(b, a), ClockOrder::kConcurrent);
}

}  // namespace
}  // namespace dynamo
