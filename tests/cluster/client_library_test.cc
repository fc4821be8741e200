// Client-library coordination (cluster.coordination "client_library", paper section 6.4;
// sim/client.h): the client coordinates its gets, and its last-write-wins puts, itself, straight
// to the replicas of its own ring view, refreshed every client_refresh.
#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sim/analysis/lost_writes.h"
#include "sim/analysis/staleness.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

constexpr TimeUs kLatencyUs = 3 * kMillisecond;  // the one-way latency of every message

// 5 nodes, N = 3, registers, every message exactly kLatencyUs, no repair: an op's latency is a
// whole number of one-way hops.
scenario::Scenario Registers(const std::string& coordination, const std::string& resolution,
                             int r, int w) {
  return ScenarioFromJson(R"({"name": "client-library", "duration": "3s", "quiesce": "1s",
    "cluster": {"nodes": 5, "replication": {"n": 3, "r": )" + std::to_string(r) +
                          R"(, "w": )" + std::to_string(w) + R"(},
                "coordination": ")" + coordination + R"(", "conflict_resolution": ")" +
                          resolution + R"(", "read_repair": false,
                "anti_entropy": {"enabled": false}},
    "network": {"latency": {"distribution": "constant", "value": "3ms"}},
    "workload": {"clients": 4, "keys": 50, "read_modify_write": false}})");
}

uint64_t Traffic(const RunResult& result, const std::string& kind) {
  for (const MessageTraffic& traffic : result.traffic) {
    if (traffic.kind == kind) return traffic.count;
  }
  return 0;
}

uint64_t Ops(const RunResult& result, OpType type) {
  uint64_t ops = 0;
  for (const Op& op : result.history.ops()) ops += op.type == type;
  return ops;
}

// Every op took exactly `hops` one-way latencies; returns how many ops there were.
uint64_t ExpectEveryOpTakes(const RunResult& result, OpType type, int hops) {
  uint64_t ops = 0;
  for (const Op& op : result.history.ops()) {
    if (op.type != type || op.status == OpStatus::kPending) continue;
    ++ops;
    EXPECT_TRUE(op.ok()) << "op " << op.id;
    EXPECT_EQ(op.latency_us(), hops * kLatencyUs) << "op " << op.id;
  }
  return ops;
}

TEST(ClientLibraryTest, GetsAndLastWriteWinsPutsTakeOneRoundTrip) {
  for (const int quorum : {1, 2}) {
    SCOPED_TRACE("R = W = " + std::to_string(quorum));
    const RunResult result = RunScenario(Registers("client_library", "last_write_wins", quorum, quorum), 1);
    EXPECT_GT(ExpectEveryOpTakes(result, OpType::kGet, 2), 100u);
    EXPECT_GT(ExpectEveryOpTakes(result, OpType::kPut, 2), 100u);
    // The client is the op's coordinator; no node coordinated anything.
    for (const Op& op : result.history.ops()) {
      if (op.ok()) {
        EXPECT_GE(op.coordinator, 5u) << "op " << op.id;  // a client's process id
      }
    }
    for (const NodeLoad& load : result.node_load) {
      EXPECT_EQ(load.client_requests, 0u) << load.node;
      EXPECT_EQ(load.gets_coordinated + load.puts_coordinated, 0u) << load.node;
    }
    // Every leg of every op went over the network, and counts: N per op (no local leg).
    EXPECT_EQ(Traffic(result, "client_get") + Traffic(result, "client_put"), 0u);
    const uint64_t gets = Traffic(result, "get");
    const uint64_t puts = Traffic(result, "put");
    EXPECT_GE(gets, 3 * (Ops(result, OpType::kGet) - 4));  // at most one op per client unfinished
    EXPECT_LE(gets, 3 * Ops(result, OpType::kGet));
    EXPECT_GE(puts, 3 * (Ops(result, OpType::kPut) - 4));
    EXPECT_LE(puts, 3 * Ops(result, OpType::kPut));
    uint64_t served_gets = 0, served_puts = 0;
    for (const NodeLoad& load : result.node_load) {
      served_gets += load.gets_as_replica;
      served_puts += load.puts_as_replica;
    }
    EXPECT_EQ(served_gets, gets);
    EXPECT_EQ(served_puts, puts);
    EXPECT_EQ(Traffic(result, "get_reply"), gets);
    EXPECT_EQ(Traffic(result, "put_ack"), puts);
  }
}

