// One scenario and seed, one digest: the whole cluster (nodes, clients, network, faults) run
// twice gives the same digest and the same history; another seed gives another digest.
#include "gtest/gtest.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

constexpr const char* kScenario = R"({
  "name": "determinism", "duration": "5s", "quiesce": "2s",
  "cluster": {"nodes": 5},
  "network": {"drop_rate": 0.01, "duplicate_rate": 0.01},
  "workload": {"clients": 6, "keys": 100},
  "faults": [{"at": "1s", "until": "3s", "type": "partition", "groups": [["n1", "n2"]]},
             {"at": "2s", "until": "4s", "type": "crash", "nodes": ["n3"]}]
})";

TEST(ClusterDeterminismTest, SameSeedSameDigestAndHistory) {
  const scenario::Scenario s = ScenarioFromJson(kScenario);
  const RunResult first = RunScenario(s, 5);
  const RunResult second = RunScenario(s, 5);
  EXPECT_EQ(first.digest, second.digest);
  EXPECT_EQ(first.events, second.events);
  ASSERT_EQ(first.history.ops().size(), second.history.ops().size());
  for (size_t i = 0; i < first.history.ops().size(); ++i) {
    EXPECT_EQ(first.history.ops()[i].complete_us, second.history.ops()[i].complete_us);
  }
}

TEST(ClusterDeterminismTest, OtherSeedOtherDigest) {
  const scenario::Scenario s = ScenarioFromJson(kScenario);
  EXPECT_NE(RunScenario(s, 5).digest, RunScenario(s, 6).digest);
}

}  // namespace
}  // namespace sim
