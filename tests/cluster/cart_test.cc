// Shopping carts (paper sections 4.4 and 6.3): concurrent cart updates through different
// coordinators produce siblings; a later read-modify-write merges them and keeps every item.
#include <algorithm>
#include <vector>

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

// Read through what clients saw (the history keeps no cart values, history.h): carts only grow,
// so a version holding the item of the put that followed a read with siblings descends from that
// put and must hold every item of every sibling the read returned.
TEST(CartTest, ConcurrentWritersProduceSiblingsAndLaterUpdatesMergeThem) {
  const RunResult result = RunScenario(ScenarioFromJson(kCartScenario), 11);
  const History& history = result.history;
  size_t gets_with_siblings = 0;
  size_t merges_seen_later = 0;
  for (const Op& op : history.ops()) {
    if (op.type != OpType::kGet || !op.ok() || op.read.size() < 2) continue;
    ++gets_with_siblings;
    const std::vector<uint64_t> siblings_items = history.ReturnedItems(op);
    for (const Op& put : history.ops()) {
      if (put.type != OpType::kPut || put.read_op != op.id || !put.ok()) continue;
      for (const Op& later : history.ops()) {
        if (later.type != OpType::kGet || !later.ok() || later.invoke_us < put.complete_us) continue;
        const std::vector<uint64_t> items = history.ReturnedItems(later);
        if (!std::binary_search(items.begin(), items.end(), put.item)) continue;
        ++merges_seen_later;
        EXPECT_TRUE(std::includes(items.begin(), items.end(), siblings_items.begin(),
                                  siblings_items.end()))
            << "get " << later.id << " returned put " << put.id << "'s item but not every item of "
            << "the siblings get " << op.id << " read";
      }
    }
  }
  EXPECT_GT(gets_with_siblings, 0u) << "no concurrent writes produced siblings";
  EXPECT_GT(merges_seen_later, 0u) << "no later get returned a put that merged siblings";
}

}  // namespace
}  // namespace sim