// The same model with the node coordinating (client-side routing to a top-N node, which serves its
// own leg in place): R = 1 answers locally, 2 hops; R = 2 waits for a remote replica, 4 hops. The
// client library saves the coordinator hop.
TEST(ClientLibraryTest, NodeCoordinationTakesTheCoordinatorHop) {
  const RunResult r1 = RunScenario(Registers("client", "last_write_wins", 1, 1), 1);
  EXPECT_GT(ExpectEveryOpTakes(r1, OpType::kGet, 2), 100u);
  const RunResult r2 = RunScenario(Registers("client", "last_write_wins", 2, 2), 1);
  EXPECT_GT(ExpectEveryOpTakes(r2, OpType::kGet, 4), 100u);
  EXPECT_GT(ExpectEveryOpTakes(r2, OpType::kPut, 4), 100u);
}

// Under vector clocks the node must issue the write's clock entry: puts go to a top-N node of the
// client's view (2 + 2 hops at W = 2), gets stay with the client (2 hops).
TEST(ClientLibraryTest, VectorClockPutsGoThroughANode) {
  const RunResult result = RunScenario(Registers("client_library", "vector_clock", 2, 2), 1);
  EXPECT_GT(ExpectEveryOpTakes(result, OpType::kGet, 2), 100u);
  const uint64_t puts = ExpectEveryOpTakes(result, OpType::kPut, 4);
  EXPECT_GT(puts, 100u);
  uint64_t puts_coordinated = 0, gets_coordinated = 0;
  for (const NodeLoad& load : result.node_load) {
    puts_coordinated += load.puts_coordinated;
    gets_coordinated += load.gets_coordinated;
  }
  EXPECT_EQ(gets_coordinated, 0u);
  EXPECT_EQ(puts_coordinated, Traffic(result, "client_put"));
  EXPECT_EQ(Traffic(result, "client_get"), 0u);
  EXPECT_EQ(Traffic(result, "forward_put"), 0u);  // sent to a top-N node: no forwarding
}

// The checkers read the client-coordinated ops as they read the others: a single client with
// R = W = N never reads stale and loses nothing; at R = W = 1 with variable latency and no repair
// its reads race its own writes' other legs, and the checker sees stale reads.
TEST(ClientLibraryTest, CheckersSeeClientCoordinatedOps) {
  const auto scenario = [](int quorum) {
    return ScenarioFromJson(R"({"name": "client-library-checkers", "duration": "4s",
      "quiesce": "2s",
      "cluster": {"nodes": 5, "replication": {"n": 3, "r": )" + std::to_string(quorum) +
                            R"(, "w": )" + std::to_string(quorum) + R"(},
                  "coordination": "client_library", "conflict_resolution": "last_write_wins",
                  "read_repair": false, "anti_entropy": {"enabled": false}},
      "network": {"latency": {"distribution": "exponential", "mean": "2ms"}},
      "workload": {"clients": 1, "keys": 3, "read_modify_write": false}})");
  };
  const RunResult strict = RunScenario(scenario(3), 1);
  EXPECT_GT(strict.history.ops().size(), 300u);
  EXPECT_EQ(ComputeStaleness(strict).stale_reads, 0u);
  EXPECT_EQ(ComputeLostWrites(strict).lost_writes, 0u);
  const RunResult weak = RunScenario(scenario(1), 1);
  EXPECT_GT(ComputeStaleness(weak).stale_reads, 0u);
  // Anti-entropy is off, but every put reached all three replicas in the end: nothing is lost.
  EXPECT_EQ(ComputeLostWrites(weak).lost_writes, 0u);
}

