// t-visibility (sim/analysis/t_visibility.h) on hand-built histories, against values worked out
// by hand.
#include "sim/analysis/t_visibility.h"

#include "gtest/gtest.h"
#include "tests/sim/history_builder.h"

namespace sim {
namespace {

using testing::HistoryBuilder;
using testing::MakeVersion;

TEST(TVisibilityTest, EdgesAreOneTwoFivePerDecade) {
  const std::vector<TimeUs>& edges = TVisibilityEdgesUs();
  ASSERT_GE(edges.size(), 5u);
  EXPECT_EQ(edges[0], 0);
  EXPECT_EQ(edges[1], 1 * kMillisecond);
  EXPECT_EQ(edges[2], 2 * kMillisecond);
  EXPECT_EQ(edges[3], 5 * kMillisecond);
  EXPECT_EQ(edges[4], 10 * kMillisecond);
  EXPECT_EQ(edges.back(), 100 * kSecond);
}

// Carts on key 1. P1 (item 101) is acknowledged at 10 ms, P2 (item 102) at 50 ms.
//   get at  5 ms: nothing acknowledged yet             -> left out
//   get at 11 ms: t = 1 ms,  returns {}      (misses P1) -> [1, 2)
//   get at 13 ms: t = 3 ms,  returns {101}   (sees P1)   -> [2, 5)
//   get at 14 ms: t = 4 ms,  returns {}      (misses P1) -> [2, 5)
//   get at 40 ms: t = 30 ms, returns {101}   (sees P1)   -> [20, 50)
//   get at 52 ms: t = 2 ms,  returns {101}   (misses P2) -> [2, 5)
//   get at 60 ms: t = 10 ms, returns {101, 102} (sees P2) -> [10, 20)
// So 6 gets, 3 saw; [1,2): 0/1; [2,5): 1/3; [10,20): 1/1; [20,50): 1/1.
TEST(TVisibilityTest, CartsMatchTheHandWorkedCurve) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 10);
  b.Get(1, 5, 6, {});
  b.Get(1, 11, 12, {});
  b.Get(1, 13, 14, {MakeVersion({101})});
  b.Get(1, 14, 15, {});
  b.Get(1, 40, 41, {MakeVersion({101})});
  b.Put(1, 102, 45, 50);
  b.Get(1, 52, 53, {MakeVersion({101})});
  b.Get(1, 60, 61, {MakeVersion({101, 102})});
  b.Get(2, 70, 71, {});  // another key, never written: left out
  const TVisibility curve = ComputeTVisibility(b.history(), ValueModel{true, false});
  EXPECT_EQ(curve.gets, 6u);
  EXPECT_EQ(curve.saw, 3u);
  ASSERT_EQ(curve.buckets.size(), 4u);
  EXPECT_EQ(curve.buckets[0].lower_us, 1 * kMillisecond);
  EXPECT_EQ(curve.buckets[0].upper_us, 2 * kMillisecond);
  EXPECT_EQ(curve.buckets[0].gets, 1u);
  EXPECT_DOUBLE_EQ(curve.buckets[0].probability, 0.0);
  EXPECT_EQ(curve.buckets[1].lower_us, 2 * kMillisecond);
  EXPECT_EQ(curve.buckets[1].gets, 3u);
  EXPECT_EQ(curve.buckets[1].saw, 1u);
  EXPECT_DOUBLE_EQ(curve.buckets[1].probability, 1.0 / 3.0);
  EXPECT_EQ(curve.buckets[2].lower_us, 10 * kMillisecond);
  EXPECT_DOUBLE_EQ(curve.buckets[2].probability, 1.0);
  EXPECT_EQ(curve.buckets[3].lower_us, 20 * kMillisecond);
  EXPECT_EQ(curve.buckets[3].upper_us, 50 * kMillisecond);
  EXPECT_DOUBLE_EQ(curve.buckets[3].probability, 1.0);
}

