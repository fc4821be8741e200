// The fault-free scenarios under scenarios/ do what their descriptions say (shortened to keep the
// suite fast: --set duration=8s quiesce=2s).
#include <string>

#include "gtest/gtest.h"
#include "sim/analysis/staleness.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

RunResult RunShipped(const std::string& name) {
  return RunShippedScenario(name, {"duration=8s", "quiesce=2s"});
}

uint64_t Succeeded(const RunResult& result) {
  uint64_t ok = 0;
  for (const Op& op : result.history.ops()) ok += op.ok();
  return ok;
}

uint64_t Traffic(const RunResult& result, const std::string& kind) {
  for (const MessageTraffic& traffic : result.traffic) {
    if (traffic.kind == kind) return traffic.count;
  }
  return 0;
}

void ExpectAllOk(const RunResult& result) {
  EXPECT_GT(result.history.ops().size(), 1000u);
  EXPECT_EQ(Succeeded(result), result.history.ops().size());
}

TEST(ShippedScenariosTest, QuickstartEveryOpSucceedsNoneStale) {
  const RunResult result = RunShipped("quickstart");
  ExpectAllOk(result);
  EXPECT_EQ(ComputeStaleness(result).stale_reads, 0u);
  EXPECT_GT(Traffic(result, "forward_get"), 0u);  // server-driven: some requests need a hop
}

TEST(ShippedScenariosTest, ReadEngineWithWEqualsNNeverReadsStale) {
  const RunResult result = RunShipped("read-engine-r1-w3");
  ExpectAllOk(result);
  EXPECT_EQ(ComputeStaleness(result).stale_reads, 0u);
}

TEST(ShippedScenariosTest, WeakQuorumReadsStale) {
  const RunResult result = RunShipped("weak-quorum-r1-w1");
  ExpectAllOk(result);
  EXPECT_GT(ComputeStaleness(result).stale_reads, 0u);
}

TEST(ShippedScenariosTest, PartitioningStrategiesOneAndTwoServeEveryOp) {
  ExpectAllOk(RunShipped("strategy1-random-tokens"));
  ExpectAllOk(RunShipped("strategy2-equal-partitions"));
}

TEST(ShippedScenariosTest, ClientCoordinationNeverForwards) {
  const RunResult result = RunShipped("client-coordination");
  ExpectAllOk(result);
  EXPECT_EQ(Traffic(result, "forward_get"), 0u);
  EXPECT_EQ(Traffic(result, "forward_put"), 0u);
  EXPECT_EQ(ComputeStaleness(result).stale_reads, 0u);
}

}  // namespace
}  // namespace sim
