#include "dynamo/reconcile.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace dynamo {
namespace {

using ::testing::ElementsAre;

constexpr NodeId kX = 1, kY = 2, kZ = 3;

Version Make(Value value, VectorClock clock, TimeUs lww_us = 0, NodeId writer = 0) {
  return Version{std::move(value), std::move(clock), lww_us, writer};
}

std::vector<Value> Values(const Siblings& siblings) {
  std::vector<Value> values;
  for (const Version& version : siblings) values.push_back(version.value);
  return values;
}

TEST(ReconcileTest, FirstVersionIsStored) {
  Siblings current;
  EXPECT_EQ(ReconcileInto(current, Make({1}, VectorClock{{kX, 1, 0}})), PutOutcome::kStored);
  EXPECT_THAT(Values(current), ElementsAre(Value{1}));
}

TEST(ReconcileTest, DominatedPutIsIgnored) {
  Siblings current;
  ReconcileInto(current, Make({2}, VectorClock{{kX, 2, 0}}));
  EXPECT_EQ(ReconcileInto(current, Make({1}, VectorClock{{kX, 1, 0}})), PutOutcome::kIgnored);
  EXPECT_THAT(Values(current), ElementsAre(Value{2}));
}

TEST(ReconcileTest, EqualClockPutIsIgnored) {
  Siblings current;
  ReconcileInto(current, Make({2}, VectorClock{{kX, 2, 0}}));
  EXPECT_EQ(ReconcileInto(current, Make({2}, VectorClock{{kX, 2, 0}})), PutOutcome::kIgnored);
  EXPECT_EQ(ReconcileInto(current, Make({7}, VectorClock{{kX, 2, 0}})), PutOutcome::kIgnored);
  EXPECT_THAT(Values(current), ElementsAre(Value{2}));
}

TEST(ReconcileTest, ConcurrentPutIsKeptAsSibling) {
  Siblings current;
  ReconcileInto(current, Make({3}, VectorClock{{kX, 2, 0}, {kY, 1, 0}}));
  EXPECT_EQ(ReconcileInto(current, Make({4}, VectorClock{{kX, 2, 0}, {kZ, 1, 0}})),
            PutOutcome::kAddedSibling);
  // Canonical order: clock [X2][Y1] < [X2][Z1].
  EXPECT_THAT(Values(current), ElementsAre(Value{3}, Value{4}));
  // Dominated by one of the siblings: ignored even though concurrent with the other.
  EXPECT_EQ(ReconcileInto(current, Make({5}, VectorClock{{kX, 1, 0}, {kY, 1, 0}})),
            PutOutcome::kIgnored);
  EXPECT_EQ(current.size(), 2u);
}

TEST(ReconcileTest, DominatingPutReplaces) {
  Siblings current;
  ReconcileInto(current, Make({1}, VectorClock{{kX, 1, 0}}));
  EXPECT_EQ(ReconcileInto(current, Make({1, 2}, VectorClock{{kX, 2, 0}})), PutOutcome::kReplaced);
  EXPECT_THAT(Values(current), ElementsAre(Value{1, 2}));
}

// The paper's D5: a write with the merged context of D3 and D4 replaces both at once.
TEST(ReconcileTest, DominatingPutReplacesTwoSiblingsAtOnce) {
  Siblings current;
  ReconcileInto(current, Make({3}, VectorClock{{kX, 2, 0}, {kY, 1, 0}}));
  ReconcileInto(current, Make({4}, VectorClock{{kX, 2, 0}, {kZ, 1, 0}}));
  ASSERT_EQ(current.size(), 2u);
  VectorClock context = MergedClock(current);
  EXPECT_THAT(context.entries(),
              ElementsAre(ClockEntry{kX, 2, 0}, ClockEntry{kY, 1, 0}, ClockEntry{kZ, 1, 0}));
  context.Increment(kX, 9);
  EXPECT_EQ(ReconcileInto(current, Make({3, 4, 5}, context)), PutOutcome::kReplaced);
  EXPECT_THAT(Values(current), ElementsAre(Value{3, 4, 5}));
}

// Replacing one sibling while staying concurrent with the other keeps two versions.
TEST(ReconcileTest, PartlyDominatingPutReplacesOnlyWhatItDominates) {
  Siblings current;
  ReconcileInto(current, Make({1}, VectorClock{{kX, 1, 0}}));
  ReconcileInto(current, Make({2}, VectorClock{{kY, 1, 0}}));
  EXPECT_EQ(ReconcileInto(current, Make({1, 3}, VectorClock{{kX, 2, 0}})), PutOutcome::kReplaced);
  EXPECT_THAT(Values(current), ElementsAre(Value{1, 3}, Value{2}));
}

TEST(ReconcileTest, LastWriteWinsKeepsTheNewerTimestamp) {
  Siblings current;
  EXPECT_EQ(ReconcileLastWriteWins(current, Make({1}, {}, 100, kX)), PutOutcome::kStored);
  EXPECT_EQ(ReconcileLastWriteWins(current, Make({2}, {}, 90, kZ)), PutOutcome::kIgnored);
  EXPECT_THAT(Values(current), ElementsAre(Value{1}));
  EXPECT_EQ(ReconcileLastWriteWins(current, Make({3}, {}, 150, kX)), PutOutcome::kReplaced);
  EXPECT_THAT(Values(current), ElementsAre(Value{3}));
}

TEST(ReconcileTest, LastWriteWinsBreaksTiesByWriter) {
  Siblings current;
  ReconcileLastWriteWins(current, Make({1}, {}, 100, kY));
  EXPECT_EQ(ReconcileLastWriteWins(current, Make({2}, {}, 100, kX)), PutOutcome::kIgnored);
  EXPECT_EQ(ReconcileLastWriteWins(current, Make({3}, {}, 100, kZ)), PutOutcome::kReplaced);
  EXPECT_THAT(Values(current), ElementsAre(Value{3}));
  // Same (timestamp, writer): the current version stays.
  EXPECT_EQ(ReconcileLastWriteWins(current, Make({4}, {}, 100, kZ)), PutOutcome::kIgnored);
  EXPECT_EQ(current.size(), 1u);
}

// LWW ignores clocks: a causally newer write with a smaller (skewed) timestamp loses.
TEST(ReconcileTest, LastWriteWinsIgnoresCausality) {
  Siblings current;
  Reconcile(current, Make({1}, VectorClock{{kX, 1, 0}}, 500, kX), ResolutionMode::kLastWriteWins);
  EXPECT_EQ(Reconcile(current, Make({1, 2}, VectorClock{{kX, 2, 0}}, 400, kY),
                      ResolutionMode::kLastWriteWins),
            PutOutcome::kIgnored);
  EXPECT_THAT(Values(current), ElementsAre(Value{1}));
}

// Three replicas answer a get. Replica 1 has the stale [X1]; replica 2 has [X2][Y1]; replica 3
// has [X2][Z1] and also the stale [X1]. Syntactic reconciliation keeps the two concurrent
// maximal versions, whatever the reply order, and the context clock covers both.
TEST(ReconcileTest, SyntacticReconciliationOfThreeReplicas) {
  const Version stale = Make({1}, VectorClock{{kX, 1, 0}});
  const Version via_y = Make({1, 2}, VectorClock{{kX, 2, 0}, {kY, 1, 0}});
  const Version via_z = Make({1, 3}, VectorClock{{kX, 2, 0}, {kZ, 1, 0}});
  const std::vector<Version> replies = {stale, via_y, via_z, stale};
  const Siblings result = SyntacticReconcile(replies, ResolutionMode::kVectorClock);
  EXPECT_THAT(Values(result), ElementsAre(Value{1, 2}, Value{1, 3}));
  const std::vector<Version> reversed = {via_z, stale, stale, via_y};
  EXPECT_EQ(SyntacticReconcile(reversed, ResolutionMode::kVectorClock), result);
  EXPECT_THAT(MergedClock(result).entries(),
              ElementsAre(ClockEntry{kX, 2, 0}, ClockEntry{kY, 1, 0}, ClockEntry{kZ, 1, 0}));
  EXPECT_THAT(UnionOfValues(result), ElementsAre(1, 2, 3));
}

TEST(ReconcileTest, SyntacticReconciliationUnderLastWriteWins) {
  const std::vector<Version> replies = {Make({1}, {}, 10, kX), Make({2}, {}, 30, kY),
                                        Make({3}, {}, 20, kZ)};
  EXPECT_THAT(Values(SyntacticReconcile(replies, ResolutionMode::kLastWriteWins)),
              ElementsAre(Value{2}));
}

TEST(ReconcileTest, ReconcileOfNothingIsEmpty) {
  EXPECT_TRUE(SyntacticReconcile({}, ResolutionMode::kVectorClock).empty());
  EXPECT_TRUE(MergedClock({}).empty());
}

}  // namespace
}  // namespace dynamo

