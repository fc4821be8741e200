// Cart removes (workload.mix.remove) in the checkers, on hand-built histories: which absent items
// are lost, which present ones are resurrected (lost_writes.h), which absences make a get stale
// (staleness.h, "Cart removes"), and how the Jepsen export writes a remove.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sim/analysis/lost_writes.h"
#include "sim/analysis/staleness.h"
#include "sim/report/history_edn.h"
#include "tests/sim/history_builder.h"

namespace sim {
namespace {

using ::testing::HasSubstr;
using testing::HistoryBuilder;
using testing::MakeVersion;

RunResult CartsWithFinal(const HistoryBuilder& b, dynamo::Key key,
                         std::vector<dynamo::Version> final_versions) {
  RunResult result;
  result.history = b.history();
  result.carts = true;
  result.sim_time_us = 100 * kMillisecond;
  result.final_versions[key].assign(final_versions.begin(), final_versions.end());
  return result;
}

TEST(CartRemovesTest, AnAcknowledgedRemoveWhoseItemIsFinalIsResurrectedAFailedOneIsNot) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 5);
  b.Put(1, 102, 10, 15);
  b.Put(1, 103, 20, 25);
  b.Put(1, 104, 30, 35);
  const uint64_t remove_101 = b.RemovePut(1, 101, 40, 45);                     // acknowledged
  b.RemovePut(1, 102, 50, 55, OpStatus::kFailed);                              // maybe applied
  b.RemovePut(1, 103, 60, 65);                                                 // acknowledged
  // 101 and 102 came back (a concurrent branch still held them); 103 stayed removed.
  const LostWritesReport report =
      ComputeLostWrites(CartsWithFinal(b, 1, {MakeVersion({101, 102, 104})}));
  EXPECT_TRUE(report.removes);
  EXPECT_EQ(report.acknowledged_puts, 4u);
  EXPECT_EQ(report.acknowledged_removes, 2u);
  EXPECT_EQ(report.lost_writes, 0u);      // 103 is absent, but a remove took it out
  EXPECT_EQ(report.removed_absent, 1u);   // 103
  EXPECT_EQ(report.resurrected_items, 1u);  // 101 only: 102's remove was not acknowledged
  ASSERT_EQ(report.resurrected.size(), 1u);
  EXPECT_EQ(report.resurrected[0].key, 1u);
  EXPECT_EQ(report.resurrected[0].item, 101u);
  EXPECT_EQ(report.resurrected[0].remove_op, remove_101);
  EXPECT_EQ(report.resurrected[0].acked_us, 45 * kMillisecond);
}

TEST(CartRemovesTest, AnAbsentItemNoRemoveNamedIsStillLost) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 5);
  b.Put(1, 102, 10, 15);
  b.RemovePut(1, 101, 20, 25);
  const LostWritesReport report = ComputeLostWrites(CartsWithFinal(b, 1, {}));
  EXPECT_EQ(report.lost_writes, 1u);  // 102: removes in the mix do not excuse other items
  ASSERT_EQ(report.lost.size(), 1u);
  EXPECT_EQ(report.lost[0].item, 102u);
  EXPECT_EQ(report.removed_absent, 1u);  // 101
  EXPECT_EQ(report.resurrected_items, 0u);
}

TEST(CartRemovesTest, AnItemWhoseRemoveFailedOrTimedOutMayBeAbsent) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 5);
  b.Put(1, 102, 10, 15);
  b.RemovePut(1, 101, 20, 25, OpStatus::kFailed);
  b.RemovePut(1, 102, 30, 35, OpStatus::kTimeout);
  const LostWritesReport report = ComputeLostWrites(CartsWithFinal(b, 1, {}));
  EXPECT_EQ(report.lost_writes, 0u);
  EXPECT_EQ(report.removed_absent, 2u);
  EXPECT_EQ(report.acknowledged_removes, 0u);
  EXPECT_EQ(report.resurrected_items, 0u);
}

TEST(CartRemovesTest, RunsWithoutRemovesReportNone) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 5);
  const LostWritesReport report = ComputeLostWrites(CartsWithFinal(b, 1, {MakeVersion({101})}));
  EXPECT_FALSE(report.removes);
  EXPECT_EQ(report.acknowledged_puts, 1u);
  EXPECT_EQ(report.removed_absent, 0u);
}

