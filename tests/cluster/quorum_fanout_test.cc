// cluster.replication.fanout "quorum" (sim/client.h, docs/node-logic.md): a client-library round
// goes to exactly R (a get) or W (a put) of the key's N replicas, a uniformly random subset, so
// a put reaches W replicas and nothing else spreads it (PBS's non-expanding quorums). A get then
// misses the latest put with probability C(N-W, R) / C(N, R).
#include <cmath>
#include <cstdint>
#include <string>

#include "gtest/gtest.h"
#include "sim/analysis/t_visibility.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

// Registers, client-library coordination under last-write-wins, nothing that spreads a write
// (no read repair, anti-entropy or sloppy quorum), every message exactly 1 ms: a round trip is
// 2 ms and every op succeeds at its first attempt.
std::string QuorumScenario(int nodes, int n, int r, int w, const std::string& workload,
                           const std::string& extra = "") {
  return R"({"name": "quorum-fanout", "duration": "3s", "quiesce": "1s",
    "cluster": {"nodes": )" + std::to_string(nodes) + R"(,
                "replication": {"n": )" + std::to_string(n) + R"(, "r": )" + std::to_string(r) +
         R"(, "w": )" + std::to_string(w) + R"(, "fanout": "quorum"},
                "coordination": "client_library", "conflict_resolution": "last_write_wins",
                "read_repair": false, "anti_entropy": {"enabled": false},
                "sloppy_quorum": false},
    "network": {"latency": {"distribution": "constant", "value": "1ms"}},
    "workload": )" + workload + extra + "}";
}

// The scenario cut (or stretched) to `duration_us` of load.
scenario::Scenario WithDuration(scenario::Scenario scenario, TimeUs duration_us) {
  scenario.duration_us = duration_us;
  scenario.workload.stop_us = duration_us;
  return scenario;
}

uint64_t Traffic(const RunResult& result, const std::string& kind) {
  for (const MessageTraffic& traffic : result.traffic) {
    if (traffic.kind == kind) return traffic.count;
  }
  return 0;
}

// Every round's legs: R per get, W per put, each answered once; every replica leg counted by a node.
TEST(QuorumFanoutTest, EachGetAsksRAndEachPutWReplicas) {
  const RunResult result = RunScenario(
      ScenarioFromJson(QuorumScenario(
          5, 5, 2, 3, R"({"clients": 4, "keys": 50, "read_modify_write": false})")),
      1);
  uint64_t gets = 0, puts = 0;
  for (const Op& op : result.history.ops()) {
    ASSERT_TRUE(op.ok()) << "op " << op.id;
    ASSERT_EQ(op.attempts, 1u) << "op " << op.id;
    (op.type == OpType::kGet ? gets : puts) += 1;
  }
  EXPECT_GT(gets, 500u);
  EXPECT_GT(puts, 500u);
  EXPECT_EQ(Traffic(result, "get"), 2 * gets);
  EXPECT_EQ(Traffic(result, "put"), 3 * puts);
  EXPECT_EQ(Traffic(result, "get_reply"), 2 * gets);
  EXPECT_EQ(Traffic(result, "put_ack"), 3 * puts);
  uint64_t served_gets = 0, served_puts = 0;
  for (const NodeLoad& load : result.node_load) {
    served_gets += load.gets_as_replica;
    served_puts += load.puts_as_replica;
  }
  EXPECT_EQ(served_gets, 2 * gets);
  EXPECT_EQ(served_puts, 3 * puts);
}

// One key on three nodes, R = W = 1: each round picks one of the three replicas, each about a
// third of the time (a coordinator that always asked the first of the preference list fails this).
TEST(QuorumFanoutTest, TheAskedReplicaIsUniform) {
  const RunResult result = RunScenario(
      ScenarioFromJson(QuorumScenario(
          3, 3, 1, 1, R"({"clients": 2, "keys": 1, "read_modify_write": false})")),
      1);
  uint64_t total = 0;
  for (const NodeLoad& load : result.node_load) total += load.gets_as_replica + load.puts_as_replica;
  ASSERT_GT(total, 2000u);
  for (const NodeLoad& load : result.node_load) {
    const double share =
        static_cast<double>(load.gets_as_replica + load.puts_as_replica) / static_cast<double>(total);
    EXPECT_GT(share, 0.28) << load.node;
    EXPECT_LT(share, 0.39) << load.node;
  }
}

TEST(QuorumFanoutTest, SameSeedSameDigest) {
  const scenario::Scenario scenario = WithDuration(
      ScenarioFromJson(
          QuorumScenario(5, 3, 1, 2, R"({"clients": 4, "keys": 20, "read_modify_write": false})")),
      kSecond);
  const RunResult first = RunScenario(scenario, 3);
  const RunResult second = RunScenario(scenario, 3);
  EXPECT_EQ(first.digest, second.digest);
  EXPECT_EQ(first.history.ops().size(), second.history.ops().size());
  EXPECT_NE(RunScenario(scenario, 4).digest, first.digest);
}

// One client writes one key and reads it back at the acknowledgement (t = 0): the read sees the
// put exactly when it asks one of the W replicas the put reached.
TVisibilityAt ReadBackAtZero(int n, int r, int w, TimeUs duration_us) {
  scenario::Scenario scenario = ScenarioFromJson(QuorumScenario(
      n, n, r, w,
      R"({"clients": 1, "keys": 1, "mix": {"get": 0, "put": 1}, "read_modify_write": false,
          "reads_after_put": ["0us"]})",
      R"(, "checks": {"t_visibility": {"at": ["0us"]}})"));
  const RunResult result = RunScenario(WithDuration(scenario, duration_us), 1);
  const TVisibility curve = ComputeTVisibility(result.history, ValueModel{false, true}, {0});
  EXPECT_EQ(curve.at.size(), 1u);
  return curve.at.empty() ? TVisibilityAt{} : curve.at[0];
}

// N = 3, R = W = 1: P(miss) = C(2, 1) / C(3, 1) = 2/3. A put-and-read cycle is 4 ms, so 12 s give
// 3,000 reads; the seen share must lie within 4 standard errors of 1/3.
TEST(QuorumFanoutTest, StaleShareMatchesTheClosedForm) {
  const TVisibilityAt at = ReadBackAtZero(3, 1, 1, 12 * kSecond);
  ASSERT_GT(at.gets_at, 2900u);
  const double expected = 1.0 / 3.0;
  const double standard_error =
      std::sqrt(expected * (1 - expected) / static_cast<double>(at.gets_at));
  const double seen = static_cast<double>(at.saw_at) / static_cast<double>(at.gets_at);
  EXPECT_NEAR(seen, expected, 4 * standard_error) << at.saw_at << " of " << at.gets_at;
}

// R + W > N: every read quorum meets every write quorum, so no read misses (C(1, 2) = 0).
TEST(QuorumFanoutTest, OverlappingQuorumsNeverMiss) {
  const TVisibilityAt at = ReadBackAtZero(3, 2, 2, 2 * kSecond);
  ASSERT_GT(at.gets_at, 400u);
  EXPECT_EQ(at.saw_at, at.gets_at);
}

}  // namespace
}  // namespace sim
