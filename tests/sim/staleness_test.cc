#include "sim/analysis/staleness.h"

#include <algorithm>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/sim/history_builder.h"

namespace sim {
namespace {

using dynamo::ClockEntry;
using testing::Clock;
using testing::HistoryBuilder;
using testing::MakeVersion;

constexpr ValueModel kCarts{.carts = true, .last_write_wins = false};
constexpr ValueModel kRegisters{.carts = false, .last_write_wins = false};
constexpr ValueModel kRegistersLww{.carts = false, .last_write_wins = true};

// The k-staleness the report gives the get `get_op` (0 when it is not listed as stale).
uint64_t MissedBy(const StalenessReport& report, uint64_t get_op) {
  for (const StaleRead& stale : report.stale) {
    if (stale.get_op == get_op) return stale.missed_puts;
  }
  return 0;
}

// --- Carts ----------------------------------------------------------------------------------

TEST(CartStalenessTest, MissingAnItemAckedBeforeTheGetIsStale) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 10);
  b.Put(1, 102, 5, 12);
  const uint64_t get = b.Get(1, 20, 30, {MakeVersion({101})});
  const StalenessReport report = ComputeStaleness(b.history(), kCarts);
  EXPECT_EQ(report.gets_checked, 1u);
  EXPECT_EQ(report.stale_reads, 1u);
  EXPECT_DOUBLE_EQ(report.stale_read_fraction, 1.0);
  EXPECT_EQ(MissedBy(report, get), 1u);
  EXPECT_THAT(report.k_histogram, ::testing::ElementsAre(::testing::Pair(1, 1u)));
}

TEST(CartStalenessTest, MissingTwoItemsIsTwoStale) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 10);
  b.Put(1, 102, 5, 12);
  b.Put(1, 103, 6, 14);
  const uint64_t get = b.Get(1, 20, 30, {MakeVersion({102})});
  const StalenessReport report = ComputeStaleness(b.history(), kCarts);
  EXPECT_EQ(MissedBy(report, get), 2u);
  EXPECT_THAT(report.k_histogram, ::testing::ElementsAre(::testing::Pair(2, 1u)));
}

TEST(CartStalenessTest, PutAckedAfterTheGetBeganIsNotRequired) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 25);  // acknowledged at 25 ms, after the get began at 20 ms
  b.Get(1, 20, 30, {});
  b.Put(1, 102, 0, 20);  // acknowledged exactly when the get began: not before it either
  const StalenessReport report = ComputeStaleness(b.history(), kCarts);
  EXPECT_EQ(report.gets_checked, 1u);
  EXPECT_EQ(report.stale_reads, 0u);
  EXPECT_THAT(report.k_histogram, ::testing::ElementsAre(::testing::Pair(0, 1u)));
}

TEST(CartStalenessTest, UnionOfSiblingsCountsAndFailedPutsDoNot) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 10);
  b.Put(1, 102, 0, 10);
  b.Put(1, 103, 0, 10, OpStatus::kFailed);
  b.Put(1, 104, 0, 10, OpStatus::kTimeout);
  b.Put(2, 201, 0, 10);  // another key
  const uint64_t fresh = b.Get(1, 20, 30, {MakeVersion({101}), MakeVersion({101, 102})});
  b.Get(1, 20, 30, {}, OpStatus::kFailed);  // failed gets are not judged
  const StalenessReport report = ComputeStaleness(b.history(), kCarts);
  EXPECT_EQ(report.gets_checked, 1u);
  EXPECT_EQ(MissedBy(report, fresh), 0u);
  EXPECT_EQ(report.stale_reads, 0u);
}

// --- Registers ------------------------------------------------------------------------------

TEST(RegisterStalenessTest, MissingValueIsStale) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 5);
  b.Put(1, 102, 10, 15);
  const uint64_t old_value = b.Get(1, 20, 30, {MakeVersion({101})});
  const uint64_t empty = b.Get(1, 20, 30, {});
  const uint64_t fresh = b.Get(1, 20, 30, {MakeVersion({102})});
  for (ValueModel model : {kRegisters, kRegistersLww}) {
    const StalenessReport report = ComputeStaleness(b.history(), model);
    EXPECT_EQ(MissedBy(report, old_value), 1u);  // 101 was overwritten by 102, which is missed
    EXPECT_EQ(MissedBy(report, empty), 2u);
    EXPECT_EQ(MissedBy(report, fresh), 0u);  // 101 is overwritten by the later 102
    EXPECT_EQ(report.stale_reads, 2u);
    EXPECT_THAT(report.k_histogram,
                ::testing::ElementsAre(::testing::Pair(0, 1u), ::testing::Pair(1, 1u),
                                       ::testing::Pair(2, 1u)));
  }
}