// Registers: "saw that put or something newer" includes a concurrent write.
//   P1 (item 1) over [0, 10] ms and P2 (item 2) over [5, 20] ms overlap.
//   get at 30 ms: latest acknowledged is P2 (t = 10 ms); it returns P1's value, which is not
//     before P2 (P1 completed after P2 began): counts as seen.
//   get at 31 ms: returns nothing: t = 11 ms, not seen.
//   P3 (item 3) over [40, 45] ms; get at 46 ms returns P1's value: P1 is before P3: not seen.
//   An open-bucket get: t = 200 s.
TEST(TVisibilityTest, RegistersCountConcurrentOverwritesAsSeen) {
  HistoryBuilder b;
  b.Put(1, 1, 0, 10);
  b.Put(1, 2, 5, 20);
  b.Get(1, 30, 31, {MakeVersion({1})});
  b.Get(1, 31, 32, {});
  b.Put(1, 3, 40, 45);
  b.Get(1, 46, 47, {MakeVersion({1})});
  b.Get(1, 200045, 200046, {MakeVersion({3})});
  const TVisibility curve = ComputeTVisibility(b.history(), ValueModel{false, false});
  EXPECT_EQ(curve.gets, 4u);
  EXPECT_EQ(curve.saw, 2u);
  ASSERT_EQ(curve.buckets.size(), 3u);
  EXPECT_EQ(curve.buckets[0].lower_us, 1 * kMillisecond);  // t = 1 ms (the 46 ms get)
  EXPECT_EQ(curve.buckets[0].saw, 0u);
  // t = 10 and 11 ms share [10, 20): 1 of 2.
  EXPECT_EQ(curve.buckets[1].lower_us, 10 * kMillisecond);
  EXPECT_EQ(curve.buckets[1].gets, 2u);
  EXPECT_DOUBLE_EQ(curve.buckets[1].probability, 0.5);
  // t = 200 s: the open last bucket.
  EXPECT_EQ(curve.buckets[2].lower_us, 100 * kSecond);
  EXPECT_FALSE(curve.buckets[2].upper_us.has_value());
  EXPECT_DOUBLE_EQ(curve.buckets[2].probability, 1.0);
}

// The exact t = 0 point and the cumulative form. Carts on key 1; P1 (item 101) over [0, 10] ms,
// P2 (item 102) over [12, 20] ms.
//   get at 10 ms: t = 0 (P1 acknowledged that instant), returns {101}      (sees P1)  -> t = 0
//   get at 10 ms: t = 0,                                returns {}         (misses)   -> t = 0
//   get at 11 ms: t = 1 ms after P1,                    returns {}         (misses)   -> [1, 2)
//   get at 20 ms: t = 0 after P2 (not 10 ms after P1),  returns {101}      (misses P2) -> t = 0
//   get at 21 ms: t = 1 ms after P2,                    returns {101, 102} (sees P2)  -> [1, 2)
//   get at 25 ms: t = 5 ms after P2,                    returns {101}      (misses)   -> [5, 10)
// Per bucket: t = 0 1/3, [1, 2) 1/2, [5, 10) 0/1. Cumulative: 1/3, 2/5, 2/6.
TEST(TVisibilityTest, ExactZeroPointAndCumulativeForm) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 10);
  b.Get(1, 10, 11, {MakeVersion({101})});
  b.Get(1, 10, 12, {});
  b.Get(1, 11, 12, {});
  b.Put(1, 102, 12, 20);
  b.Get(1, 20, 21, {MakeVersion({101})});
  b.Get(1, 21, 22, {MakeVersion({101, 102})});
  b.Get(1, 25, 26, {MakeVersion({101})});
  const TVisibility curve = ComputeTVisibility(b.history(), ValueModel{true, false});
  EXPECT_EQ(curve.gets, 6u);
  EXPECT_EQ(curve.saw, 2u);
  ASSERT_EQ(curve.buckets.size(), 3u);

  const TVisibilityBucket& zero = curve.buckets[0];
  EXPECT_TRUE(zero.is_point());
  EXPECT_EQ(zero.lower_us, 0);
  EXPECT_EQ(zero.upper_us, 0);
  EXPECT_EQ(zero.gets, 3u);
  EXPECT_EQ(zero.saw, 1u);
  EXPECT_DOUBLE_EQ(zero.probability, 1.0 / 3.0);
  EXPECT_EQ(zero.cumulative_gets, 3u);
  EXPECT_EQ(zero.cumulative_saw, 1u);
  EXPECT_DOUBLE_EQ(zero.cumulative_probability, 1.0 / 3.0);

  const TVisibilityBucket& one_ms = curve.buckets[1];
  EXPECT_FALSE(one_ms.is_point());
  EXPECT_EQ(one_ms.lower_us, 1 * kMillisecond);
  EXPECT_EQ(one_ms.upper_us, 2 * kMillisecond);
  EXPECT_EQ(one_ms.gets, 2u);
  EXPECT_EQ(one_ms.saw, 1u);
  EXPECT_DOUBLE_EQ(one_ms.probability, 0.5);
  EXPECT_EQ(one_ms.cumulative_gets, 5u);
  EXPECT_EQ(one_ms.cumulative_saw, 2u);
  EXPECT_DOUBLE_EQ(one_ms.cumulative_probability, 0.4);

  const TVisibilityBucket& five_ms = curve.buckets[2];
  EXPECT_EQ(five_ms.lower_us, 5 * kMillisecond);
  EXPECT_EQ(five_ms.upper_us, 10 * kMillisecond);
  EXPECT_EQ(five_ms.gets, 1u);
  EXPECT_EQ(five_ms.saw, 0u);
  EXPECT_DOUBLE_EQ(five_ms.probability, 0.0);
  EXPECT_EQ(five_ms.cumulative_gets, 6u);
  EXPECT_EQ(five_ms.cumulative_saw, 2u);
  EXPECT_DOUBLE_EQ(five_ms.cumulative_probability, 2.0 / 6.0);
}

