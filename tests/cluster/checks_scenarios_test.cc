// The checkers end to end on real runs: shipped scenarios get the verdicts their descriptions
// promise, convergence is sampled and timed without touching the digest, and a cluster that
// cannot repair is caught diverging.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sim/analysis/summary.h"
#include "sim/convergence_monitor.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

using ::testing::HasSubstr;

const CheckResult* FindCheck(const RunSummary& summary, const std::string& name) {
  for (const CheckResult& check : summary.checks) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

TEST(ChecksScenariosTest, PartitionHealPassesEveryCheck) {
  const RunResult result = RunShippedScenario("partition-heal");
  const RunSummary summary = ComputeRunSummary(result);
  ASSERT_EQ(summary.checks.size(), 2u);
  for (const CheckResult& check : summary.checks) EXPECT_TRUE(check.passed) << check.detail;
  EXPECT_TRUE(summary.passed);
  EXPECT_TRUE(result.convergence.converged);
  EXPECT_GT(summary.lost_writes.acknowledged_puts, 1000u);
  EXPECT_GT(summary.siblings.max_versions, 1);  // the partition made siblings
  EXPECT_THAT(FindCheck(summary, "convergence")->detail, HasSubstr("within 60s"));
  // The partition has no `until`: its window runs to the heal at 25 s, for the charts.
  ASSERT_EQ(result.faults.size(), 2u);
  EXPECT_EQ(result.faults[0].type, "partition");
  EXPECT_EQ(result.faults[0].start_us, 10 * kSecond);
  EXPECT_EQ(result.faults[0].end_us, 25 * kSecond);
  EXPECT_EQ(result.faults[1].type, "heal");
  // Convergence under load: sampled from the heal at 25 s while the clients still run; the
  // replicas need a while (hints, read repair, anti-entropy) before they first all agree.
  const ConvergenceResult& convergence = result.convergence;
  ASSERT_TRUE(convergence.last_heal_us.has_value());
  EXPECT_EQ(*convergence.last_heal_us, 25 * kSecond);
  ASSERT_TRUE(convergence.after_heal_us.has_value());
  EXPECT_GT(*convergence.after_heal_us, 0);
  EXPECT_LT(*convergence.after_heal_us, 15 * kSecond);  // reached before quiesce at 40 s
  EXPECT_EQ(*convergence.after_heal_us % convergence.sample_interval_us, 0);
}

TEST(ChecksScenariosTest, DiskWipePassesEveryCheckAndRepairIsWhatConvergesIt) {
  const RunResult result = RunShippedScenario("disk-wipe");
  const RunSummary summary = ComputeRunSummary(result);
  ASSERT_EQ(summary.checks.size(), 2u);
  for (const CheckResult& check : summary.checks) EXPECT_TRUE(check.passed) << check.detail;
  EXPECT_GT(result.repair.keys_repaired, 0u);
  // The same run with both repair mechanisms off: the wiped replica stays empty.
  const RunSummary unrepaired = ComputeRunSummary(RunShippedScenario(
      "disk-wipe", {"cluster.anti_entropy.enabled=false", "cluster.read_repair=false"}));
  ASSERT_NE(FindCheck(unrepaired, "convergence"), nullptr);
  EXPECT_FALSE(FindCheck(unrepaired, "convergence")->passed);
  EXPECT_TRUE(FindCheck(unrepaired, "no_lost_writes")->passed);
}

TEST(ChecksScenariosTest, LwwClockSkewLosesAcknowledgedWrites) {
  const RunResult result = RunShippedScenario("lww-clock-skew");
  const RunSummary summary = ComputeRunSummary(result);
  EXPECT_GT(summary.lost_writes.lost_writes, 0u);
  const CheckResult* check = FindCheck(summary, "no_lost_writes");
  ASSERT_NE(check, nullptr);
  EXPECT_FALSE(check->passed);
  EXPECT_THAT(check->detail, HasSubstr("the final value is put op"));
  EXPECT_FALSE(summary.passed);
  // With vector clocks the same writes become siblings: nothing lost.
  const RunResult clocks =
      RunShippedScenario("lww-clock-skew", {"cluster.conflict_resolution=vector_clock"});
  EXPECT_EQ(ComputeRunSummary(clocks).lost_writes.lost_writes, 0u);
}

// A node down until quiesce: its stand-ins hold hints and deliver them after the restart, so the
// replicas agree some time after quiesce begins, on a sample.
constexpr const char* kCrashUntilQuiesce = R"({
  "name": "crash-until-quiesce", "duration": "8s", "quiesce": "12s",
  "cluster": {"nodes": 5, "read_repair": false, "anti_entropy": {"enabled": false}},
  "workload": {"clients": 4, "keys": 40},
  "faults": [{"at": "3s", "until": "8s", "type": "crash", "nodes": ["n2"]}]
})";