namespace dynamo {
namespace {

// Dotted versions: `node` wrote counter `counter` from a context where its counter was `past`.
Version DottedWrite(uint64_t item, NodeId node, uint64_t counter, uint64_t past,
                    VectorClock context = VectorClock()) {
  Version version;
  version.value = {item};
  version.clock = std::move(context);
  version.clock.Merge(VectorClock({ClockEntry{node, counter, 0}}));
  version.dot_node = node;
  version.dot_counter = counter;
  version.dot_past = past;
  return version;
}

TEST(DottedReconcileTest, TwoWritesOfOneCoordinatorFromOneContextStaySiblings) {
  // Both clients read {1:2}; node 1 coordinates both writes, issuing counters 3 and 4. With the
  // paper's rule {1:4} would replace {1:3} and lose the first cart item.
  Siblings current;
  EXPECT_EQ(ReconcileInto(current, DottedWrite(10, 1, 3, 2)), PutOutcome::kStored);
  EXPECT_EQ(ReconcileInto(current, DottedWrite(11, 1, 4, 2)), PutOutcome::kAddedSibling);
  EXPECT_EQ(current.size(), 2u);
  EXPECT_FALSE(Obsoletes(DottedWrite(11, 1, 4, 2), DottedWrite(10, 1, 3, 2)));
  EXPECT_FALSE(Obsoletes(DottedWrite(10, 1, 3, 2), DottedWrite(11, 1, 4, 2)));
}

TEST(DottedReconcileTest, AWriteFromAContextThatSawBothReplacesBoth) {
  Siblings current;
  ReconcileInto(current, DottedWrite(10, 1, 3, 2));
  ReconcileInto(current, DottedWrite(11, 1, 4, 2));
  // Merged context {1:4}; written by node 2.
  const Version merge = DottedWrite(12, 2, 1, 0, VectorClock({ClockEntry{1, 4, 0}}));
  EXPECT_EQ(ReconcileInto(current, merge), PutOutcome::kReplaced);
  ASSERT_EQ(current.size(), 1u);
  EXPECT_EQ(current.front(), merge);
}

TEST(DottedReconcileTest, SameDotIsTheSameWriteAndOlderContextsAreIgnored) {
  Siblings current;
  ReconcileInto(current, DottedWrite(10, 1, 3, 2));
  EXPECT_EQ(ReconcileInto(current, DottedWrite(10, 1, 3, 2)), PutOutcome::kIgnored);
  // A write whose dot the kept version's past includes is old news.
  Siblings newer;
  ReconcileInto(newer, DottedWrite(12, 1, 5, 4));
  EXPECT_EQ(ReconcileInto(newer, DottedWrite(10, 1, 3, 2)), PutOutcome::kIgnored);
}

}  // namespace
}  // namespace dynamo

