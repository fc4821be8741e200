// workload.reads_after_put (sim/client.cc, docs/paper-reproduction.md): after each acknowledged
// put the client starts one get of the key at each offset from the acknowledgement, and its next
// op only once they have all finished. With every message exactly 1 ms, the schedule is exact.
#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sim/analysis/t_visibility.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

// One client writing one key, R = W = 1 over N = 3, client-library coordination: a put or a get
// takes exactly 2 ms (one round trip). Reads at t = 0 and t = 3 ms after each acknowledgement.
scenario::Scenario WriteThenRead() {
  return ScenarioFromJson(R"({"name": "reads-after-put", "duration": "1s", "quiesce": "1s",
    "cluster": {"nodes": 3, "replication": {"n": 3, "r": 1, "w": 1},
                "coordination": "client_library", "conflict_resolution": "last_write_wins",
                "read_repair": false, "anti_entropy": {"enabled": false}},
    "network": {"latency": {"distribution": "constant", "value": "1ms"}},
    "workload": {"clients": 1, "keys": 1, "mix": {"get": 0, "put": 1},
                 "read_modify_write": false, "reads_after_put": ["0us", "3ms"]},
    "checks": {"t_visibility": {"at": ["0us", "3ms"]}}})");
}

// A cycle is 7 ms: the put (0 - 2 ms), the get at t = 0 (2 - 4 ms), the get at t = 3 ms (5 - 7 ms),
// then the next put. Puts start at 0, 7, ..., 994 ms: 143 of them; the last one's gets start at
// 996 and 999 ms, before the workload stops at 1 s.
TEST(ReadsAfterPutTest, GetsStartAtTheOffsetsAndTheNextPutWaitsForThem) {
  const RunResult result = RunScenario(WriteThenRead(), 1);
  const History::Ops& ops = result.history.ops();
  ASSERT_EQ(ops.size(), 3u * 143u);
  for (uint64_t cycle = 0; cycle < 143; ++cycle) {
    SCOPED_TRACE("cycle " + std::to_string(cycle));
    const Op& put = ops[3 * cycle];
    const Op& at_zero = ops[3 * cycle + 1];
    const Op& at_three = ops[3 * cycle + 2];
    const TimeUs start_us = static_cast<TimeUs>(cycle) * 7 * kMillisecond;
    EXPECT_EQ(put.type, OpType::kPut);
    EXPECT_TRUE(put.ok());
    EXPECT_EQ(put.invoke_us, start_us);
    EXPECT_EQ(put.complete_us, start_us + 2 * kMillisecond);
    EXPECT_EQ(at_zero.type, OpType::kGet);
    EXPECT_EQ(at_zero.invoke_us, put.complete_us);
    EXPECT_EQ(at_three.type, OpType::kGet);
    EXPECT_EQ(at_three.invoke_us, put.complete_us + 3 * kMillisecond);
    EXPECT_EQ(at_three.complete_us, start_us + 7 * kMillisecond);
    // The put's acknowledgement came before the get at t = 0 was invoked, in the run's order.
    EXPECT_EQ(put.invoked_before_completion, put.id + 1);
  }
  // Every get saw its put: the put reached every replica 1 ms after it started.
  const TVisibility curve = ComputeTVisibility(result.history, ValueModel{false, true},
                                               {0, 3 * kMillisecond});
  ASSERT_EQ(curve.at.size(), 2u);
  EXPECT_EQ(curve.at[0].gets_at, 143u);
  EXPECT_EQ(curve.at[0].saw_at, 143u);
  EXPECT_EQ(curve.at[1].gets_at, 143u);
  EXPECT_EQ(curve.at[1].saw_at, 143u);
}

// Without reads_after_put the same client writes back to back: 500 puts in 1 s, no gets.
TEST(ReadsAfterPutTest, WithoutOffsetsTheClientOnlyWrites) {
  scenario::Scenario scenario = WriteThenRead();
  scenario.workload.reads_after_put_us.clear();
  const RunResult result = RunScenario(scenario, 1);
  ASSERT_EQ(result.history.ops().size(), 500u);
  for (const Op& op : result.history.ops()) EXPECT_EQ(op.type, OpType::kPut);
}

}  // namespace
}  // namespace sim
