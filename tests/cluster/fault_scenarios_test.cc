// The fault scenarios under scenarios/ do what their descriptions say, run as shipped.
#include <algorithm>
#include <string>

#include "gtest/gtest.h"
#include "sim/analysis/latency_stats.h"
#include "sim/analysis/lost_writes.h"
#include "sim/analysis/staleness.h"
#include "sim/cluster.h"
#include "sim/scenario/scenario_loader.h"
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
  // Anti-entropy exchanges are chains of about 2 * merkle_depth messages; without the
  // initiator's retransmission one loss ended an exchange, and at this seed key 68 stayed
  // unrepaired through the whole quiesce.
  EXPECT_TRUE(result.convergence.converged);
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

namespace sim {
namespace {

// Runs scenarios/disk-wipe.json to its end; returns how many (key, replica) pairs of the final
// ring disagree with the key's final versions, and the keys anti-entropy repaired.
struct WipeOutcome {
  int divergent = 0;
  int checked = 0;
  uint64_t keys_repaired = 0;
};

WipeOutcome RunDiskWipe(const std::vector<std::string>& overrides) {
  auto s = scenario::LoadScenarioFile(
      std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/disk-wipe.json", overrides);
  EXPECT_TRUE(s.ok()) << s.status();
  LiveCluster live(*s, s->seed);
  live.RunToEnd();
  Cluster& cluster = live.cluster();
  WipeOutcome outcome;
  for (const auto& [key, versions] : cluster.FinalReplicaVersions()) {
    dynamo::Ring::NodeList top;
    cluster.ring().PreferenceList(key, cluster.node_config().n, &top);
    for (dynamo::NodeId replica : top) {
      ++outcome.checked;
      outcome.divergent += cluster.host(replica).durable().data.Digest(key) !=
                           dynamo::SiblingsDigest(versions);
    }
  }
  outcome.keys_repaired = cluster.RepairTotals().keys_repaired;
  return outcome;
}

TEST(FaultScenariosTest, DiskWipeIsRebuiltSoEveryReplicaAgrees) {
  const WipeOutcome outcome = RunDiskWipe({});
  EXPECT_GT(outcome.checked, 500);
  EXPECT_EQ(outcome.divergent, 0);
  EXPECT_GT(outcome.keys_repaired, 0u);
  EXPECT_EQ(ComputeLostWrites(RunShippedScenario("disk-wipe")).lost_writes, 0u);
}

TEST(FaultScenariosTest, DiskWipeStaysBrokenWithoutAntiEntropyAndReadRepair) {
  const WipeOutcome outcome =
      RunDiskWipe({"cluster.anti_entropy.enabled=false", "cluster.read_repair=false"});
  EXPECT_GT(outcome.divergent, 20);
  EXPECT_EQ(outcome.keys_repaired, 0u);
}

}  // namespace
}  // namespace sim
