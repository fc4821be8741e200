// The analyses build their per-key records one interval of keys at a time (history_by_key.h,
// KeyIntervals) so that their memory stays bounded however long the run. What they find must not
// depend on where the intervals fall: every figure of staleness, t-visibility and lost writes
// is the same with intervals of one op, a few ops, and the default, on runs that have stale
// reads, lost writes (last-write-wins under clock skew) and resurrected cart items.
#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sim/analysis/history_by_key.h"
#include "sim/analysis/lost_writes.h"
#include "sim/analysis/staleness.h"
#include "sim/analysis/t_visibility.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

void ExpectSame(const StalenessReport& a, const StalenessReport& b) {
  EXPECT_EQ(a.gets_checked, b.gets_checked);
  EXPECT_EQ(a.stale_reads, b.stale_reads);
  EXPECT_EQ(a.k_histogram, b.k_histogram);
  ASSERT_EQ(a.stale.size(), b.stale.size());
  for (size_t i = 0; i < a.stale.size(); ++i) {
    EXPECT_EQ(a.stale[i].get_op, b.stale[i].get_op);
    EXPECT_EQ(a.stale[i].missed_puts, b.stale[i].missed_puts);
  }
}

void ExpectSame(const TVisibility& a, const TVisibility& b) {
  EXPECT_EQ(a.gets, b.gets);
  EXPECT_EQ(a.saw, b.saw);
  ASSERT_EQ(a.buckets.size(), b.buckets.size());
  for (size_t i = 0; i < a.buckets.size(); ++i) {
    EXPECT_EQ(a.buckets[i].lower_us, b.buckets[i].lower_us);
    EXPECT_EQ(a.buckets[i].gets, b.buckets[i].gets);
    EXPECT_EQ(a.buckets[i].saw, b.buckets[i].saw);
  }
  ASSERT_EQ(a.at.size(), b.at.size());
  for (size_t i = 0; i < a.at.size(); ++i) {
    EXPECT_EQ(a.at[i].gets_at_or_before, b.at[i].gets_at_or_before);
    EXPECT_EQ(a.at[i].saw_at_or_before, b.at[i].saw_at_or_before);
    EXPECT_EQ(a.at[i].gets_at, b.at[i].gets_at);
    EXPECT_EQ(a.at[i].saw_at, b.at[i].saw_at);
  }
}

void ExpectSame(const LostWritesReport& a, const LostWritesReport& b) {
  EXPECT_EQ(a.acknowledged_puts, b.acknowledged_puts);
  EXPECT_EQ(a.lost_writes, b.lost_writes);
  EXPECT_EQ(a.acknowledged_removes, b.acknowledged_removes);
  EXPECT_EQ(a.removed_absent, b.removed_absent);
  EXPECT_EQ(a.resurrected_items, b.resurrected_items);
  ASSERT_EQ(a.by_key.size(), b.by_key.size());
  for (size_t i = 0; i < a.by_key.size(); ++i) {
    EXPECT_EQ(a.by_key[i].key, b.by_key[i].key);
    EXPECT_EQ(a.by_key[i].lost, b.by_key[i].lost);
  }
  ASSERT_EQ(a.lost.size(), b.lost.size());
  for (size_t i = 0; i < a.lost.size(); ++i) {
    EXPECT_EQ(a.lost[i].put_op, b.lost[i].put_op);
    EXPECT_EQ(a.lost[i].survivor_op, b.lost[i].survivor_op);
  }
  ASSERT_EQ(a.resurrected.size(), b.resurrected.size());
  for (size_t i = 0; i < a.resurrected.size(); ++i) {
    EXPECT_EQ(a.resurrected[i].item, b.resurrected[i].item);
    EXPECT_EQ(a.resurrected[i].remove_op, b.resurrected[i].remove_op);
  }
}

// Runs a shipped scenario and compares each analysis at several interval sizes with one interval
// holding every op. Returns the one-interval reports' figures for the caller's own checks.
struct Figures {
  uint64_t stale_reads = 0;
  uint64_t lost_writes = 0;
  uint64_t resurrected_items = 0;
  uint64_t intervals_of_seven = 0;
};

