// Per-node requests served (NodeLoad in sim/run_result.h): gets and puts as coordinator and as
// replica, checked against exact invariants of a fault-free run, where every coordinated op sends
// exactly N legs (its top N, the coordinator's own leg served in place) and every leg arrives.
#include <cstdint>

#include "gtest/gtest.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

uint64_t OpsOfType(const RunResult& result, OpType type) {
  uint64_t ops = 0;
  for (const Op& op : result.history.ops()) ops += op.type == type;
  return ops;
}

uint64_t Traffic(const RunResult& result, const std::string& kind) {
  for (const MessageTraffic& traffic : result.traffic) {
    if (traffic.kind == kind) return traffic.count;
  }
  return 0;
}

TEST(NodeLoadServedTest, FaultFreeReplicaLegsAreNTimesTheCoordinatedOps) {
  const RunResult result = RunShippedScenario("quickstart", {"duration=3s", "quiesce=1s"});
  ASSERT_EQ(result.node_load.size(), 5u);
  constexpr uint64_t kN = 3;  // quickstart's replication.n
  uint64_t gets_coordinated = 0, puts_coordinated = 0, gets_served = 0, puts_served = 0;
  for (const NodeLoad& load : result.node_load) {
    gets_coordinated += load.gets_coordinated;
    puts_coordinated += load.puts_coordinated;
    gets_served += load.gets_as_replica;
    puts_served += load.puts_as_replica;
    // Keys spread over the ring: every node serves legs of both kinds.
    EXPECT_GT(load.gets_as_replica, 0u) << load.node;
    EXPECT_GT(load.puts_as_replica, 0u) << load.node;
  }
  // Every client get and put reached exactly one coordinator (no faults, no retries)...
  for (const Op& op : result.history.ops()) ASSERT_TRUE(op.ok()) << "op " << op.id;
  EXPECT_EQ(gets_coordinated, OpsOfType(result, OpType::kGet));
  EXPECT_EQ(puts_coordinated, OpsOfType(result, OpType::kPut));
  EXPECT_GT(gets_coordinated, 500u);
  // ... which sent N legs, each served by one replica.
  EXPECT_EQ(gets_served, kN * gets_coordinated);
  EXPECT_EQ(puts_served, kN * puts_coordinated);
  // Server-driven coordination: every coordinator is one of the key's top N (an entry node that
  // is not forwards), so exactly one leg per op is its own, served in place; the other N - 1
  // went as get and put messages.
  EXPECT_EQ(Traffic(result, "get"), gets_served - gets_coordinated);
  EXPECT_EQ(Traffic(result, "put"), puts_served - puts_coordinated);
}

}  // namespace
}  // namespace sim