TEST(ConvergenceSamplingTest, TimesTheRepairAfterQuiesceOnASample) {
  const RunResult result = RunScenario(ScenarioFromJson(kCrashUntilQuiesce), 3);
  const ConvergenceResult& convergence = result.convergence;
  ASSERT_TRUE(convergence.converged);
  EXPECT_EQ(convergence.sample_interval_us, 100 * kMillisecond);
  EXPECT_EQ(convergence.reference_us, 8 * kSecond);
  EXPECT_GT(convergence.convergence_time_us, 0);  // hints take a while to arrive
  EXPECT_LT(convergence.convergence_time_us, 12 * kSecond);
  EXPECT_EQ(convergence.convergence_time_us % convergence.sample_interval_us, 0);
  EXPECT_EQ(convergence.keys, 40u);
  EXPECT_GT(result.repair.hints_delivered, 0u);
}

TEST(ConvergenceSamplingTest, SamplingLeavesTheDigestAlone) {
  const scenario::Scenario s = ScenarioFromJson(kCrashUntilQuiesce);
  LiveCluster unsampled(s, 3);  // runs straight to the end, no sampling
  unsampled.RunToEnd();
  EXPECT_EQ(RunScenario(s, 3).digest, unsampled.cluster().trace().DigestHex());
}

TEST(ConvergenceSamplingTest, ACLusterThatCannotRepairIsCaughtDiverging) {
  const scenario::Scenario s = ScenarioFromJson(R"({
    "name": "no-repair", "duration": "5s", "quiesce": "5s",
    "cluster": {"nodes": 5, "read_repair": false, "anti_entropy": {"enabled": false},
                "hinted_handoff": {"enabled": false}},
    "network": {"drop_rate": 0.2},
    "workload": {"clients": 4, "keys": 20, "read_modify_write": false}
  })");
  const RunResult result = RunScenario(s, 1);
  EXPECT_FALSE(result.convergence.converged);
  ASSERT_TRUE(result.convergence.divergence.has_value());
  const Divergence& divergence = *result.convergence.divergence;
  ASSERT_EQ(divergence.replicas.size(), 3u);
  bool some_differ = false;
  for (const ReplicaHolding& replica : divergence.replicas) some_differ |= !replica.agrees;
  EXPECT_TRUE(some_differ);
  const RunSummary summary = ComputeRunSummary(result);
  const CheckResult* check = FindCheck(summary, "convergence");
  ASSERT_NE(check, nullptr);
  EXPECT_FALSE(check->passed);
  EXPECT_THAT(check->detail, HasSubstr("key " + std::to_string(divergence.key) + ":"));
}

TEST(NodeLoadTest, CountsPerNodeWorkAcrossACrash) {
  const RunResult result = RunScenario(ScenarioFromJson(kCrashUntilQuiesce), 3);
  ASSERT_EQ(result.node_load.size(), 5u);
  uint64_t requests = 0, coordinated = 0, hints = 0;
  for (const NodeLoad& load : result.node_load) {
    requests += load.client_requests;
    coordinated += load.gets_coordinated + load.puts_coordinated;
    hints += load.hints_stored;
    EXPECT_GT(load.keys_stored, 0u) << load.node;
  }
  EXPECT_EQ(result.node_load[1].node, "n2");
  EXPECT_GT(result.node_load[1].client_requests, 0u);  // banked from before the crash
  EXPECT_GE(requests, result.history.ops().size());
  EXPECT_GT(coordinated, 0u);
  EXPECT_EQ(hints, result.repair.hints_stored);
}

}  // namespace
}  // namespace sim
