// Gossip membership, join and leave across a whole cluster (paper sections 4.8, 4.9): views
// converge within a bounded number of gossip rounds, a joined node owns its ranges and holds their
// data, a node that left is gone and every key still has N replicas holding it.
#include <algorithm>
#include <optional>
#include <string>

#include "gtest/gtest.h"
#include "sim/cluster.h"
#include "sim/analysis/summary.h"
#include "sim/fault_injector.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

constexpr TimeUs kRound = kSecond;  // gossip.interval in the scenarios below

// Every running node's view of `node`'s generation equals the node's own.
bool GenerationsAgree(Cluster& cluster, ProcessId node) {
  const dynamo::Node* subject = cluster.host(node).node();
  if (subject == nullptr) return false;
  const std::optional<uint64_t> generation = subject->membership().generation_of(node);
  if (!generation.has_value()) return false;
  for (size_t i = 0; i < cluster.node_count(); ++i) {
    const dynamo::Node* peer = cluster.host(i).node();
    if (peer == nullptr) continue;
    if (peer->membership().generation_of(node) != generation) return false;
  }
  return true;
}

// Every running node has installed ring epoch `epoch`.
bool RingsAgree(Cluster& cluster, uint64_t epoch) {
  for (size_t i = 0; i < cluster.node_count(); ++i) {
    const dynamo::Node* node = cluster.host(i).node();
    if (node != nullptr && node->membership().epoch() != epoch) return false;
  }
  return true;
}

// Gossip rounds, stepping one round at a time from `from_us`, until `done` holds; -1 if it does
// not within `max_rounds`.
template <typename Done>
int RoundsUntil(LiveCluster& live, TimeUs from_us, int max_rounds, Done done) {
  for (int round = 0; round <= max_rounds; ++round) {
    live.RunUntil(from_us + round * kRound);
    if (done()) return round;
  }
  return -1;
}

std::string GossipScenario(const std::string& faults) {
  return R"({
    "name": "gossip", "duration": "60s", "quiesce": "10s",
    "cluster": {"nodes": 12, "partitioning": {"partitions": 48},
                "gossip": {"interval": "1s", "seeds": ["n1", "n2"]}},
    "workload": {"clients": 2, "keys": 50, "rate": 20},
    "faults": )" + faults + "}";
}

// log2(12) is under 4: push-pull gossip to one random peer a round reaches all 12 nodes in
// O(log n) rounds; 10 is a generous bound that a broken merge (or no gossip) cannot meet.
constexpr int kRoundBound = 10;

TEST(GossipTest, ARestartedNodesNewGenerationReachesEveryViewWithinBoundedRounds) {
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    LiveCluster live(ScenarioFromJson(GossipScenario(
                         R"([{"at": "10s", "until": "20s", "type": "crash", "nodes": ["n7"]}])")),
                     seed);
    ProcessId n7 = 0;
    ASSERT_TRUE(live.cluster().FindProcess("n7", &n7));
    live.RunUntil(20 * kSecond);
    ASSERT_NE(live.cluster().host(n7).node(), nullptr);
    EXPECT_FALSE(GenerationsAgree(live.cluster(), n7)) << "nobody can know the restart yet";
    const int rounds = RoundsUntil(live, 20 * kSecond, kRoundBound,
                                   [&] { return GenerationsAgree(live.cluster(), n7); });
    EXPECT_GE(rounds, 1) << "seed " << seed;
    EXPECT_LE(rounds, kRoundBound) << "seed " << seed;
  }
}

TEST(GossipTest, AJoinedRingReachesEveryViewWithinBoundedRounds) {
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    LiveCluster live(
        ScenarioFromJson(GossipScenario(R"([{"at": "10s", "type": "join", "nodes": ["n13"]}])")),
        seed);
    live.RunUntil(10 * kSecond);
    EXPECT_EQ(live.cluster().ring_epoch(), 1u);
    // The join request and the seed's reply take a round trip; then gossip spreads epoch 2.
    const int rounds = RoundsUntil(live, 10 * kSecond, kRoundBound,
                                   [&] { return RingsAgree(live.cluster(), 2); });
    EXPECT_GE(rounds, 1) << "seed " << seed;
    EXPECT_LE(rounds, kRoundBound) << "seed " << seed;
    ProcessId n13 = 0;
    ASSERT_TRUE(live.cluster().FindProcess("n13", &n13));
    EXPECT_TRUE(live.cluster().ring().HasNode(n13));
  }
}

// After the run: the versions `node` holds of `key` in its data.
uint64_t DigestOn(Cluster& cluster, ProcessId node, dynamo::Key key) {
  return cluster.host(node).durable().data.Digest(key);
}

