// Buffered writes (paper section 6.1): acknowledged from memory, flushed every flush_interval; a
// crash loses what was not flushed. As in the paper, the coordinator has one of the N replicas
// write durably, so the acknowledged write itself survives a crash of a buffering replica.
#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sim/analysis/summary.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

// Strict quorums of one, so a put is acknowledged by whichever replica answers first.
std::string Scenario(bool buffered, int n = 3) {
  return std::string(R"({"name": "buffered", "duration": "8s", "quiesce": "3s",
    "cluster": {"nodes": 3, "replication": {"n": )") +
         std::to_string(n) + R"(, "r": 1, "w": 1}, "sloppy_quorum": false},
    "storage": {"buffered_writes": )" +
         (buffered ? "true" : "false") + R"(, "flush_interval": "2s",
                "write_latency": {"distribution": "constant", "value": "3ms"}},
    "workload": {"clients": 6, "keys": 30},
    "faults": [{"at": "3500ms", "until": "4500ms", "type": "crash", "nodes": ["n1"]}]})";
}

TEST(BufferedWritesTest, CrashLosesUnflushedVersionsButTheDurableReplicaKeepsTheWrite) {
  const RunResult result = RunScenario(ScenarioFromJson(Scenario(true)), 4);
  EXPECT_GT(result.repair.unflushed_lost, 0u);
  const RunSummary summary = ComputeRunSummary(result);
  EXPECT_GT(summary.lost_writes.acknowledged_puts, 100u);
  EXPECT_EQ(summary.lost_writes.lost_writes, 0u);
}

TEST(BufferedWritesTest, WithOneReplicaEveryWriteIsTheDurableOne) {
  const RunResult result = RunScenario(ScenarioFromJson(Scenario(true, /*n=*/1)), 4);
  EXPECT_EQ(result.repair.unflushed_lost, 0u);
  EXPECT_EQ(ComputeRunSummary(result).lost_writes.lost_writes, 0u);
}

TEST(BufferedWritesTest, DurableWritesSurviveTheSameCrash) {
  const RunResult result = RunScenario(ScenarioFromJson(Scenario(false)), 4);
  EXPECT_EQ(result.repair.unflushed_lost, 0u);
  EXPECT_EQ(ComputeRunSummary(result).lost_writes.lost_writes, 0u);
}

TEST(BufferedWritesTest, BufferingCutsPutLatency) {
  auto put_p50 = [](const RunResult& result) {
    std::vector<TimeUs> latencies;
    for (const Op& op : result.history.ops()) {
      if (op.type == OpType::kPut && op.ok()) latencies.push_back(op.latency_us());
    }
    std::sort(latencies.begin(), latencies.end());
    return latencies[latencies.size() / 2];
  };
  const TimeUs buffered_us = put_p50(RunScenario(ScenarioFromJson(Scenario(true)), 4));
  const TimeUs durable_us = put_p50(RunScenario(ScenarioFromJson(Scenario(false)), 4));
  EXPECT_LT(buffered_us + 2 * kMillisecond, durable_us);  // the 3ms write is off the path
}

}  // namespace
}  // namespace sim
