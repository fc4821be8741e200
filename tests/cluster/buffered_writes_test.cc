// Buffered writes (paper section 6.1): acknowledged from memory, flushed every flush_interval; a
// crash loses what was not flushed, and the loss shows in the history (stale reads of items
// whose puts were acknowledged) and in the run's counts. Durable writes lose nothing.
#include <algorithm>
#include <vector>

#include "gtest/gtest.h"
#include "sim/analysis/staleness.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

// One replica per key and strict quorums, so nothing but the crashed node's disk holds its keys.
std::string Scenario(bool buffered) {
  return std::string(R"({"name": "buffered", "duration": "8s", "quiesce": "3s",
    "cluster": {"nodes": 3, "replication": {"n": 1, "r": 1, "w": 1}, "sloppy_quorum": false},
    "storage": {"buffered_writes": )") +
         (buffered ? "true" : "false") + R"(, "flush_interval": "2s",
                "write_latency": {"distribution": "constant", "value": "3ms"}},
    "workload": {"clients": 6, "keys": 30},
    "faults": [{"at": "3500ms", "until": "4500ms", "type": "crash", "nodes": ["n1"]}]})";
}

TEST(BufferedWritesTest, CrashLosesUnflushedAcknowledgedWrites) {
  const RunResult result = RunScenario(ScenarioFromJson(Scenario(true)), 4);
  EXPECT_GT(result.repair.unflushed_lost, 0u);
  EXPECT_GT(ComputeStaleness(result).stale_reads, 0u);
}

TEST(BufferedWritesTest, DurableWritesSurviveTheSameCrash) {
  const RunResult result = RunScenario(ScenarioFromJson(Scenario(false)), 4);
  EXPECT_EQ(result.repair.unflushed_lost, 0u);
  EXPECT_EQ(ComputeStaleness(result).stale_reads, 0u);
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