TEST(MembershipTest, AJoinedNodeOwnsItsPartitionsAndHoldsTheirData) {
  LiveCluster live(ScenarioFromJson(R"({
    "name": "join", "duration": "30s", "quiesce": "20s",
    "cluster": {"nodes": 4, "partitioning": {"strategy": 3, "partitions": 32},
                "anti_entropy": {"enabled": false}, "read_repair": false},
    "workload": {"clients": 4, "keys": 200, "rate": 200, "stop": "10s"},
    "faults": [{"at": "15s", "type": "join", "nodes": ["n5"]}]
  })"),
                   7);
  live.RunToEnd();
  Cluster& cluster = live.cluster();
  ProcessId n5 = 0;
  ASSERT_TRUE(cluster.FindProcess("n5", &n5));
  const dynamo::Ring& ring = cluster.ring();
  ASSERT_TRUE(ring.HasNode(n5));
  // Strategy 3: the joiner takes floor(Q/(S+1)) = floor(32/5) = 6 partitions.
  int owned = 0;
  for (uint32_t p = 0; p < ring.RangeCount(); ++p) owned += ring.CoordinatorOfRange(p) == n5;
  EXPECT_EQ(owned, 6);
  // Writes stopped before the join, and read repair and anti-entropy are off: only the range
  // transfer can have brought n5 its keys. Every key in its ranges is there, as on the others.
  const auto finals = cluster.FinalReplicaVersions();
  int keys_on_n5 = 0;
  for (const auto& [key, versions] : finals) {
    dynamo::Ring::NodeList top;
    ring.PreferenceList(key, cluster.node_config().n, &top);
    for (dynamo::NodeId replica : top) {
      EXPECT_EQ(DigestOn(cluster, replica, key), dynamo::SiblingsDigest(versions))
          << "key " << key << " on node " << replica;
    }
    keys_on_n5 += std::find(top.begin(), top.end(), n5) != top.end();
  }
  EXPECT_GT(keys_on_n5, 20);
  EXPECT_GT(cluster.host(n5).node()->range_transfer().stats().keys_received, 0u);
}

TEST(MembershipTest, AfterALeaveNoKeyHasFewerThanNReplicas) {
  for (int strategy : {1, 3}) {
    LiveCluster live(ScenarioFromJson(R"({
      "name": "leave", "duration": "30s", "quiesce": "20s",
      "cluster": {"nodes": 5, "partitioning": {"strategy": )" + std::to_string(strategy) +
                                      R"(, "partitions": 40},
                  "anti_entropy": {"enabled": false}, "read_repair": false},
      "workload": {"clients": 4, "keys": 200, "rate": 200, "stop": "25s"},
      "faults": [{"at": "12s", "type": "leave", "nodes": ["n3"]}]
    })"),
                     3);
    live.RunToEnd();
    Cluster& cluster = live.cluster();
    ProcessId n3 = 0;
    ASSERT_TRUE(cluster.FindProcess("n3", &n3));
    EXPECT_TRUE(cluster.HasLeft(n3));
    EXPECT_FALSE(cluster.processes().IsUp(n3));
    const dynamo::Ring& ring = cluster.ring();
    EXPECT_FALSE(ring.HasNode(n3));
    EXPECT_EQ(ring.nodes().size(), 4u);
    const auto finals = cluster.FinalReplicaVersions();
    ASSERT_GT(finals.size(), 150u);
    for (const auto& [key, versions] : finals) {
      dynamo::Ring::NodeList top;
      ring.PreferenceList(key, cluster.node_config().n, &top);
      ASSERT_EQ(top.size(), 3u);
      for (dynamo::NodeId replica : top) {
        EXPECT_TRUE(cluster.host(replica).durable().data.Contains(key))
            << "strategy " << strategy << ": key " << key << " missing on node " << replica;
      }
    }
  }
}

TEST(MembershipTest, ALeaveThatWouldLeaveFewerThanNNodesIsRefused) {
  LiveCluster live(ScenarioFromJson(R"({
    "name": "leave-refused", "duration": "20s", "quiesce": "5s",
    "cluster": {"nodes": 3},
    "workload": {"clients": 1, "keys": 10, "rate": 10},
    "faults": [{"at": "5s", "type": "leave", "nodes": ["n2"]}]
  })"),
                   1);
  live.RunToEnd();
  ProcessId n2 = 0;
  ASSERT_TRUE(live.cluster().FindProcess("n2", &n2));
  EXPECT_FALSE(live.cluster().HasLeft(n2));
  EXPECT_TRUE(live.cluster().ring().HasNode(n2));
  EXPECT_EQ(live.cluster().ring_epoch(), 1u);
}