// The coordinator's own replica is served in place, but its answer still waits for the storage
// latency (dynamo/replica.h): with client-side routing (the entry node is a top-N replica) and
// R = W = 1 the local leg answers first, after exactly the storage read (write) latency. The client
// library has no local leg: each leg costs two hops plus the storage latency.
TEST(ClientLibraryTest, StorageLatencyDelaysTheCoordinatorsLocalLeg) {
  for (const std::string coordination : {"client", "client_library"}) {
    SCOPED_TRACE(coordination);
    scenario::Scenario scenario = Registers(coordination, "last_write_wins", 1, 1);
    scenario.storage.read_latency = Distribution::Constant(700);
    scenario.storage.write_latency = Distribution::Constant(1100);
    const RunResult result = RunScenario(scenario, 1);
    uint64_t gets = 0, puts = 0;
    for (const Op& op : result.history.ops()) {
      if (op.status == OpStatus::kPending) continue;
      ASSERT_TRUE(op.ok()) << "op " << op.id;
      const bool get = op.type == OpType::kGet;
      (get ? gets : puts) += 1;
      EXPECT_EQ(op.latency_us(), 2 * kLatencyUs + (get ? 700 : 1100)) << "op " << op.id;
    }
    EXPECT_GT(gets, 100u);
    EXPECT_GT(puts, 100u);
  }
}

// A node that joins is used by a client only once the client has downloaded a view that has it:
// until the refresh at client_refresh (10 s) no get or put leg reaches it, though every node's ring
// has had it for seconds.
TEST(ClientLibraryTest, StaleRingViewIsUsedUntilTheRefresh) {
  const auto scenario = [](const std::string& refresh) {
    return ScenarioFromJson(R"({"name": "client-library-refresh", "duration": "12s",
      "quiesce": "1s",
      "cluster": {"nodes": 3, "replication": {"n": 3, "r": 1, "w": 1},
                  "coordination": "client_library", "conflict_resolution": "last_write_wins",
                  "client_refresh": ")" + refresh + R"(", "read_repair": false,
                  "anti_entropy": {"enabled": false}},
      "network": {"latency": {"distribution": "constant", "value": "1ms"}},
      "workload": {"clients": 4, "keys": 100, "read_modify_write": false},
      "faults": [{"at": "1s", "type": "join", "nodes": ["n4"]}]})");
  };
  LiveCluster stale(scenario("10s"), 1);
  stale.RunUntil(10 * kSecond - 1);
  Cluster& cluster = stale.cluster();
  ASSERT_TRUE(cluster.ring().HasNode(3)) << "n4 joined well before the refresh";
  for (size_t node = 0; node < 3; ++node) {
    ASSERT_NE(cluster.host(node).node(), nullptr);
    EXPECT_TRUE(cluster.host(node).node()->membership().ring().HasNode(3)) << "n" << node + 1;
  }
  NodeLoad joined = cluster.NodeLoads()[3];
  EXPECT_EQ(joined.gets_as_replica + joined.puts_as_replica, 0u);
  stale.RunUntil(10 * kSecond + 500 * kMillisecond);
  joined = cluster.NodeLoads()[3];
  EXPECT_GT(joined.gets_as_replica, 0u);
  EXPECT_GT(joined.puts_as_replica, 0u);

  // With a 1 s refresh the clients use n4 within seconds of its join.
  LiveCluster fresh(scenario("1s"), 1);
  fresh.RunUntil(5 * kSecond);
  EXPECT_GT(fresh.cluster().NodeLoads()[3].gets_as_replica, 0u);
}

}  // namespace
}  // namespace sim
