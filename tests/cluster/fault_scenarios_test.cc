// The fault scenarios under scenarios/ do what their descriptions say, run as shipped.
#include <algorithm>
#include <string>

#include "gtest/gtest.h"
#include "sim/analysis/latency_stats.h"
#include "sim/analysis/lost_writes.h"
#include "sim/analysis/staleness.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {


TEST(FaultScenariosTest, CrashRestartDeliversHintsAndLosesNothing) {
  const RunResult result = RunShippedScenario("crash-restart");
  const LatencyStats stats = ComputeLatencyStats(result.history);
  EXPECT_GT(stats.put.availability, 0.99);
  EXPECT_GT(result.repair.hints_stored, 0u);
  EXPECT_GT(result.repair.hints_delivered, 0u);
  EXPECT_EQ(ComputeLostWrites(result).lost_writes, 0u);
}

TEST(FaultScenariosTest, SlowNodeRaisesTheTailNotTheMedian) {
  const RunResult result = RunShippedScenario("slow-node");
  const LatencyStats stats = ComputeLatencyStats(result.history);
  EXPECT_EQ(stats.get.availability, 1.0);
  EXPECT_EQ(stats.put.availability, 1.0);
  EXPECT_LT(stats.get.latency.p50_us, 10 * kMillisecond);
  EXPECT_GT(stats.get.latency.p99_us, 50 * kMillisecond);
}

TEST(FaultScenariosTest, LossyNetworkStaysMostlyAvailableAndLosesNothing) {
  const RunResult result = RunShippedScenario("lossy-network");
  const LatencyStats stats = ComputeLatencyStats(result.history);
  EXPECT_GT(stats.get.availability, 0.9);
  EXPECT_LT(stats.get.availability, 0.99);
  EXPECT_EQ(ComputeLostWrites(result).lost_writes, 0u);
}

TEST(FaultScenariosTest, OneWayCutUsesStandInsAndHealsWithHints) {
  const RunResult result = RunShippedScenario("one-way-cut");
  const LatencyStats stats = ComputeLatencyStats(result.history);
  EXPECT_GT(stats.put.availability, 0.999);
  EXPECT_GT(result.repair.hints_delivered, 0u);
  EXPECT_GT(ComputeStaleness(result).stale_reads, 0u);
  EXPECT_EQ(ComputeLostWrites(result).lost_writes, 0u);
}

TEST(FaultScenariosTest, PartitionHealKeepsBothSidesWritingAndProducesSiblings) {
  const RunResult result = RunShippedScenario("partition-heal");
  const LatencyStats stats = ComputeLatencyStats(result.history);
  EXPECT_GT(stats.put.availability, 0.99);
  size_t gets_with_siblings = 0;
  for (const Op& op : result.history.ops()) {
    gets_with_siblings += op.type == OpType::kGet && op.ok() && op.read.size() > 1 &&
                          op.invoke_us > 25 * kSecond;
  }
  EXPECT_GT(gets_with_siblings, 0u);
  EXPECT_EQ(ComputeLostWrites(result).lost_writes, 0u);
}

}  // namespace
}  // namespace sim
