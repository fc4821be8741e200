// Datacenters (network.datacenters, cluster.replication.datacenters; paper section 4.6): the
// preference lists of a real cluster span D datacenters on every node's ring, messages between
// datacenters carry the datacenter latency exactly, a partition naming datacenters cuts them
// apart, and with workload.entry "datacenter" a client sends to its own datacenter's nodes.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "dynamo/message.h"
#include "gtest/gtest.h"
#include "sim/engine/trace.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

constexpr TimeUs kLatencyUs = 3 * kMillisecond;              // every message inside a datacenter
constexpr TimeUs kDatacenterLatencyUs = 20 * kMillisecond;  // added between datacenters

// 6 nodes, dc "a" = n1 n2 n3 with c1, dc "b" = n4 n5 n6 with c2; c3 in no datacenter. Strategy 3
// deals partitions round-robin in node order, so without D the walk of most partitions stays
// inside one datacenter for two or three nodes.
std::string SixNodesTwoDatacenters(const std::string& replication, const std::string& more = "") {
  return R"({"name": "datacenters", "duration": "4s", "quiesce": "1s",
    "cluster": {"nodes": 6, "replication": )" + replication + R"(,
                "coordination": "client_library", "conflict_resolution": "last_write_wins",
                "read_repair": false, "anti_entropy": {"enabled": false}},
    "network": {"latency": {"distribution": "constant", "value": "3ms"},
                "datacenters": {"a": {"nodes": ["n1", "n2", "n3"], "clients": ["c1"]},
                                "b": {"nodes": ["n4", "n5", "n6"], "clients": ["c2"]}},
                "datacenter_latency": {"distribution": "constant", "value": "20ms"}},
    "workload": {"clients": 3, "keys": 200, "read_modify_write": false}, "checks": {"convergence": false})" +
         more + "}";
}

// The datacenters of `key`'s top `n` on `ring`.
std::set<uint32_t> DatacentersOfTopN(const dynamo::Ring& ring, const dynamo::NodeConfig& config,
                                     dynamo::Key key, size_t n) {
  dynamo::Ring::NodeList top;
  ring.PreferenceList(key, n, &top);
  std::set<uint32_t> datacenters;
  for (dynamo::NodeId node : top) datacenters.insert(config.placement.datacenter_of_node[node]);
  return datacenters;
}

// Every key's top N spans D datacenters, on the cluster's newest ring and on every node's own,
// with a joined node in a third datacenter (strategy 1: random tokens, so the walk is not a
// round-robin that would spread by luck).
TEST(DatacentersTest, EveryTopNSpansDDatacentersOnEveryRing) {
  for (const int spread : {1, 2, 3}) {
    SCOPED_TRACE(spread);
    const scenario::Scenario scenario = ScenarioFromJson(R"({"name": "spread", "duration": "6s",
      "quiesce": "1s",
      "cluster": {"nodes": 8, "replication": {"n": 3, "datacenters": )" +
                                                         std::to_string(spread) + R"(},
                  "partitioning": {"strategy": 1, "tokens_per_node": 8}},
      "network": {"datacenters": {"a": {"nodes": ["n1", "n2", "n3", "n4", "n5"]},
                                  "b": {"nodes": ["n6", "n7"]}, "c": {"nodes": ["n8", "j1"]}}},
      "workload": {"clients": 2, "keys": 300},
      "faults": [{"at": "1s", "type": "join", "nodes": ["j1"]}]})");
    LiveCluster live(scenario, 5);
    live.RunUntil(5 * kSecond);
    Cluster& cluster = live.cluster();
    ProcessId joined = 0;
    ASSERT_TRUE(cluster.FindProcess("j1", &joined));
    ASSERT_TRUE(cluster.ring().HasNode(joined)) << "the join reached the newest ring";
    std::vector<std::shared_ptr<const dynamo::Ring>> rings;
    for (size_t node = 0; node < cluster.node_count(); ++node) {
      const dynamo::Node* up = cluster.host(node).node();
      ASSERT_NE(up, nullptr);
      ASSERT_TRUE(up->membership().has_ring());
      rings.push_back(up->membership().view().shared());
    }
    size_t fewer_than_two = 0;  // keys whose top 3 stays in one datacenter
    for (dynamo::Key key = 0; key < 300; ++key) {
      const size_t spanned =
          DatacentersOfTopN(cluster.ring(), cluster.node_config(), key, 3).size();
      EXPECT_GE(spanned, static_cast<size_t>(spread)) << "key " << key;
      fewer_than_two += spanned < 2 ? 1 : 0;
      for (const auto& ring : rings) {
        dynamo::Ring::NodeList mine, newest;
        ring->PreferenceList(key, 3, &mine);
        cluster.ring().PreferenceList(key, 3, &newest);
        EXPECT_EQ(mine, newest) << "key " << key << ": every node agrees";
      }
    }
    // The plain walk (D = 1) does leave keys inside one datacenter (5 of 9 nodes are in "a"):
    // the rule is what spreads them.
    if (spread == 1) {
      EXPECT_GT(fewer_than_two, 10u);
    }
  }
}

