// The outage, unavailable-time and recovery figures (sim/analysis/outages.h) on hand-built
// histories and timelines with exact expected values.
#include "sim/analysis/outages.h"

#include <vector>

#include "gtest/gtest.h"
#include "tests/sim/history_builder.h"

namespace sim {
namespace {

using testing::AppendOp;

// An op of `client` over [invoke_ms, complete_ms] with `status`.
const Op& AddOp(History& history, uint32_t client, TimeUs invoke_ms, TimeUs complete_ms,
                OpStatus status) {
  Op& op = AppendOp(history, OpType::kGet, 1, invoke_ms * kMillisecond);
  op.client = client;
  op.complete_us = complete_ms * kMillisecond;
  op.status = status;
  return op;
}

std::vector<const Op*> Pointers(const History& history) {
  std::vector<const Op*> ops;
  for (const Op& op : history.ops()) ops.push_back(&op);
  return ops;
}

TimeSpan Ms(TimeUs start_ms, TimeUs end_ms) {
  return TimeSpan{start_ms * kMillisecond, end_ms * kMillisecond};
}

FaultWindow Window(uint32_t id, TimeUs start_ms, TimeUs end_ms) {
  FaultWindow window;
  window.id = id;
  window.type = "partition";
  window.start_us = start_ms * kMillisecond;
  window.end_us = end_ms * kMillisecond;
  window.ended_by = "heal";
  return window;
}

TEST(OutagesTest, OutageRunsFromFirstUnansweredOpToNextSuccess) {
  History history;
  AddOp(history, 0, 0, 10, OpStatus::kOk);
  AddOp(history, 0, 20, 1020, OpStatus::kTimeout);  // still out when the success comes
  AddOp(history, 0, 30, 40, OpStatus::kFailed);
  AddOp(history, 0, 500, 510, OpStatus::kOk);
  AddOp(history, 0, 600, 700, OpStatus::kFailed);  // no success after it: ends at its failure
  AddOp(history, 0, 650, 0, OpStatus::kPending);   // ignored
  const std::vector<TimeSpan> spans = OutageSpans(Pointers(history));
  EXPECT_EQ(spans, (std::vector<TimeSpan>{Ms(20, 510), Ms(600, 700)}));
  EXPECT_EQ(LongestSpan(spans), Ms(20, 510));
}

TEST(OutagesTest, ASuccessWhileAFailedOpIsOutstandingEndsTheOutage) {
  History history;
  AddOp(history, 0, 0, 1000, OpStatus::kTimeout);
  AddOp(history, 0, 100, 200, OpStatus::kOk);
  EXPECT_EQ(OutageSpans(Pointers(history)), (std::vector<TimeSpan>{Ms(0, 200)}));
}

TEST(OutagesTest, NoFailureNoOutage) {
  History history;
  AddOp(history, 0, 0, 10, OpStatus::kOk);
  AddOp(history, 0, 5000, 5010, OpStatus::kOk);  // a long gap without attempts is no outage
  EXPECT_TRUE(OutageSpans(Pointers(history)).empty());
  EXPECT_EQ(LongestSpan({}), TimeSpan{});
}

TEST(OutagesTest, OverlapCountsTheUnionOfBothSidesOnce) {
  EXPECT_EQ(OverlapUs({Ms(20, 510), Ms(600, 700)}, {Ms(0, 100), Ms(500, 650), Ms(520, 640)}),
            (80 + 10 + 50) * kMillisecond);
  EXPECT_EQ(OverlapUs({Ms(0, 10)}, {Ms(10, 20)}), 0);
}

TEST(OutagesTest, PerClientAndOverallFigures) {
  RunResult result;
  History& history = result.history;
  AddOp(history, 0, 100, 300, OpStatus::kTimeout);
  AddOp(history, 1, 140, 150, OpStatus::kOk);
  AddOp(history, 1, 200, 260, OpStatus::kFailed);
  AddOp(history, 1, 270, 280, OpStatus::kOk);
  AddOp(history, 0, 350, 400, OpStatus::kOk);
  result.faults = {Window(1, 0, 250)};
  const OutageReport report = ComputeOutages(result, Timeline{});
  // Overall, c1's successes end c0's outage: [100, 150] and [200, 280].
  EXPECT_EQ(report.longest, Ms(200, 280));
  EXPECT_EQ(report.unavailable_in_faults_us, 100 * kMillisecond);
  EXPECT_EQ(report.fault_time_us, 250 * kMillisecond);
  ASSERT_EQ(report.clients.size(), 2u);
  EXPECT_EQ(report.clients[0].longest, Ms(100, 400));
  EXPECT_EQ(report.clients[0].unavailable_in_faults_us, 150 * kMillisecond);
  EXPECT_EQ(report.clients[1].longest, Ms(200, 280));
  EXPECT_EQ(report.clients[1].unavailable_in_faults_us, 50 * kMillisecond);
  EXPECT_EQ(report.worst_client, 0u);
  EXPECT_EQ(report.worst_client_longest, Ms(100, 400));
  EXPECT_TRUE(report.recoveries.empty());  // no timeline
}

// A timeline of 1 s buckets with (succeeded, attempted) per bucket.
Timeline MakeTimeline(const std::vector<std::pair<uint64_t, uint64_t>>& buckets) {
  Timeline timeline;
  timeline.bucket_us = kSecond;
  for (size_t i = 0; i < buckets.size(); ++i) {
    TimelineBucket bucket;
    bucket.start_us = static_cast<TimeUs>(i) * kSecond;
    bucket.gets_succeeded = buckets[i].first;
    bucket.gets_attempted = buckets[i].second;
    timeline.buckets.push_back(bucket);
  }
  return timeline;
}

TEST(OutagesTest, RecoveryIsTheFirstBucketBackAtThePreFaultLevel) {
  const Timeline timeline = MakeTimeline({{10, 10}, {10, 10}, {10, 10}, {0, 10}, {0, 10},
                                          {5, 10}, {10, 10}, {9, 10}, {7, 10}, {8, 10}});
  const std::vector<FaultWindow> faults = {Window(1, 3000, 5000), Window(2, 7500, 8000),
                                           Window(3, 9200, 9500), Window(4, 9600, 9600)};
  const std::vector<FaultRecovery> recoveries = ComputeRecoveries(faults, timeline);
  ASSERT_EQ(recoveries.size(), 3u);  // the instantaneous window 4 has no recovery
  // Before window 1: buckets 0..2, all ok. Bucket 5 is at 0.5, bucket 6 back at 1.0.
  EXPECT_EQ(recoveries[0].fault_id, 1u);
  EXPECT_EQ(recoveries[0].state, RecoveryState::kRecovered);
  EXPECT_DOUBLE_EQ(*recoveries[0].pre_fault_availability, 1.0);
  EXPECT_EQ(recoveries[0].recovery_us, 1 * kSecond);
  EXPECT_EQ(recoveries[0].heal_us, 5 * kSecond);
  // Before window 2 (since window 1 ended at 5s, wholly before 7.5s): buckets 5 and 6, 15 of 20.
  // Bucket 8 (0.7) is below 0.75 - 0.01; bucket 9 (0.8) is back, 1s after the 8s heal.
  EXPECT_DOUBLE_EQ(*recoveries[1].pre_fault_availability, 0.75);
  EXPECT_EQ(recoveries[1].state, RecoveryState::kRecovered);
  EXPECT_EQ(recoveries[1].recovery_us, 1 * kSecond);
  // No bucket starts after 9.5s: nothing to measure.
  EXPECT_EQ(recoveries[2].state, RecoveryState::kNotMeasured);
}

TEST(OutagesTest, NotRecoveredAndFallbackBaseline) {
  // Window 1 starts at 0: no bucket before it, so the baseline is the fault-free buckets (2 and
  // 3: 19 of 20). Nothing after the heal reaches 0.94.
  const Timeline timeline = MakeTimeline({{0, 10}, {0, 10}, {10, 10}, {9, 10}, {9, 10}});
  const std::vector<FaultWindow> faults = {Window(1, 0, 2000), Window(2, 4000, 4500)};
  const std::vector<FaultRecovery> recoveries = ComputeRecoveries(faults, timeline);
  ASSERT_EQ(recoveries.size(), 2u);
  EXPECT_DOUBLE_EQ(*recoveries[0].pre_fault_availability, 0.95);
  EXPECT_EQ(recoveries[0].state, RecoveryState::kRecovered);  // bucket 2 (1.0) at the heal
  EXPECT_EQ(recoveries[0].recovery_us, 0);
  // Window 2: baseline buckets 2 and 3 (after window 1's end, wholly before 4s): 19 of 20;
  // bucket 4 starts before the 4.5s heal, so no bucket follows: not measured.
  EXPECT_DOUBLE_EQ(*recoveries[1].pre_fault_availability, 0.95);
  EXPECT_EQ(recoveries[1].state, RecoveryState::kNotMeasured);

  const Timeline down = MakeTimeline({{10, 10}, {0, 10}, {0, 10}, {9, 10}, {0, 0}});
  const std::vector<FaultRecovery> never = ComputeRecoveries({Window(1, 1000, 2000)}, down);
  ASSERT_EQ(never.size(), 1u);
  EXPECT_EQ(never[0].state, RecoveryState::kNotRecovered);  // 0.0, then 0.9 < 0.99
}

}  // namespace
}  // namespace sim