TEST(RegisterStalenessTest, OverwrittenByConcurrentLaterPutWhoseValueIsReturnedIsNotStale) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 10);
  b.Put(1, 102, 5, 40);  // concurrent with 101, acknowledged after the get
  const uint64_t get = b.Get(1, 20, 30, {MakeVersion({102})});
  for (ValueModel model : {kRegisters, kRegistersLww}) {
    const StalenessReport report = ComputeStaleness(b.history(), model);
    EXPECT_EQ(MissedBy(report, get), 0u);
    EXPECT_EQ(report.stale_reads, 0u);
  }
}

TEST(RegisterStalenessTest, OverwriterMayBeAnUnacknowledgedPutInvokedBeforeTheGetCompleted) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 10);
  b.Put(1, 102, 12, 1012, OpStatus::kTimeout);  // may have been written anyway
  // Ops are appended in invocation order, as a run records them (the checker orders events by
  // it); the reads are recorded once put 103, which one of them returns, has its item.
  History& history = b.mutable_history();
  std::vector<uint64_t> gets;
  for (int i = 0; i < 2; ++i) {
    Op& get = testing::AppendOp(history, OpType::kGet, 1, 20 * kMillisecond);
    get.complete_us = 30 * kMillisecond;
    get.status = OpStatus::kOk;
    gets.push_back(get.id);
  }
  b.Put(1, 103, 40, 50, OpStatus::kFailed);  // invoked after the gets completed
  const uint64_t saw_timeout = gets[0];
  const uint64_t saw_future = gets[1];
  history.RecordRead(saw_timeout, {MakeVersion({102})}, /*keep_values=*/true);
  history.RecordRead(saw_future, {MakeVersion({103})}, /*keep_values=*/true);
  const StalenessReport report = ComputeStaleness(b.history(), kRegisters);
  EXPECT_EQ(MissedBy(report, saw_timeout), 0u);
  EXPECT_EQ(MissedBy(report, saw_future), 1u);
}

TEST(RegisterStalenessTest, ValueOverwrittenOnlyByAnEarlierPutIsStale) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 5);  // before 102: cannot excuse missing it
  b.Put(1, 102, 10, 15);
  const uint64_t get = b.Get(1, 20, 30, {MakeVersion({101})});
  const StalenessReport report = ComputeStaleness(b.history(), kRegistersLww);
  EXPECT_EQ(MissedBy(report, get), 1u);
}

TEST(RegisterStalenessTest, DominatedClockExcusesUnderVectorClocksOnly) {
  HistoryBuilder b;
  b.Put(1, 100, 0, 5, OpStatus::kOk, Clock({ClockEntry{1, 1, 0}}));
  b.Put(1, 101, 10, 15, OpStatus::kOk, Clock({ClockEntry{1, 2, 0}}));
  // Returns 100's value with a clock that dominates 101's, as a node merging clocks would.
  const uint64_t get =
      b.Get(1, 20, 30, {MakeVersion({100}, Clock({ClockEntry{1, 2, 0}, ClockEntry{2, 1, 0}}))});
  const StalenessReport vector_clocks = ComputeStaleness(b.history(), kRegisters);
  EXPECT_EQ(MissedBy(vector_clocks, get), 0u);
  EXPECT_EQ(vector_clocks.stale_reads, 0u);
  const StalenessReport lww = ComputeStaleness(b.history(), kRegistersLww);
  EXPECT_EQ(MissedBy(lww, get), 1u);
  EXPECT_EQ(lww.stale_reads, 1u);
}

TEST(RegisterStalenessTest, ConcurrentClockDoesNotExcuse) {
  HistoryBuilder b;
  b.Put(1, 100, 0, 5, OpStatus::kOk, Clock({ClockEntry{1, 1, 0}}));
  b.Put(1, 101, 10, 15, OpStatus::kOk, Clock({ClockEntry{2, 1, 0}}));
  const uint64_t get = b.Get(1, 20, 30, {MakeVersion({100}, Clock({ClockEntry{1, 1, 0}}))});
  EXPECT_EQ(MissedBy(ComputeStaleness(b.history(), kRegisters), get), 1u);
}

// Dotted versions (dynamo/version.h): two writes coordinated by node 1 from the same context
// (its counter at 2) are concurrent although their clocks {1:3} and {1:4} are ordered. Returning
// only the second must not excuse missing the first; a later write whose context saw both does.
dynamo::Version Dotted(uint64_t item, uint64_t counter, uint64_t past) {
  dynamo::Version version = MakeVersion({item}, Clock({ClockEntry{1, counter, 0}}));
  version.dot_node = 1;
  version.dot_counter = counter;
  version.dot_past = past;
  return version;
}