// With N = 2 and D = 2 each key has one replica in each datacenter. Every message takes 3 ms,
// plus 20 ms between datacenters, so a client-library op (one round trip to its replicas) takes
// exactly 6 ms when it waits for one answer (its own datacenter's replica is the first) and 46 ms
// when it waits for both; a client in no datacenter pays no datacenter latency: 6 ms either way.
TEST(DatacentersTest, MessagesBetweenDatacentersCarryTheDatacenterLatency) {
  for (const int quorum : {1, 2}) {
    SCOPED_TRACE(quorum);
    const std::string q = std::to_string(quorum);
    const RunResult result = RunScenario(
        ScenarioFromJson(SixNodesTwoDatacenters(
            R"({"n": 2, "r": )" + q + R"(, "w": )" + q + R"(, "datacenters": 2})")),
        1);
    uint64_t ops[3] = {0, 0, 0};
    for (const Op& op : result.history.ops()) {
      if (op.status == OpStatus::kPending) continue;
      ASSERT_TRUE(op.ok()) << "op " << op.id;
      ++ops[op.client];
      const TimeUs round_trip = 2 * kLatencyUs;
      const TimeUs expected = op.client == 2 || quorum == 1
                                  ? round_trip
                                  : round_trip + 2 * kDatacenterLatencyUs;
      EXPECT_EQ(op.latency_us(), expected) << "op " << op.id << " of c" << op.client + 1;
    }
    for (uint64_t count : ops) EXPECT_GT(count, 50u);
  }
}

// A partition between the two datacenters, strict quorum, N = R = W = 3: with D = 2 every key has
// replicas on both sides, so no op invoked during the cut can succeed; with D = 1 the round-robin
// ring keeps a sixth of the keys' three replicas inside one datacenter, whose ops its client
// completes. After the heal every op succeeds again. A 50 ms request timeout lets a client try
// many keys during the cut.
TEST(DatacentersTest, APartitionNamingDatacentersCutsThemApart) {
  const std::string partition =
      R"(, "faults": [{"at": "1s", "type": "partition", "until": "3s", "groups": [["a"], ["b"]]}])";
  for (const int spread : {1, 2}) {
    SCOPED_TRACE(spread);
    scenario::Scenario scenario = ScenarioFromJson(SixNodesTwoDatacenters(
        R"({"n": 3, "r": 3, "w": 3, "datacenters": )" + std::to_string(spread) + "}",
        partition));
    scenario.cluster.sloppy_quorum = false;
    scenario.cluster.request_timeout_us = 50 * kMillisecond;
    scenario.duration_us = scenario.workload.stop_us = 6 * kSecond;
    const RunResult result = RunScenario(scenario, 2);
    uint64_t succeeded_during = 0, after = 0, failed_after = 0;
    for (const Op& op : result.history.ops()) {
      if (op.status == OpStatus::kPending || op.client == 2) continue;  // c3 reaches both sides
      const bool during = op.invoke_us >= 1 * kSecond && op.complete_us < 3 * kSecond;
      if (during && op.ok()) ++succeeded_during;
      if (op.invoke_us >= 4 * kSecond) {
        ++after;
        failed_after += op.ok() ? 0 : 1;
      }
    }
    if (spread == 2) {
      EXPECT_EQ(succeeded_during, 0u);
    } else {
      EXPECT_GT(succeeded_during, 3u);
    }
    EXPECT_GT(after, 20u);
    EXPECT_EQ(failed_after, 0u);
  }
}

