// The bounds every run gets (sim/run_bounds.h), worked out by hand from the formulas.
#include "sim/run_bounds.h"

#include "gtest/gtest.h"

namespace sim {
namespace {

scenario::Scenario FiveNodesTwentyClients() {
  scenario::Scenario s;
  s.cluster.nodes = 5;
  s.workload.clients = 20;
  s.duration_us = 30 * kSecond;
  s.quiesce_us = 10 * kSecond;
  return s;
}

TEST(RunBoundsTest, EventBoundGrowsWithActorsSecondsAndTheOpenLoopRate) {
  scenario::Scenario s = FiveNodesTwentyClients();
  // 41 seconds (40 rounded up) x 25 actors x 10^6, plus 10^8.
  EXPECT_EQ(DefaultMaxEvents(s), 100'000'000u + 41u * 25u * 1'000'000u);
  s.workload.rate = 500;
  EXPECT_EQ(DefaultMaxEvents(s), 100'000'000u + 41u * 25u * 1'000'000u + 500u * 41u * 1000u);
}

TEST(RunBoundsTest, StallLimitGrowsWithActors) {
  EXPECT_EQ(StallEventLimit(FiveNodesTwentyClients()), 100'000u + 25u * 1000u);
}

TEST(RunBoundsTest, StallCauseNamesTheKeysThatAllowZeroDelays) {
  scenario::Scenario s = FiveNodesTwentyClients();
  EXPECT_EQ(StallCause(s), "workload.think_time is 0us");  // default lognormal latency is > 0
  s.network.latency = Distribution::Constant(0);
  s.network.by_message["get"] = Distribution::Uniform(0, 5);
  EXPECT_EQ(StallCause(s),
            "network.latency can be 0us, network.by_message.get can be 0us, "
            "workload.think_time is 0us");
  s.workload.think_time_us = kMillisecond;
  s.network.by_message.clear();
  EXPECT_EQ(StallCause(s), "network.latency can be 0us");
}

}  // namespace
}  // namespace sim
