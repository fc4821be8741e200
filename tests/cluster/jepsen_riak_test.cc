// Jepsen's Riak test (Kingsbury, 2013; scenarios/paper/jepsen-riak-*.json) and the workload
// options it needs: clients bound to one node each (`workload.entry: "bound"`) and a back-off
// after a failed op (`workload.failure_backoff`).
#include <string>

#include "gtest/gtest.h"
#include "sim/analysis/summary.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

double LostShare(const RunSummary& summary) {
  return static_cast<double>(summary.lost_writes.lost_writes) /
         static_cast<double>(summary.lost_writes.acknowledged_puts);
}

TEST(JepsenRiakTest, LastWriteWinsLosesAcknowledgedAddsVectorClocksLoseNone) {
  const RunSummary lww =
      ComputeRunSummary(RunScenarioFile("scenarios/paper/jepsen-riak-lww.json"));
  const RunSummary vclock =
      ComputeRunSummary(RunScenarioFile("scenarios/paper/jepsen-riak-vclock.json"));
  ASSERT_GT(lww.lost_writes.acknowledged_puts, 500u);
  ASSERT_GT(vclock.lost_writes.acknowledged_puts, 500u);
  // Kingsbury measured 30-70% of acknowledged adds lost under partitions.
  EXPECT_GT(LostShare(lww), 0.3) << lww.lost_writes.lost_writes << " of "
                                 << lww.lost_writes.acknowledged_puts;
  EXPECT_EQ(vclock.lost_writes.lost_writes, 0u);
}

// Five nodes, n1 down for the whole run, one register client per node.
std::string DownNodeScenario(const std::string& entry, const std::string& more_workload) {
  return R"({"name": "bound", "duration": "10s", "quiesce": "2s",
    "cluster": {"nodes": 5},
    "workload": {"clients": 5, "keys": 10, "read_modify_write": false, "think_time": "0us",
                 "entry": ")" + entry + "\"" + more_workload + R"(},
    "faults": [{"at": "0s", "type": "crash", "nodes": ["n1"]}]})";
}

TEST(JepsenRiakTest, ABoundClientOnlyEverAsksItsOwnNode) {
  const RunResult bound = RunScenario(ScenarioFromJson(DownNodeScenario("bound", "")), 1);
  size_t c1_ops = 0, others_ok = 0, others = 0;
  for (const Op& op : bound.history.ops()) {
    if (op.client == 0) {
      ++c1_ops;
      EXPECT_NE(op.status, OpStatus::kOk) << "c1 is bound to n1, which is down";
    } else {
      ++others;
      others_ok += op.status == OpStatus::kOk;
    }
  }
  EXPECT_GT(c1_ops, 0u);
  EXPECT_GT(others, 1000u);
  EXPECT_EQ(others_ok, others) << "c2..c5 are bound to live nodes";
  // Unbound, c1 retries elsewhere and its ops succeed.
  const RunResult any = RunScenario(ScenarioFromJson(DownNodeScenario("any", "")), 1);
  size_t c1_ok = 0;
  for (const Op& op : any.history.ops()) c1_ok += op.client == 0 && op.status == OpStatus::kOk;
  EXPECT_GT(c1_ok, 100u);
}

// c1's every op times out at client_timeout (1 s): it starts one per second, or one per two
// seconds with a 1 s back-off after each failure.
TEST(JepsenRiakTest, AFailedOpIsFollowedByTheBackOff) {
  const auto c1_invocations = [](const RunResult& result) {
    std::vector<TimeUs> at;
    for (const Op& op : result.history.ops()) {
      if (op.client == 0) at.push_back(op.invoke_us);
    }
    return at;
  };
  const RunResult plain = RunScenario(ScenarioFromJson(DownNodeScenario("bound", "")), 1);
  const RunResult backoff = RunScenario(
      ScenarioFromJson(DownNodeScenario("bound", R"(, "failure_backoff": "1s")")), 1);
  EXPECT_EQ(c1_invocations(plain),
            (std::vector<TimeUs>{0, 1 * kSecond, 2 * kSecond, 3 * kSecond, 4 * kSecond,
                                 5 * kSecond, 6 * kSecond, 7 * kSecond, 8 * kSecond,
                                 9 * kSecond}));
  EXPECT_EQ(c1_invocations(backoff), (std::vector<TimeUs>{0, 2 * kSecond, 4 * kSecond,
                                                          6 * kSecond, 8 * kSecond}));
}

}  // namespace
}  // namespace sim