// Same scenario and seed, same digest, with datacenters, a datacenter partition and random
// latencies (so the datacenter latency draws from the stream).
TEST(DatacentersTest, SameSeedSameDigest) {
  scenario::Scenario scenario = ScenarioFromJson(SixNodesTwoDatacenters(
      R"({"n": 3, "r": 2, "w": 2, "datacenters": 2})",
      R"(, "faults": [{"at": "1s", "type": "partition", "until": "2s", "groups": [["a"], ["b"]]}])"));
  scenario.network.latency = Distribution::Lognormal(kMillisecond, 10 * kMillisecond);
  scenario.network.datacenter_latency = Distribution::Exponential(15 * kMillisecond);
  const RunResult first = RunScenario(scenario, 7);
  const RunResult second = RunScenario(scenario, 7);
  EXPECT_EQ(first.digest, second.digest);
  const RunResult other_seed = RunScenario(scenario, 8);
  EXPECT_NE(first.digest, other_seed.digest);
}

// Server coordination, registers, 6 nodes: dc "a" = n1 n2 n3 with c1 c2, dc "b" = n4 n5 n6 with
// c3 c4; N = 3 across both (D = 2), R = W = 1. 1 ms inside a datacenter, 40 ms more between them. Client request timeouts of 100 ms and
// suspicions of 10 s, so a client that finds its nodes down settles elsewhere within an op.
std::string EntryScenario(const std::string& entry, const std::string& more = "",
                          const std::string& nodes_of_a = R"("n1", "n2", "n3")") {
  return R"({"name": "entry", "duration": "10s", "quiesce": "1s",
    "cluster": {"nodes": 6, "replication": {"n": 3, "r": 1, "w": 1, "datacenters": 2},
                "request_timeout": "100ms", "failure_detector": {"suspect_after": "10s"}},
    "network": {"latency": {"distribution": "constant", "value": "1ms"},
                "datacenters": {"a": {"nodes": [)" + nodes_of_a + R"(], "clients": ["c1", "c2"]},
                                "b": {"nodes": ["n4", "n5", "n6"], "clients": ["c3", "c4"]}},
                "datacenter_latency": {"distribution": "constant", "value": "40ms"}},
    "workload": {"clients": 4, "keys": 100, "read_modify_write": false, "think_time": "5ms",
                 "entry": ")" + entry + "\"}" + more + "}";
}

// Counts the client requests (gets and puts a client sends to an entry node, every attempt) of
// a run by whether they stay inside the client's datacenter.
class EntryHopCounter : public TraceSink {
 public:
  explicit EntryHopCounter(Cluster& cluster) : cluster_(cluster) {}
  void Write(const TraceRecord& record, const TraceKindInfo& kind) override {
    if (kind.name != "message_send" || record.actor < cluster_.node_count()) return;
    const auto type = static_cast<dynamo::MessageType>(record.fields[1]);
    if (type != dynamo::MessageType::kClientGet && type != dynamo::MessageType::kClientPut) return;
    const size_t client = record.actor - cluster_.node_count();
    const uint32_t client_datacenter = client < 2 ? 0 : 1;  // EntryScenario: c1 c2 in "a"
    const uint32_t node_datacenter =
        cluster_.node_config().placement.datacenter_of_node[record.fields[0]];
    ++(node_datacenter == client_datacenter ? local : remote);
    if (node_datacenter != client_datacenter) ++remote_by_client[client];
    // Entry nodes follow the newest ring: a request never goes to a node off it.
    if (!cluster_.ring().HasNode(static_cast<dynamo::NodeId>(record.fields[0]))) ++off_ring;
    ++by_node[record.fields[0]];
  }
  uint64_t local = 0;
  uint64_t remote = 0;
  uint64_t remote_by_client[4] = {0, 0, 0, 0};
  uint64_t off_ring = 0;
  std::map<uint64_t, uint64_t> by_node;  // requests by node process id

 private:
  Cluster& cluster_;
};

// Paper section 4.6: with "datacenter" no client request leaves the client's datacenter while
// its nodes are up; with "any" about half do (3 of the 6 nodes are remote).
TEST(DatacentersTest, DatacenterEntryNeverSendsAClientRequestAcrossDatacenters) {
  for (const std::string entry : {"datacenter", "any"}) {
    SCOPED_TRACE(entry);
    LiveCluster live(ScenarioFromJson(EntryScenario(entry)), 3);
    EntryHopCounter hops(live.cluster());
    live.cluster().trace().set_sink(&hops);
    live.RunToEnd();
    live.cluster().trace().set_sink(nullptr);
    ASSERT_GT(hops.local, 300u);
    if (entry == "datacenter") {
      EXPECT_EQ(hops.remote, 0u);
    } else {
      EXPECT_GT(hops.remote, hops.local / 2);
    }
  }
}

// Datacenter "a"'s nodes are down from the start: c1 and c2 suspect them one by one, then fall
// back to "b" and their ops succeed (availability over locality); c3 and c4 never leave "b".
// Twice the same digest.
TEST(DatacentersTest, DatacenterEntryFallsBackWhenItsDatacenterIsDown) {
  const scenario::Scenario scenario = ScenarioFromJson(EntryScenario(
      "datacenter", R"(, "faults": [{"at": "0s", "type": "crash", "nodes": ["n1", "n2", "n3"]}])"));
  LiveCluster live(scenario, 4);
  EntryHopCounter hops(live.cluster());
  live.cluster().trace().set_sink(&hops);
  live.RunToEnd();
  live.cluster().trace().set_sink(nullptr);
  EXPECT_EQ(hops.remote_by_client[2] + hops.remote_by_client[3], 0u);
  EXPECT_GT(hops.remote_by_client[0], 50u);
  EXPECT_GT(hops.remote_by_client[1], 50u);
  const RunResult result = RunScenario(scenario, 4);
  uint64_t settled = 0;  // c1's and c2's ops once they suspect all of "a"
  for (const Op& op : result.history.ops()) {
    if (op.status == OpStatus::kPending || op.client >= 2 || op.invoke_us < 500 * kMillisecond) {
      continue;
    }
    ++settled;
    EXPECT_TRUE(op.ok()) << "op " << op.id << " of c" << op.client + 1;
  }
  EXPECT_GT(settled, 50u);
  EXPECT_EQ(RunScenario(scenario, 4).digest, result.digest);
}

// The per-datacenter entry nodes follow the newest ring as the full list does: j1 joins "a" and
// starts taking c1's and c2's requests, n1 leaves it and stops; no request goes to a node off the
// newest ring, and none leaves its client's datacenter.
TEST(DatacentersTest, DatacenterEntryNodesFollowJoinsAndLeaves) {
  LiveCluster live(ScenarioFromJson(EntryScenario(
                       "datacenter",
                       R"(, "faults": [{"at": "1s", "type": "join", "nodes": ["j1"]},
                                       {"at": "3s", "type": "leave", "nodes": ["n1"]}])",
                       R"("n1", "n2", "n3", "j1")")),
                   6);
  ProcessId n1 = 0, j1 = 0;
  ASSERT_TRUE(live.cluster().FindProcess("n1", &n1));
  ASSERT_TRUE(live.cluster().FindProcess("j1", &j1));
  EntryHopCounter hops(live.cluster());
  live.cluster().trace().set_sink(&hops);
  live.RunUntil(1 * kSecond);
  EXPECT_EQ(hops.by_node[j1], 0u);
  live.RunUntil(3 * kSecond);
  ASSERT_TRUE(live.cluster().ring().HasNode(j1));
  EXPECT_GT(hops.by_node[j1], 20u);
  live.RunUntil(8 * kSecond);
  ASSERT_FALSE(live.cluster().ring().HasNode(n1)) << "the leave completed";
  const uint64_t n1_requests = hops.by_node[n1];
  EXPECT_GT(n1_requests, 20u);
  live.RunToEnd();
  live.cluster().trace().set_sink(nullptr);
  EXPECT_EQ(hops.by_node[n1], n1_requests) << "none after n1 left the ring";
  EXPECT_EQ(hops.off_ring, 0u);
  EXPECT_EQ(hops.remote, 0u);
}

// The entry hop is a round trip. With R = 1 and a replica in each datacenter, a get that enters
// in the client's datacenter can be answered without crossing (8 ms mean here, measured); "any"
// sends half the requests away, 80 ms round trip more (46 ms mean). A wrong pick would put the
// two means together.
TEST(DatacentersTest, DatacenterEntryLowersGetLatency) {
  const auto mean_get_ms = [](const std::string& entry) {
    const RunResult result = RunScenario(ScenarioFromJson(EntryScenario(entry)), 5);
    double total_ms = 0;
    uint64_t gets = 0;
    for (const Op& op : result.history.ops()) {
      if (op.type != OpType::kGet || !op.ok()) continue;
      total_ms += static_cast<double>(op.latency_us()) / kMillisecond;
      ++gets;
    }
    EXPECT_GT(gets, 200u) << entry;
    return total_ms / static_cast<double>(gets);
  };
  const double local = mean_get_ms("datacenter");
  const double any = mean_get_ms("any");
  EXPECT_LT(local + 20, any) << "datacenter " << local << " ms, any " << any << " ms";
}

}  // namespace
}  // namespace sim