TEST(RegisterStalenessTest, ClockDominanceFollowsDotsNotCounters) {
  HistoryBuilder b;
  const uint64_t put = b.Put(1, 103, 0, 5);
  b.mutable_history().RecordWritten(put, Dotted(103, 3, 2), true);
  // A version (of no recorded put) written by node 1 from a context that had not seen 103: its
  // clock {1:4} descends {1:3}, but its causal past {1:2} does not include 103's dot.
  const uint64_t concurrent = b.Get(1, 20, 30, {Dotted(999, 4, 2)});
  // One written from a context that had seen 103 (past {1:4}).
  const uint64_t descendant = b.Get(1, 20, 30, {Dotted(999, 5, 4)});
  const StalenessReport report = ComputeStaleness(b.history(), kRegisters);
  EXPECT_EQ(MissedBy(report, concurrent), 1u);
  EXPECT_EQ(MissedBy(report, descendant), 0u);
}

// A node that lost its disk but kept its clock identity (the wipe_reuses_clock_actor bug) issues
// dot {1:1} again. The version returned descends the first {1:1} (past {1:4}) and, by its clock,
// "covers" the second too; but a dot carried by two puts proves nothing, so the second put,
// acknowledged before the get began and never returned, is missed.
TEST(RegisterStalenessTest, AReissuedDotCannotExcuseByClock) {
  HistoryBuilder b;
  const uint64_t first = b.Put(1, 101, 0, 5);
  b.mutable_history().RecordWritten(first, Dotted(101, 1, 0), true);
  const uint64_t old_tip = b.Put(1, 104, 6, 8);
  b.mutable_history().RecordWritten(old_tip, Dotted(104, 5, 4), true);
  const uint64_t reissued = b.Put(1, 200, 10, 15);
  b.mutable_history().RecordWritten(reissued, Dotted(200, 1, 0), true);
  const uint64_t get = b.Get(1, 20, 30, {Dotted(104, 5, 4)});
  EXPECT_EQ(MissedBy(ComputeStaleness(b.history(), kRegisters), get), 1u);
  // Had the second put carried a dot of its own ({1:3}, in the tip's past {1:4}), the clock
  // would excuse it: only reissued dots lose that trust.
  b.mutable_history().RecordWritten(reissued, Dotted(200, 3, 2), true);
  EXPECT_EQ(MissedBy(ComputeStaleness(b.history(), kRegisters), get), 0u);
}

TEST(RegisterStalenessTest, DominatedLaterPutExcusesEarlierOne) {
  HistoryBuilder b;
  b.Put(1, 100, 0, 5, OpStatus::kOk, Clock({ClockEntry{1, 1, 0}}));
  b.Put(1, 101, 10, 15, OpStatus::kOk, Clock({ClockEntry{2, 1, 0}}));
  b.Put(1, 102, 12, 40, OpStatus::kOk, Clock({ClockEntry{2, 2, 0}}));
  // The returned clock dominates 102 (concurrent with 101, not before 100), so both are excused.
  const uint64_t get = b.Get(1, 20, 30, {MakeVersion({999}, Clock({ClockEntry{2, 2, 0}}))});
  EXPECT_EQ(MissedBy(ComputeStaleness(b.history(), kRegisters), get), 0u);
  EXPECT_EQ(MissedBy(ComputeStaleness(b.history(), kRegistersLww), get), 2u);
}

TEST(RegisterStalenessTest, DominanceOnlyTrustsPutsInvokedBeforeTheGetCompletedWithAClock) {
  HistoryBuilder b;
  b.Put(1, 100, 0, 5, OpStatus::kOk, Clock({ClockEntry{1, 5, 0}}));
  b.Put(1, 101, 6, 9, OpStatus::kOk);  // no clock recorded
  const uint64_t get = b.Get(1, 20, 30, {MakeVersion({}, Clock({ClockEntry{1, 1, 0}}))});
  // A later put that reused a counter: its clock is dominated, but it cannot excuse 100.
  b.Put(1, 102, 31, 40, OpStatus::kOk, Clock({ClockEntry{1, 1, 0}}));
  EXPECT_EQ(MissedBy(ComputeStaleness(b.history(), kRegisters), get), 2u);
}

