// The final checks read what a client could read (design.md, "Oracle rule"): no_lost_writes
// reads each written key from the final ring's replicas only, the convergence sampler follows
// the newest ring through quiesce, and convergence is also timed under load after the last heal.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sim/analysis/key_replicas.h"
#include "sim/analysis/summary.h"
#include "sim/convergence_monitor.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

const CheckResult* FindCheck(const RunSummary& summary, const std::string& name) {
  for (const CheckResult& check : summary.checks) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

// stand-in-crash at seed 2 with every mechanism that moves copies onto replicas turned off: an
// acknowledged item is left on a stand-in (as a hint) or on a node that is no replica, never on
// a final replica. The old every-disk merge printed PASS 0 of 769 here.
TEST(ClientVisibleChecksTest, AWriteLeftOnlyOffTheFinalReplicasIsLost) {
  const RunResult result = RunShippedScenario(
      "stand-in-crash",
      {"cluster.hinted_handoff.enabled=false", "cluster.read_repair=false",
       "cluster.anti_entropy.enabled=false"},
      2);
  const RunSummary summary = ComputeRunSummary(result);
  const CheckResult* check = FindCheck(summary, "no_lost_writes");
  ASSERT_NE(check, nullptr);
  EXPECT_FALSE(check->passed) << check->detail;
  EXPECT_GE(summary.lost_writes.lost_writes, 1u);
  EXPECT_FALSE(summary.passed);
}

TEST(ClientVisibleChecksTest, StandInCrashWithItsMechanismsOnLosesNothing) {
  const RunResult result = RunShippedScenario("stand-in-crash", {}, 2);
  const RunSummary summary = ComputeRunSummary(result);
  const CheckResult* check = FindCheck(summary, "no_lost_writes");
  ASSERT_NE(check, nullptr);
  EXPECT_TRUE(check->passed) << check->detail;
  EXPECT_EQ(summary.lost_writes.lost_writes, 0u);
  EXPECT_GT(summary.lost_writes.acknowledged_puts, 500u);
}

// membership-churn cut to end at 60.2s: n4's leave (asked at 60s) installs a new ring during
// quiesce. The sampler must compare the replicas of that ring, not those of quiesce start.
TEST(ClientVisibleChecksTest, ConvergenceSamplesTheRingInstalledDuringQuiesce) {
  auto loaded = scenario::LoadScenarioFile(
      std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/membership-churn.json", {"duration=60.2s"});
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const scenario::Scenario& s = *loaded;
  Cluster cluster(s, s.seed);
  FaultInjector faults(cluster, s);
  faults.ScheduleAll();
  cluster.Start();
  ConvergenceMonitor monitor(cluster, faults, s.quiesce_us);
  ASSERT_TRUE(monitor.RunWorkload(s.duration_us));
  const size_t n = cluster.node_config().n;
  const uint64_t rings_at_quiesce = cluster.ring_changes();
  const std::vector<KeyReplicas> at_quiesce =
      ReplicasOfKeys(cluster.ring(), cluster.WrittenKeys(), n);
  ASSERT_TRUE(monitor.RunQuiesce(s.duration_us + s.quiesce_us));
  ASSERT_GT(cluster.ring_changes(), rings_at_quiesce) << "no ring was installed during quiesce";

  const std::vector<KeyReplicas> final_sets = ReplicasOfKeys(cluster.ring(), cluster.WrittenKeys(), n);
  const std::vector<KeyReplicas>& sampled = monitor.replicas();
  ASSERT_EQ(sampled.size(), final_sets.size());
  ASSERT_EQ(at_quiesce.size(), final_sets.size());
  size_t moved = 0;  // keys whose replica set the new ring changed: a fixed-set sampler gets them wrong
  for (size_t i = 0; i < final_sets.size(); ++i) {
    ASSERT_EQ(sampled[i].key, final_sets[i].key);
    EXPECT_EQ(sampled[i].replicas, final_sets[i].replicas) << "key " << final_sets[i].key;
    moved += at_quiesce[i].replicas != final_sets[i].replicas;
  }
  EXPECT_GT(moved, 0u);
  ProcessId n4 = 0;
  ASSERT_TRUE(cluster.FindProcess("n4", &n4));
  EXPECT_FALSE(cluster.ring().HasNode(n4));
  for (const KeyReplicas& key : sampled) {
    EXPECT_THAT(key.replicas, ::testing::Not(::testing::Contains(n4))) << "key " << key.key;
  }
}

// A crash that ends before quiesce: the sampler times convergence under load from the restart,
// and neither the workload steps nor the samples change the digest.
constexpr const char* kCrashThenLoad = R"({
  "name": "crash-then-load", "duration": "8s", "quiesce": "4s",
  "cluster": {"nodes": 5, "anti_entropy": {"interval": "1s"}},
  "workload": {"clients": 3, "keys": 30},
  "faults": [{"at": "2s", "until": "4s", "type": "crash", "nodes": ["n2"]}]
})";

TEST(ClientVisibleChecksTest, SamplingUnderLoadLeavesTheDigestAlone) {
  const scenario::Scenario s = ScenarioFromJson(kCrashThenLoad);
  LiveCluster unsampled(s, 5);  // runs straight to the end, no sampling
  unsampled.RunToEnd();
  const RunResult sampled = RunScenario(s, 5);
  EXPECT_EQ(sampled.digest, unsampled.cluster().trace().DigestHex());
  const ConvergenceResult& convergence = sampled.convergence;
  ASSERT_TRUE(convergence.last_heal_us.has_value());
  EXPECT_EQ(*convergence.last_heal_us, 4 * kSecond);
  EXPECT_GT(convergence.load_samples, 0u);
}

}  // namespace
}  // namespace sim