// A get misses an absent item unless a remove of it was invoked by the time the get completed.
TEST(CartRemovesTest, AbsenceIsStaleOnlyBeforeTheRemoveWasInvoked) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 5);
  b.Put(1, 102, 0, 6);
  const uint64_t before = b.Get(1, 10, 12, {MakeVersion({102})});  // misses 101: stale
  const uint64_t during = b.Get(1, 18, 22, {MakeVersion({102})});  // the remove is in flight
  b.RemovePut(1, 101, 20, 30, OpStatus::kFailed);
  const uint64_t after = b.Get(1, 40, 42, {});                      // 102 is missing: stale
  const uint64_t both = b.Get(1, 50, 52, {MakeVersion({101, 102})});  // fresh (101 came back)
  const StalenessReport report = ComputeStaleness(b.history(), ValueModel{true, false});
  EXPECT_EQ(report.gets_checked, 4u);
  ASSERT_EQ(report.stale.size(), 2u);
  EXPECT_EQ(report.stale[0].get_op, before);
  EXPECT_EQ(report.stale[0].missed_puts, 1u);
  EXPECT_EQ(report.stale[1].get_op, after);
  EXPECT_EQ(report.stale[1].missed_puts, 1u);  // 102 only; 101 is excused
  EXPECT_EQ(report.k_histogram.at(0), 2u);
  (void)during;
  (void)both;
}

// The Fenwick count of excused absences against a literal reading, over many items and gets.
TEST(CartRemovesTest, ExcusedAbsencesMatchALiteralCount) {
  // Adds of items 200 + i at 10i ms (acknowledged 4 ms later), removes of every third item at
  // 130 + 7i ms, and gets returning nothing at 125 .. 225 ms (3 ms each), appended in invocation
  // order as the History stores them.
  struct Event {
    TimeUs invoke_ms;
    int kind;  // 0 add, 1 remove, 2 get
    uint64_t i;
  };
  std::vector<Event> events;
  for (uint64_t i = 0; i < 12; ++i) events.push_back({static_cast<TimeUs>(10 * i), 0, i});
  for (uint64_t i = 0; i < 12; i += 3) events.push_back({static_cast<TimeUs>(130 + 7 * i), 1, i});
  for (TimeUs t = 125; t <= 225; t += 20) events.push_back({t, 2, 0});
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return a.invoke_ms != b.invoke_ms ? a.invoke_ms < b.invoke_ms : a.kind < b.kind;
  });
  HistoryBuilder b;
  std::vector<std::pair<uint64_t, uint64_t>> expected;  // (get op, missed)
  for (const Event& e : events) {
    if (e.kind == 0) b.Put(1, 200 + e.i, e.invoke_ms, e.invoke_ms + 4);
    if (e.kind == 1) b.RemovePut(1, 200 + e.i, e.invoke_ms, e.invoke_ms + 1);
    if (e.kind != 2) continue;
    const TimeUs t = e.invoke_ms;
    uint64_t missed = 0;  // acknowledged before t, and no remove invoked by t + 3
    for (uint64_t i = 0; i < 12; ++i) {
      const bool acked = static_cast<TimeUs>(10 * i + 4) < t;
      const bool removed = i % 3 == 0 && static_cast<TimeUs>(130 + 7 * i) <= t + 3;
      missed += acked && !removed;
    }
    expected.emplace_back(b.Get(1, t, t + 3, {}), missed);
  }
  const StalenessReport report = ComputeStaleness(b.history(), ValueModel{true, false});
  ASSERT_EQ(report.gets_checked, expected.size());
  std::vector<std::pair<uint64_t, uint64_t>> got;
  for (const StaleRead& stale : report.stale) got.emplace_back(stale.get_op, stale.missed_puts);
  EXPECT_EQ(got, expected);
  EXPECT_EQ(expected.front().second, 12u);  // at 125 ms: every add acknowledged, none removed
  EXPECT_EQ(expected.back().second, 8u);    // at 225 ms: all four removes invoked
}

TEST(CartRemovesTest, JepsenExportWritesARemoveAsRemoveOfItsItem) {
  HistoryBuilder b;
  b.Put(1, 101, 0, 5);
  b.RemovePut(1, 101, 10, 15);
  b.RemovePut(1, 101, 20, 25, OpStatus::kFailed);
  const std::string edn = HistoryEdn(b.history(), /*carts=*/true, /*clients=*/1, {});
  EXPECT_THAT(edn, HasSubstr(":type :invoke, :process 0, :f :remove, :value [1 101]"));
  EXPECT_THAT(edn, HasSubstr(":type :ok, :process 0, :f :remove, :value [1 101]"));
  EXPECT_THAT(edn, HasSubstr(":type :info, :process 0, :f :remove, :value [1 101]"));
  EXPECT_THAT(edn, HasSubstr(":f :add, :value [1 101]"));
}

}  // namespace
}  // namespace sim