TEST(RegisterStalenessTest, PutInvokedExactlyWhenTheGetCompletedIsNotTrustedByClock) {
  HistoryBuilder b;
  b.Put(1, 100, 0, 5, OpStatus::kOk, Clock({ClockEntry{1, 1, 0}}));
  const uint64_t get = b.Get(1, 20, 30, {MakeVersion({}, Clock({ClockEntry{2, 1, 0}}))});
  b.Put(1, 101, 30, 40, OpStatus::kOk, Clock({ClockEntry{2, 1, 0}}));
  EXPECT_EQ(MissedBy(ComputeStaleness(b.history(), kRegisters), get), 1u);
}

// A client whose put is acknowledged invokes its next get in the same microsecond: the put is
// before the get in the run's order, so a get that returns the older value is stale, whether the
// client recorded the order or it is inferred from the times.
TEST(RegisterStalenessTest, APutAcknowledgedTheMicrosecondTheGetBeganMustBeSeen) {
  for (const bool recorded : {true, false}) {
    SCOPED_TRACE(recorded ? "order recorded" : "order inferred");
    HistoryBuilder b;
    const uint64_t q = b.Put(1, 101, 0, 10);
    const uint64_t p = b.Put(1, 102, 10, 20);
    const uint64_t stale = b.Get(1, 20, 21, {MakeVersion({101})});
    const uint64_t fresh = b.Get(1, 20, 21, {MakeVersion({102})});
    if (recorded) {
      History& history = b.mutable_history();
      history.at(q).invoked_before_completion = 1;
      history.at(p).invoked_before_completion = 2;
      history.at(stale).invoked_before_completion = 4;
      history.at(fresh).invoked_before_completion = 4;
    }
    for (ValueModel model : {kRegisters, kRegistersLww, kCarts}) {
      const StalenessReport report = ComputeStaleness(b.history(), model);
      EXPECT_EQ(MissedBy(report, stale), 1u);
      EXPECT_EQ(MissedBy(report, fresh), model.carts ? 1u : 0u);  // a cart must hold both items
    }
  }
}

// Recorded the other way round (an open-loop arrival invoked just before the acknowledgement in
// the same microsecond), the put is concurrent with the get and missing it is not stale.
TEST(RegisterStalenessTest, AGetInvokedJustBeforeTheAcknowledgementNeedNotSeeThePut) {
  HistoryBuilder b;
  const uint64_t q = b.Put(1, 101, 0, 10);
  const uint64_t p = b.Put(1, 102, 15, 20);
  const uint64_t get = b.Get(1, 20, 21, {MakeVersion({101})});
  History& history = b.mutable_history();
  history.at(q).invoked_before_completion = 1;
  history.at(p).invoked_before_completion = 3;  // acknowledged after the get (op 2) was invoked
  history.at(get).invoked_before_completion = 3;
  EXPECT_EQ(MissedBy(ComputeStaleness(b.history(), kRegisters), get), 0u);
}

TEST(RegisterStalenessTest, PendingPutNeverCompletesSoItIsNeverBefore) {
  HistoryBuilder b;
  b.Put(1, 100, 0, 0, OpStatus::kPending);
  b.Put(1, 101, 10, 15);
  const uint64_t get = b.Get(1, 20, 30, {MakeVersion({100})});
  EXPECT_EQ(MissedBy(ComputeStaleness(b.history(), kRegisters), get), 0u);
}

TEST(StalenessTest, NoGetsGivesZeroFraction) {
  HistoryBuilder b;
  b.Put(1, 100, 0, 5);
  const StalenessReport report = ComputeStaleness(b.history(), kRegisters);
  EXPECT_EQ(report.gets_checked, 0u);
  EXPECT_DOUBLE_EQ(report.stale_read_fraction, 0.0);
  EXPECT_TRUE(report.k_histogram.empty());
}

TEST(StalenessTest, RunResultSelectsTheValueModel) {
  RunResult result;
  result.carts = false;
  result.last_write_wins = true;
  HistoryBuilder b;
  b.Put(1, 100, 0, 5, OpStatus::kOk, Clock({ClockEntry{1, 1, 0}}));
  b.Get(1, 20, 30, {MakeVersion({7}, Clock({ClockEntry{1, 1, 0}}))});
  result.history = b.history();
  EXPECT_EQ(ComputeStaleness(result).stale_reads, 1u);  // LWW: dominance does not count
  result.last_write_wins = false;
  EXPECT_EQ(ComputeStaleness(result).stale_reads, 0u);
  result.carts = true;
  EXPECT_EQ(ComputeStaleness(result).stale_reads, 1u);  // the cart lacks item 100
}

}  // namespace
}  // namespace sim
