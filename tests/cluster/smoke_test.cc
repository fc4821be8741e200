#include "gtest/gtest.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

TEST(SmokeTest, QuickstartShapeRuns) {
  const scenario::Scenario s = ScenarioFromJson(R"({
    "name": "smoke", "duration": "5s", "quiesce": "2s",
    "cluster": {"nodes": 5},
    "workload": {"clients": 4, "keys": 50}
  })");
  const RunResult result = RunScenario(s, 1);
  size_t ok = 0, total = 0;
  for (const Op& op : result.history.ops()) {
    ++total;
    ok += op.ok();
  }
  EXPECT_GT(total, 100u);
  EXPECT_EQ(ok, total);
  EXPECT_EQ(result.digest.size(), 16u);
}

}  // namespace
}  // namespace sim
