// A finished request leaves no timer behind (issue 12): the client's op and attempt timeouts,
// the coordinator's request timeout and the forwarder's acknowledgement timeout are cancelled
// when what they guard is done, so the scheduler holds about one event per thing really pending
// instead of one per request of the last timeout's length (which made its slot table many
// megabytes and every event a cache miss).
#include <cstddef>

#include "gtest/gtest.h"
#include "sim/cluster.h"
#include "sim/fault_injector.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

TEST(FinishedRequestTimersTest, PendingEventsStayNearWhatIsReallyInFlight) {
  constexpr int kNodes = 5;
  constexpr int kClients = 20;
  const scenario::Scenario s = ScenarioFromJson(R"({
    "name": "timers", "duration": "10s", "seed": 3,
    "cluster": {"nodes": 5, "replication": {"n": 3, "r": 2, "w": 2}},
    "workload": {"clients": 20, "keys": 1000}
  })");
  Cluster cluster(s, s.seed);
  FaultInjector faults(cluster, s);
  faults.ScheduleAll();
  cluster.Start();
  uint64_t ops_before = 0;
  for (TimeUs at_us = kSecond; at_us <= 8 * kSecond; at_us += kSecond) {
    ASSERT_TRUE(cluster.scheduler().RunUntil(at_us));
    // Each message in flight is one event; each client has at most its op's two timeouts and its
    // next op's start; each op in flight at most a coordinator and a forward timeout; each node
    // its periodic rounds (probe, gossip, hint delivery, flush, range transfer, anti-entropy
    // tick and exchange timeout).
    const size_t bound = cluster.network().in_flight() + 3 * kClients + 2 * kClients + 8 * kNodes;
    EXPECT_LE(cluster.scheduler().pending(), bound) << "at " << at_us / kSecond << " s";
    // What would pile up uncancelled: a second's worth of ops, each with its 1 s client timeout.
    const uint64_t ops = cluster.history().ops().size();
    if (at_us >= 2 * kSecond) {
      EXPECT_GT(ops - ops_before, 4 * bound) << "at " << at_us / kSecond << " s";
    }
    ops_before = ops;
  }
}

}  // namespace
}  // namespace sim
