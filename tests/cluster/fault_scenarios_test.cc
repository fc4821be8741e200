// The fault scenarios under scenarios/ do what their descriptions say, run as shipped.
#include <algorithm>
#include <string>

#include "gtest/gtest.h"
#include "sim/analysis/latency_stats.h"
#include "sim/analysis/lost_writes.h"
#include "sim/analysis/staleness.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/simulation.h"

namespace sim {
namespace {

RunResult RunShipped(const std::string& name) {
  const std::string path = std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/" + name + ".json";
  auto scenario = scenario::LoadScenarioFile(path, {});
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  if (!scenario.ok()) return RunResult{};
  auto result = RunSimulation(*scenario, scenario->seed, SimulationOptions{});
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? std::move(*result) : RunResult{};
}

TEST(FaultScenariosTest, CrashRestartDeliversHintsAndLosesNothing) {
  const RunResult result = RunShipped("crash-restart");
  const LatencyStats stats = ComputeLatencyStats(result.history);
  EXPECT_GT(stats.put.availability, 0.99);
  EXPECT_GT(result.repair.hints_stored, 0u);
  EXPECT_GT(result.repair.hints_delivered, 0u);
  EXPECT_EQ(ComputeLostWrites(result).lost_writes, 0u);
}

TEST(FaultScenariosTest, SlowNodeRaisesTheTailNotTheMedian) {
  const RunResult result = RunShipped("slow-node");
  const LatencyStats stats = ComputeLatencyStats(result.history);
  EXPECT_EQ(stats.get.availability, 1.0);
  EXPECT_EQ(stats.put.availability, 1.0);
  EXPECT_LT(stats.get.latency.p50_us, 10 * kMillisecond);
  EXPECT_GT(stats.get.latency.p99_us, 50 * kMillisecond);
}

TEST(FaultScenariosTest, LossyNetworkStaysMostlyAvailableAndLosesNothing) {
  const RunResult result = RunShipped("lossy-network");
  const LatencyStats stats = ComputeLatencyStats(result.history);
  EXPECT_GT(stats.get.availability, 0.9);
  EXPECT_LT(stats.get.availability, 0.99);
  EXPECT_EQ(ComputeLostWrites(result).lost_writes, 0u);
}

TEST(FaultScenariosTest, OneWayCutUsesStandInsAndHealsWithHints) {
  const RunResult result = RunShipped("one-way-cut");
  const LatencyStats stats = ComputeLatencyStats(result.history);
  EXPECT_GT(stats.put.availability, 0.999);
  EXPECT_GT(result.repair.hints_delivered, 0u);
  EXPECT_GT(ComputeStaleness(result).stale_reads, 0u);
  EXPECT_EQ(ComputeLostWrites(result).lost_writes, 0u);
}

TEST(FaultScenariosTest, PartitionHealKeepsBothSidesWritingAndProducesSiblings) {
  const RunResult result = RunShipped("partition-heal");
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