namespace dynamo {
namespace {

Version Write(uint64_t item, NodeId node, uint64_t counter, uint64_t past, TimeUs at_us) {
  Version version;
  version.value = {item};
  version.clock = VectorClock({ClockEntry{node, counter, at_us}});
  version.dot_node = node;
  version.dot_counter = counter;
  version.dot_past = past;
  version.lww_timestamp_us = at_us;
  return version;
}

TEST(MergedContextTest, AReaderIsNotCreditedWithAWriteItDidNotSee) {
  // Node 2 wrote 5 and 6 concurrently (both from past 4). A reader that got only 6 has seen
  // 1..4 and 6, not 5.
  const Context context = MergedContext({Write(60, 2, 6, 4, 10)});
  EXPECT_EQ(context.clock.CounterOf(2), 4u);
  EXPECT_EQ(context.dots, (std::vector<Dot>{{2, 6}}));
  EXPECT_FALSE(ContextHas(context, Dot{2, 5}));
  EXPECT_TRUE(ContextHas(context, Dot{2, 6}));
  EXPECT_TRUE(ContextHas(context, Dot{2, 3}));
}

TEST(MergedContextTest, ConsecutiveDotsExtendTheRange) {
  const Context context = MergedContext({Write(50, 2, 5, 4, 10), Write(60, 2, 6, 4, 11)});
  EXPECT_EQ(context.clock.CounterOf(2), 6u);
  EXPECT_TRUE(context.dots.empty());
}

TEST(MergedContextTest, AWriteFromAPartialContextLeavesTheUnseenSiblingAlone) {
  const Version five = Write(50, 2, 5, 4, 10);
  const Version six = Write(60, 2, 6, 4, 11);
  const Context context = MergedContext({six});
  // Node 3 writes from that context: past {2:4} plus dot (2,6).
  Version next;
  next.value = {70};
  next.clock = context.clock;
  next.clock.Merge(VectorClock({ClockEntry{3, 1, 12}}));
  next.dot_node = 3;
  next.dot_counter = 1;
  next.extra_dots = context.dots;
  EXPECT_TRUE(Obsoletes(next, six));
  EXPECT_FALSE(Obsoletes(next, five));  // the paper's merged clock {2:6} would have erased it
  Siblings current;
  ReconcileInto(current, five);
  ReconcileInto(current, six);
  EXPECT_EQ(ReconcileInto(current, next), PutOutcome::kReplaced);
  EXPECT_EQ(current.size(), 2u);  // five and next
}

}  // namespace
}  // namespace dynamo
