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

namespace sim {
namespace {

// Open loop: ops arrive as a Poisson process at `rate` over all clients, whatever the latency.
TEST(SmokeTest, OpenLoopRateIsHeld) {
  const scenario::Scenario s = ScenarioFromJson(R"({
    "name": "open-loop", "duration": "20s", "quiesce": "2s",
    "cluster": {"nodes": 5},
    "workload": {"clients": 10, "keys": 100, "rate": 500, "read_modify_write": false}
  })");
  const RunResult result = RunScenario(s, 3);
  // 500 ops/s for 20s: 10000 expected, Poisson standard deviation 100.
  EXPECT_NEAR(static_cast<double>(result.history.ops().size()), 10000.0, 400.0);
}

// Closed loop with think time: each client does one op, waits, then the next.
TEST(SmokeTest, ThinkTimeBoundsTheClosedLoopRate) {
  const scenario::Scenario s = ScenarioFromJson(R"({
    "name": "think", "duration": "10s", "quiesce": "1s",
    "cluster": {"nodes": 3},
    "network": {"latency": {"distribution": "constant", "value": "1ms"}},
    "workload": {"clients": 2, "keys": 10, "think_time": "100ms", "read_modify_write": false}
  })");
  const RunResult result = RunScenario(s, 3);
  // Per op: client->node, forward or not, replica round trip: under 10ms, plus 100ms think.
  // So each client does between 10s/110ms and 10s/100ms ops.
  EXPECT_GE(result.history.ops().size(), 2u * 90u);
  EXPECT_LE(result.history.ops().size(), 2u * 101u);
}

}  // namespace
}  // namespace sim
