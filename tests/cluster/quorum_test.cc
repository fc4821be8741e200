// Quorum behaviour of the whole cluster: with R + W > N and no faults no get is stale; with
// R = W = 1 and a wide latency distribution stale reads occur, so the measurement is not vacuous.
#include "gtest/gtest.h"
#include "sim/analysis/staleness.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

// Registers (blind puts) over few keys, so gets often follow puts closely.
std::string QuorumScenario(int r, int w, const std::string& latency) {
  return R"({"name": "quorum", "duration": "20s", "quiesce": "2s",
    "cluster": {"nodes": 5, "replication": {"n": 3, "r": )" + std::to_string(r) +
         R"(, "w": )" + std::to_string(w) + R"(}},
    "network": {"latency": )" + latency + R"(},
    "workload": {"clients": 8, "keys": 20, "read_modify_write": false}})";
}

constexpr const char* kWideLatency =
    R"({"distribution": "lognormal", "median": "1ms", "p99": "80ms"})";

TEST(QuorumTest, OverlappingQuorumsNeverReadStale) {
  const RunResult result = RunScenario(ScenarioFromJson(QuorumScenario(2, 2, kWideLatency)), 3);
  const StalenessReport staleness = ComputeStaleness(result);
  EXPECT_GT(staleness.gets_checked, 2000u);
  EXPECT_EQ(staleness.stale_reads, 0u);
}

TEST(QuorumTest, SingleReplicaQuorumsReadStale) {
  const RunResult result = RunScenario(ScenarioFromJson(QuorumScenario(1, 1, kWideLatency)), 3);
  const StalenessReport staleness = ComputeStaleness(result);
  EXPECT_GT(staleness.gets_checked, 2000u);
  EXPECT_GT(staleness.stale_reads, 10u);
}

TEST(QuorumTest, EveryOpSucceedsWithoutFaults) {
  const RunResult result = RunScenario(ScenarioFromJson(QuorumScenario(2, 2, kWideLatency)), 4);
  for (const Op& op : result.history.ops()) {
    ASSERT_EQ(op.status, OpStatus::kOk) << "op " << op.id;
  }
}

}  // namespace
}  // namespace sim

namespace sim {
namespace {

// Carts over few hot keys: concurrent cart updates often meet at one coordinator. Before versions
// carried dots, the later write's clock replaced the earlier one's and its item vanished, which
// showed here as hundreds of stale reads.
TEST(QuorumTest, CartsWithOverlappingQuorumsNeverReadStale) {
  const RunResult result = RunScenario(ScenarioFromJson(R"({
    "name": "hot-carts", "duration": "10s", "quiesce": "2s",
    "cluster": {"nodes": 5},
    "workload": {"clients": 12, "keys": 10}})"), 2);
  const StalenessReport staleness = ComputeStaleness(result);
  EXPECT_GT(staleness.gets_checked, 5000u);
  EXPECT_EQ(staleness.stale_reads, 0u);
}

}  // namespace
}  // namespace sim