Figures CompareIntervals(const std::string& scenario,
                         const std::vector<std::string>& overrides = {}) {
  const RunResult result = RunShippedScenario(scenario, overrides);
  const ValueModel model{result.carts, result.last_write_wins};
  const std::vector<TimeUs> at_us = {0, 10'000, 100'000};
  const uint64_t all = result.history.ops().size();
  EXPECT_EQ(KeyIntervals(result.history, all).size(), 1u);
  const StalenessReport staleness = ComputeStaleness(result.history, model, all);
  const TVisibility visibility = ComputeTVisibility(result.history, model, at_us, all);
  const LostWritesReport lost = ComputeLostWrites(result, all);
  for (uint64_t ops : {uint64_t{1}, uint64_t{7}, uint64_t{1000}, kOpsPerKeyInterval}) {
    SCOPED_TRACE(ops);
    ExpectSame(ComputeStaleness(result.history, model, ops), staleness);
    ExpectSame(ComputeTVisibility(result.history, model, at_us, ops), visibility);
    ExpectSame(ComputeLostWrites(result, ops), lost);
  }
  return Figures{staleness.stale_reads, lost.lost_writes, lost.resurrected_items,
                 KeyIntervals(result.history, 7).size()};
}

TEST(AnalysisIntervalsTest, RegistersUnderClockSkewLoseTheSameWritesInAnyIntervals) {
  const Figures figures = CompareIntervals("lww-clock-skew");
  EXPECT_GT(figures.lost_writes, 0u);  // the scenario's point: the comparison has losses to find
  EXPECT_GT(figures.intervals_of_seven, 1u);
}

TEST(AnalysisIntervalsTest, CartsResurrectTheSameItemsInAnyIntervals) {
  const Figures figures = CompareIntervals("cart-resurrection");
  EXPECT_GT(figures.resurrected_items, 0u);
  EXPECT_GT(figures.intervals_of_seven, 1u);
}

TEST(AnalysisIntervalsTest, WeakQuorumsReadTheSameStaleGetsInAnyIntervals) {
  // Shortened: an interval of one op makes a pass over the history per key.
  const Figures figures = CompareIntervals("weak-quorum-r1-w1", {"duration=3s"});
  EXPECT_GT(figures.stale_reads, 0u);
}

// Intervals cover every key once, in order: contiguous, each but an oversized key's within the
// bound, the first from the smallest key and the last to the largest possible.
TEST(KeyIntervalsTest, IntervalsAreContiguousAndHoldAtMostTheBound) {
  History history;
  // Keys 3 (2 ops), 5 (3 ops), 9 (6 ops), 12 (1 op), 40 (2 ops).
  for (const auto& [key, ops] : std::vector<std::pair<dynamo::Key, int>>{
           {9, 6}, {3, 2}, {40, 2}, {5, 3}, {12, 1}}) {
    for (int i = 0; i < ops; ++i) history.Invoke(0, OpType::kGet, key, 0);
  }
  const std::vector<KeyInterval> intervals = KeyIntervals(history, 5);
  ASSERT_EQ(intervals.size(), 3u);
  EXPECT_EQ(intervals[0].first, 3u);  // 3 and 5: 5 ops
  EXPECT_EQ(intervals[0].last, 8u);
  EXPECT_EQ(intervals[1].first, 9u);  // 9 alone: 6 ops, past the bound
  EXPECT_EQ(intervals[1].last, 11u);
  EXPECT_EQ(intervals[2].first, 12u);  // 12 and 40: 3 ops
  EXPECT_EQ(intervals[2].last, std::numeric_limits<dynamo::Key>::max());
  EXPECT_TRUE(KeyIntervals(History(), 5).empty());
  EXPECT_EQ(KeyIntervals(history, 100).size(), 1u);
}

}  // namespace
}  // namespace sim
