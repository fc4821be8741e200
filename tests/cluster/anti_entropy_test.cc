// Merkle anti-entropy across a whole cluster (paper section 4.7): a wiped replica is rebuilt from
// the other replicas of its ranges, with read repair off so nothing else could do it; with
// anti-entropy off too, the wiped replica stays empty for keys nobody wrote after the wipe.
#include <functional>
#include <string>

#include "absl/container/btree_set.h"
#include "gtest/gtest.h"
#include "sim/cluster.h"
#include "sim/fault_injector.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

constexpr TimeUs kWipeAtUs = 10 * kSecond;

std::string WipeScenario(bool anti_entropy) {
  return std::string(R"({
    "name": "ae-wipe", "duration": "20s", "quiesce": "60s",
    "cluster": {
      "nodes": 4,
      "partitioning": {"partitions": 16},
      "read_repair": false,
      "hinted_handoff": {"enabled": false},
      "anti_entropy": {"enabled": )") +
         (anti_entropy ? "true" : "false") + R"(, "interval": "2s", "merkle_depth": 6}
    },
    "workload": {"clients": 4, "keys": 200, "rate": 40, "stop": "12s"},
    "faults": [{"at": "10s", "type": "wipe", "nodes": ["n2"]}]
  })";
}

// Runs the scenario to the end of its quiesce and hands the cluster to `inspect`.
void RunCluster(const scenario::Scenario& s, uint64_t seed,
                const std::function<void(Cluster&)>& inspect) {
  Cluster cluster(s, seed);
  FaultInjector faults(cluster, s);
  faults.ScheduleAll();
  cluster.Start();
  ASSERT_TRUE(cluster.scheduler().RunUntil(s.duration_us + s.quiesce_us));
  inspect(cluster);
}

bool Replicates(const Cluster& cluster, ProcessId node, dynamo::Key key) {
  dynamo::Ring::NodeList top;
  cluster.ring().PreferenceList(key, cluster.node_config().n, &top);
  for (dynamo::NodeId replica : top) {
    if (replica == node) return true;
  }
  return false;
}

TEST(AntiEntropyClusterTest, WipedReplicaIsRebuiltFromItsPeers) {
  const scenario::Scenario s = ScenarioFromJson(WipeScenario(true));
  for (uint64_t seed : {1, 2}) {
    RunCluster(s, seed, [&](Cluster& cluster) {
      ProcessId n2 = 0;
      ASSERT_TRUE(cluster.FindProcess("n2", &n2));
      const dynamo::VersionedStore& wiped = cluster.host(n2).durable().data;
      size_t checked = 0;
      for (dynamo::Key key = 0; key < 200; ++key) {
        dynamo::Ring::NodeList top;
        cluster.ring().PreferenceList(key, cluster.node_config().n, &top);
        bool any = false;
        for (dynamo::NodeId replica : top) {
          any |= cluster.host(replica).durable().data.Contains(key);
        }
        if (!any) continue;  // never written
        // Every replica of the key, n2 included when it is one, holds the same siblings.
        for (dynamo::NodeId replica : top) {
          EXPECT_EQ(cluster.host(replica).durable().data.Digest(key),
                    cluster.host(top[0]).durable().data.Digest(key))
              << "seed " << seed << " key " << key << " replica " << replica;
        }
        if (Replicates(cluster, n2, key)) {
          EXPECT_TRUE(wiped.Contains(key)) << "seed " << seed << " key " << key;
          ++checked;
        }
      }
      EXPECT_GT(checked, 100u) << "seed " << seed;
      dynamo::Node* node = cluster.host(n2).node();
      ASSERT_NE(node, nullptr);
      const dynamo::AntiEntropyStats& stats = node->anti_entropy().stats();
      EXPECT_GT(stats.exchanges_started, 0u);
      EXPECT_GT(stats.keys_repaired, 0u) << "seed " << seed;
      EXPECT_GT(stats.trees_compared, 0u);
    });
  }
}

TEST(AntiEntropyClusterTest, WithoutAntiEntropyOrReadRepairTheWipedReplicaStaysEmpty) {
  const scenario::Scenario s = ScenarioFromJson(WipeScenario(false));
  RunCluster(s, 1, [&](Cluster& cluster) {
    ProcessId n2 = 0;
    ASSERT_TRUE(cluster.FindProcess("n2", &n2));
    // Keys a put may have reached n2 for after the wipe (a put invoked up to one client timeout
    // before the wipe may still be in flight).
    absl::btree_set<dynamo::Key> written_after;
    for (const Op& op : cluster.history().ops()) {
      if (op.type == OpType::kPut && op.invoke_us + s.workload.client_timeout_us >= kWipeAtUs) {
        written_after.insert(op.key);
      }
    }
    const dynamo::VersionedStore& wiped = cluster.host(n2).durable().data;
    size_t empty = 0;
    for (dynamo::Key key = 0; key < 200; ++key) {
      if (!Replicates(cluster, n2, key) || written_after.contains(key)) continue;
      EXPECT_FALSE(wiped.Contains(key)) << "key " << key;
      ++empty;
    }
    EXPECT_GT(empty, 20u);
    for (const auto& [key, siblings] : wiped.entries()) {
      EXPECT_TRUE(written_after.contains(key)) << "key " << key;
    }
    // And no anti-entropy traffic at all.
    const NetworkStats& traffic = cluster.network().stats();
    for (const char* kind : {"merkle_root", "merkle_nodes", "merkle_keys", "repair_push"}) {
      MessageKind id;
      ASSERT_TRUE(cluster.network_model().FindMessageKind(kind, &id));
      EXPECT_EQ(traffic.traffic(id).count, 0u) << kind;
    }
  });
}

TEST(AntiEntropyClusterTest, RunsAreDeterministic) {
  const scenario::Scenario s = ScenarioFromJson(WipeScenario(true));
  EXPECT_EQ(RunScenario(s, 3).digest, RunScenario(s, 3).digest);
}

}  // namespace
}  // namespace sim
