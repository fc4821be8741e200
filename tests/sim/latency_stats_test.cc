#include "sim/analysis/latency_stats.h"

#include <vector>

#include "gtest/gtest.h"
#include "tests/sim/history_builder.h"

namespace sim {
namespace {

using testing::HistoryBuilder;

TEST(NearestRankTest, OneToAThousandMilliseconds) {
  std::vector<TimeUs> latencies_us;
  // 1..1000 ms in a scrambled order (7919 is prime, so i * 7919 mod 1000 is a permutation).
  for (TimeUs i = 0; i < 1000; ++i) latencies_us.push_back(((i * 7919) % 1000 + 1) * kMillisecond);
  const LatencyPercentiles p = ComputePercentiles(absl::MakeSpan(latencies_us));
  EXPECT_EQ(p.p50_us, 500 * kMillisecond);
  EXPECT_EQ(p.p99_us, 990 * kMillisecond);
  EXPECT_EQ(p.p999_us, 999 * kMillisecond);
  EXPECT_EQ(p.max_us, 1000 * kMillisecond);
  // (1 + ... + 1000) / 1000 ms = 500.5 ms: the mean, unlike p50, counts every sample.
  EXPECT_DOUBLE_EQ(p.mean_us, 500.5 * kMillisecond);
}

TEST(NearestRankTest, MeanMovesWithTheTailWhenPercentilesDoNot) {
  std::vector<TimeUs> latencies_us = {10, 10, 10, 10, 1000};
  const LatencyPercentiles p = ComputePercentiles(absl::MakeSpan(latencies_us));
  EXPECT_EQ(p.p50_us, 10);
  EXPECT_DOUBLE_EQ(p.mean_us, 208.0);  // 1040 / 5
}

TEST(NearestRankTest, SmallSamples) {
  const std::vector<TimeUs> one = {7};
  EXPECT_EQ(NearestRankUs(one, kP50PartsPerMillion), 7);
  EXPECT_EQ(NearestRankUs(one, kP999PartsPerMillion), 7);
  const std::vector<TimeUs> three = {10, 20, 30};
  EXPECT_EQ(NearestRankUs(three, kP50PartsPerMillion), 20);  // rank ceil(1.5) = 2
  EXPECT_EQ(NearestRankUs(three, kP99PartsPerMillion), 30);  // rank ceil(2.97) = 3
  EXPECT_EQ(NearestRankUs(three, 1), 10);                    // rank at least 1
  const std::vector<TimeUs> hundred = [] {
    std::vector<TimeUs> v;
    for (TimeUs i = 1; i <= 100; ++i) v.push_back(i);
    return v;
  }();
  EXPECT_EQ(NearestRankUs(hundred, kP50PartsPerMillion), 50);
  EXPECT_EQ(NearestRankUs(hundred, kP99PartsPerMillion), 99);
  EXPECT_EQ(NearestRankUs(hundred, kP999PartsPerMillion), 100);  // rank ceil(99.9) = 100
}

TEST(NearestRankTest, NoSamplesGivesZeros) {
  std::vector<TimeUs> none;
  const LatencyPercentiles p = ComputePercentiles(absl::MakeSpan(none));
  EXPECT_EQ(p.p50_us, 0);
  EXPECT_EQ(p.max_us, 0);
  EXPECT_EQ(p.mean_us, 0.0);
}

TEST(OpStatsTest, PercentilesOverSuccessfulOpsOnly) {
  HistoryBuilder builder;
  for (TimeUs i = 1; i <= 1000; ++i) {
    builder.OpWithLatency(OpType::kGet, i, i * kMillisecond, OpStatus::kOk);
  }
  builder.OpWithLatency(OpType::kGet, 2000, 5000 * kMillisecond, OpStatus::kTimeout);
  builder.OpWithLatency(OpType::kGet, 2001, 4000 * kMillisecond, OpStatus::kFailed);
  const OpStats stats = ComputeOpStats(builder.history(), OpType::kGet);
  EXPECT_EQ(stats.attempted, 1002u);
  EXPECT_EQ(stats.succeeded, 1000u);
  EXPECT_EQ(stats.latency.p50_us, 500 * kMillisecond);
  EXPECT_EQ(stats.latency.p99_us, 990 * kMillisecond);
  EXPECT_EQ(stats.latency.p999_us, 999 * kMillisecond);
  EXPECT_EQ(stats.latency.max_us, 1000 * kMillisecond);
}

TEST(OpStatsTest, AvailabilityWithFailuresAndTimeouts) {
  HistoryBuilder builder;
  builder.OpWithLatency(OpType::kGet, 0, 1000, OpStatus::kOk);
  builder.OpWithLatency(OpType::kGet, 0, 2000, OpStatus::kOk);
  builder.OpWithLatency(OpType::kGet, 0, 3000, OpStatus::kOk);
  builder.OpWithLatency(OpType::kGet, 0, 500000, OpStatus::kFailed);
  builder.OpWithLatency(OpType::kGet, 0, 1000000, OpStatus::kTimeout);
  builder.OpWithLatency(OpType::kPut, 0, 4000, OpStatus::kOk);
  builder.OpWithLatency(OpType::kPut, 0, 1000000, OpStatus::kTimeout);
  builder.OpWithLatency(OpType::kPut, 0, 0, OpStatus::kPending);
  const LatencyStats stats = ComputeLatencyStats(builder.history());
  EXPECT_EQ(stats.get.attempted, 5u);
  EXPECT_EQ(stats.get.succeeded, 3u);
  EXPECT_DOUBLE_EQ(stats.get.availability, 0.6);
  EXPECT_EQ(stats.get.latency.p50_us, 2000);
  EXPECT_EQ(stats.get.latency.max_us, 3000);
  EXPECT_EQ(stats.put.attempted, 2u);  // the pending put has no outcome yet
  EXPECT_EQ(stats.put.pending, 1u);
  EXPECT_EQ(stats.put.succeeded, 1u);
  EXPECT_DOUBLE_EQ(stats.put.availability, 0.5);
  EXPECT_EQ(stats.put.latency.max_us, 4000);
}

TEST(OpStatsTest, NothingAttemptedIsFullyAvailable) {
  HistoryBuilder builder;
  builder.OpWithLatency(OpType::kGet, 0, 1000, OpStatus::kFailed);
  const LatencyStats stats = ComputeLatencyStats(builder.history());
  EXPECT_EQ(stats.put.attempted, 0u);
  EXPECT_DOUBLE_EQ(stats.put.availability, 1.0);
  EXPECT_EQ(stats.put.latency.p99_us, 0);
  EXPECT_DOUBLE_EQ(stats.get.availability, 0.0);
  EXPECT_EQ(stats.get.latency.max_us, 0);
}

TEST(OpStatsTest, UsToMs) {
  EXPECT_DOUBLE_EQ(UsToMs(1500), 1.5);
  EXPECT_DOUBLE_EQ(UsToMs(0), 0.0);
}

}  // namespace
}  // namespace sim