// A get that begins a microsecond before an acknowledgement is not at t = 0: it is measured from
// the put before (here none, so it is left out).
TEST(TVisibilityTest, AGetJustBeforeTheAcknowledgementIsNotAtZero) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 10);
  Op& get = testing::AppendOp(b.mutable_history(), OpType::kGet, 1, 10 * kMillisecond - 1);
  get.complete_us = 11 * kMillisecond;
  get.status = OpStatus::kOk;
  const TVisibility curve = ComputeTVisibility(b.history(), ValueModel{true, false});
  EXPECT_EQ(curve.gets, 0u);
  EXPECT_TRUE(curve.buckets.empty());
}

}  // namespace
}  // namespace sim

namespace sim {
namespace {

// The hand-worked cart history above, at chosen t. The t values of its 6 gets: 1 (missed),
// 3 (saw), 4 (missed), 30 (saw), 2 (missed), 10 (saw) ms; plus a get at t = 0 exactly (it began
// at P2's acknowledgement, 50 ms) that missed P2.
//   t = 0:    t' <= 0: 1 get, 0 saw;          t' >= 0: all 7, 3 saw
//   t = 3 ms: t' <= 3: 0,1,2,3 -> 4 gets, 1 saw; t' >= 3: 3,4,10,30 -> 4 gets, 3 saw
//   t = 5 ms: t' <= 5: 5 gets, 1 saw;          t' >= 5: 10, 30 -> 2 gets, 2 saw
//   t = 1 s:  t' <= 1 s: all 7, 3 saw;           t' >= 1 s: none (no probability)
TEST(TVisibilityAtTest, CartsAtChosenTBracketTheCurve) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 10);
  b.Get(1, 11, 12, {});
  b.Get(1, 13, 14, {MakeVersion({101})});
  b.Get(1, 14, 15, {});
  b.Get(1, 40, 41, {MakeVersion({101})});
  b.Put(1, 102, 45, 50);
  b.Get(1, 50, 51, {MakeVersion({101})});
  b.Get(1, 52, 53, {MakeVersion({101})});
  b.Get(1, 60, 61, {MakeVersion({101, 102})});
  const TVisibility curve = ComputeTVisibility(
      b.history(), ValueModel{true, false},
      {0, 3 * kMillisecond, 5 * kMillisecond, kSecond});
  ASSERT_EQ(curve.at.size(), 4u);
  const TVisibilityAt& zero = curve.at[0];
  EXPECT_EQ(zero.t_us, 0);
  EXPECT_EQ(zero.gets_at_or_before, 1u);
  EXPECT_EQ(zero.saw_at_or_before, 0u);
  EXPECT_EQ(zero.probability_at_or_before, 0.0);
  EXPECT_EQ(zero.gets_at_or_after, 7u);
  EXPECT_EQ(zero.saw_at_or_after, 3u);
  EXPECT_DOUBLE_EQ(*zero.probability_at_or_after, 3.0 / 7.0);
  // The exact t = 0 point of the buckets agrees.
  ASSERT_FALSE(curve.buckets.empty());
  ASSERT_TRUE(curve.buckets[0].is_point());
  EXPECT_EQ(curve.buckets[0].gets, 1u);
  const TVisibilityAt& three = curve.at[1];
  EXPECT_EQ(three.gets_at_or_before, 4u);
  EXPECT_EQ(three.saw_at_or_before, 1u);
  EXPECT_EQ(three.gets_at_or_after, 4u);
  EXPECT_EQ(three.saw_at_or_after, 3u);
  const TVisibilityAt& five = curve.at[2];
  EXPECT_EQ(five.gets_at_or_before, 5u);
  EXPECT_EQ(five.saw_at_or_before, 1u);
  EXPECT_EQ(five.gets_at_or_after, 2u);
  EXPECT_DOUBLE_EQ(*five.probability_at_or_after, 1.0);
  const TVisibilityAt& second = curve.at[3];
  EXPECT_EQ(second.gets_at_or_before, 7u);
  EXPECT_EQ(second.saw_at_or_before, 3u);
  EXPECT_EQ(second.gets_at_or_after, 0u);
  EXPECT_FALSE(second.probability_at_or_after.has_value());
}

TEST(TVisibilityAtTest, NoChosenTGivesNoPoints) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 10);
  b.Get(1, 10, 12, {MakeVersion({101})});
  EXPECT_TRUE(ComputeTVisibility(b.history(), ValueModel{true, false}).at.empty());
}

}  // namespace
}  // namespace sim