TEST(MembershipTest, MembershipChurnScenarioLosesNothingAndStaysAvailable) {
  const RunResult result = RunShippedScenario("membership-churn");
  uint64_t acknowledged = 0;
  uint64_t attempted = 0;
  for (const Op& op : result.history.ops()) {
    attempted += 1;
    acknowledged += op.status == OpStatus::kOk;
  }
  EXPECT_GT(static_cast<double>(acknowledged) / static_cast<double>(attempted), 0.999);
  uint64_t transfers = 0;
  for (const MessageTraffic& traffic : result.traffic) {
    if (traffic.kind == "range_transfer") transfers = traffic.count;
  }
  EXPECT_GT(transfers, 0u);
  const RunSummary summary = ComputeRunSummary(result);
  EXPECT_EQ(summary.lost_writes.lost_writes, 0u);
  // Both leaves completed and both joins hold every key they replicate (the membership check,
  // on by default here because the scenario has join and leave faults).
  ASSERT_EQ(result.membership.size(), 4u);
  for (const MembershipOutcome& outcome : result.membership) {
    EXPECT_TRUE(outcome.done) << outcome.node << "'s " << outcome.change;
  }
  const auto check = std::find_if(summary.checks.begin(), summary.checks.end(),
                                  [](const CheckResult& c) { return c.name == "membership"; });
  ASSERT_NE(check, summary.checks.end());
  EXPECT_TRUE(check->passed) << check->detail;
}

// everything.json joins hotel at 95s and makes it leave at 110s: hotel cannot be on the final
// ring, and the check used to call its join unfinished although both changes completed.
TEST(MembershipTest, ANodeThatJoinsAndLaterLeavesPassesTheMembershipCheck) {
  const RunResult result = RunScenario(ScenarioFromJson(R"({
    "name": "join-then-leave", "duration": "30s", "quiesce": "15s",
    "cluster": {"nodes": 4, "partitioning": {"partitions": 32}},
    "workload": {"clients": 2, "keys": 100, "rate": 50},
    "faults": [{"at": "5s", "type": "join", "nodes": ["n5"]},
               {"at": "15s", "type": "leave", "nodes": ["n5"]}]
  })"), 2);
  ASSERT_EQ(result.membership.size(), 2u);
  const MembershipOutcome& join = result.membership[0];
  EXPECT_EQ(join.change, "join");
  EXPECT_TRUE(join.left_later);
  EXPECT_FALSE(join.on_final_ring);
  EXPECT_TRUE(join.done);
  EXPECT_EQ(result.membership[1].change, "leave");
  EXPECT_TRUE(result.membership[1].done);
  const RunSummary summary = ComputeRunSummary(result);
  const auto check = std::find_if(summary.checks.begin(), summary.checks.end(),
                                  [](const CheckResult& c) { return c.name == "membership"; });
  ASSERT_NE(check, summary.checks.end());
  EXPECT_TRUE(check->passed) << check->detail;
  EXPECT_EQ(summary.lost_writes.lost_writes, 0u);
}

TEST(MembershipTest, TheMembershipCheckIsOffWithoutJoinsOrLeavesAndCanBeTurnedOff) {
  const std::string json = R"({"name": "plain", "duration": "1s", "quiesce": "1s",
      "cluster": {"nodes": 3}, "workload": {"clients": 1, "keys": 5}})";
  const RunSummary plain = ComputeRunSummary(RunScenario(ScenarioFromJson(json), 1));
  for (const CheckResult& check : plain.checks) EXPECT_NE(check.name, "membership");
  // n4's leave at 2s cannot finish its hand-off in 1ms of quiesce; the check says so, naming it.
  const std::string leave = R"({"name": "leave", "duration": "2001ms", "quiesce": "1ms",
      "cluster": {"nodes": 4}, "workload": {"clients": 2, "keys": 50},
      "faults": [{"at": "2s", "type": "leave", "nodes": ["n4"]}]})";
  const RunSummary summary = ComputeRunSummary(RunScenario(ScenarioFromJson(leave), 1));
  const auto check = std::find_if(summary.checks.begin(), summary.checks.end(),
                                  [](const CheckResult& c) { return c.name == "membership"; });
  ASSERT_NE(check, summary.checks.end());
  EXPECT_FALSE(check->passed);
  EXPECT_NE(check->detail.find("n4's leave at"), std::string::npos) << check->detail;
  std::string off_json = leave;
  off_json.insert(off_json.size() - 1, R"(, "checks": {"membership": false})");
  const RunSummary off = ComputeRunSummary(RunScenario(ScenarioFromJson(off_json), 1));
  for (const CheckResult& c : off.checks) EXPECT_NE(c.name, "membership");
}

}  // namespace
}  // namespace sim
