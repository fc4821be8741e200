// Lost writes end to end: last-write-wins under clock skew across a partition loses acknowledged
// writes; vector clocks on the same seed lose none; the partition-heal scenario loses none.
#include "gtest/gtest.h"
#include "sim/analysis/lost_writes.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/simulation.h"

namespace sim {
namespace {

LostWritesReport RunShipped(const std::string& name, std::vector<std::string> overrides = {}) {
  const std::string path = std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/" + name + ".json";
  auto scenario = scenario::LoadScenarioFile(path, overrides);
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  if (!scenario.ok()) return {};
  auto result = RunSimulation(*scenario, scenario->seed, SimulationOptions{});
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? ComputeLostWrites(*result) : LostWritesReport{};
}

TEST(LostWritesTest, LastWriteWinsUnderSkewLosesAcknowledgedWrites) {
  const LostWritesReport lww = RunShipped("lww-clock-skew");
  EXPECT_GT(lww.acknowledged_puts, 1000u);
  EXPECT_GT(lww.lost_writes, 10u);
  EXPECT_FALSE(lww.by_key.empty());
}

TEST(LostWritesTest, VectorClocksOnTheSameSeedLoseNone) {
  const LostWritesReport clocks =
      RunShipped("lww-clock-skew", {"cluster.conflict_resolution=vector_clock"});
  EXPECT_GT(clocks.acknowledged_puts, 1000u);
  EXPECT_EQ(clocks.lost_writes, 0u);
}

TEST(LostWritesTest, PartitionHealLosesNothing) {
  const LostWritesReport report = RunShipped("partition-heal");
  EXPECT_GT(report.acknowledged_puts, 1000u);
  EXPECT_EQ(report.lost_writes, 0u);
}

}  // namespace
}  // namespace sim
