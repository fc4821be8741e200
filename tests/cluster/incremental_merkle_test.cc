// The Merkle trees replicas keep incrementally (dynamo/range_trees.h) equal trees rebuilt from
// their stores throughout faulty runs: every path that changes stored versions (puts, read
// repair, hinted handoff, range transfer on joins and leaves, repair pushes, buffered-write
// flushes, wipes, crashes) keeps them in step.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sim/cluster.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

struct TreeAudit {
  int samples = 0;      // (time, node) pairs looked at
  size_t trees = 0;     // kept trees compared with rebuilds, over all samples
  int mismatches = 0;   // samples where a node's trees differed from rebuilds
};

// Runs scenarios/<name>.json (shortened by `overrides`) to its end, comparing every node's kept
// trees with rebuilds every `every_us` and at the end.
TreeAudit AuditTrees(const std::string& name, const std::vector<std::string>& overrides,
                     TimeUs every_us) {
  auto s = scenario::LoadScenarioFile(
      std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/" + name + ".json", overrides);
  EXPECT_TRUE(s.ok()) << s.status();
  TreeAudit audit;
  if (!s.ok()) return audit;
  LiveCluster live(*s, s->seed);
  const TimeUs end_us = s->duration_us + s->quiesce_us;
  for (TimeUs at_us = every_us;; at_us += every_us) {
    live.RunUntil(std::min(at_us, end_us));
    for (size_t node = 0; node < live.cluster().node_count(); ++node) {
      const dynamo::VersionedStore& data = live.disk(node).data;
      ++audit.samples;
      audit.trees += data.trees().size();
      audit.mismatches += !data.TreesMatchRebuild();
    }
    if (at_us >= end_us) return audit;
  }
}

TEST(IncrementalMerkleTest, NemesisWithWipesCrashesAndPartitions) {
  const TreeAudit audit =
      AuditTrees("nemesis", {"duration=30s", "quiesce=5s", "workload.think_time=20ms"},
                 3 * kSecond + 17 * kMillisecond);
  EXPECT_EQ(audit.mismatches, 0);
  EXPECT_GT(audit.trees, 100u);  // trees were kept, so the comparison compared something
}

TEST(IncrementalMerkleTest, MembershipChurnMovesRangesAndTheirTrees) {
  const TreeAudit audit = AuditTrees(
      "membership-churn",
      {"duration=61s", "quiesce=5s", "workload.think_time=100ms", "workload.clients=4",
       "cluster.anti_entropy.interval=2s", "storage.buffered_writes=true"},
      5 * kSecond + 7 * kMillisecond);
  EXPECT_EQ(audit.mismatches, 0);
  EXPECT_GT(audit.trees, 100u);
}

TEST(IncrementalMerkleTest, DiskWipeRebuildsTheWipedReplicasTrees) {
  const TreeAudit audit = AuditTrees("disk-wipe", {"quiesce=8s", "workload.think_time=20ms"},
                                     2 * kSecond + 3 * kMillisecond);
  EXPECT_EQ(audit.mismatches, 0);
  EXPECT_GT(audit.trees, 100u);
}

}  // namespace
}  // namespace sim
