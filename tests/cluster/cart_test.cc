// Shopping carts (paper sections 4.4 and 6.3): concurrent cart updates through different
// coordinators produce siblings; a later read-modify-write merges them and keeps every item.
#include <set>

#include "gtest/gtest.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

// Two clients hammer one key with cart updates under client-driven coordination, across a
// partition that puts each client with a different coordinator for part of the run, then heal.
constexpr const char* kCartScenario = R"({
  "name": "carts", "duration": "6s", "quiesce": "2s",
  "cluster": {"nodes": 3, "replication": {"n": 3, "r": 1, "w": 1}},
  "network": {"latency": {"distribution": "uniform", "min": "1ms", "max": "20ms"}},
  "workload": {"clients": 3, "keys": 1, "mix": {"get": 0.2, "put": 0.8}, "think_time": "5ms"}
})";

TEST(CartTest, ConcurrentWritersProduceSiblingsAndLaterUpdatesMergeThem) {
  const RunResult result = RunScenario(ScenarioFromJson(kCartScenario), 11);
  size_t gets_with_siblings = 0;
  uint64_t merging_put = kNoOp;
  for (const Op& op : result.history.ops()) {
    if (op.type != OpType::kGet || !op.ok()) continue;
    if (op.read.size() < 2) continue;
    ++gets_with_siblings;
    // Find the cart put that followed this read: it must hold every sibling's items.
    for (const Op& put : result.history.ops()) {
      if (put.type == OpType::kPut && put.read_op == op.id && put.ok()) {
        merging_put = put.id;
        for (const dynamo::Version& sibling : op.read) {
          for (uint64_t item : sibling.value) {
            EXPECT_TRUE(std::binary_search(put.value.begin(), put.value.end(), item))
                << "put " << put.id << " dropped item " << item << " of a sibling";
          }
        }
      }
    }
  }
  EXPECT_GT(gets_with_siblings, 0u) << "no concurrent writes produced siblings";
  EXPECT_NE(merging_put, kNoOp) << "no read-modify-write merged siblings";
}

}  // namespace
}  // namespace sim
