// Availability that shows an outage (issue 11, section 2): open-loop arrivals keep their rate
// during a partition, strict quorums lower put and add availability instead of raising it, and
// always_writeable carts put after a failed read.
#include <string>

#include "gtest/gtest.h"
#include "sim/analysis/summary.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

constexpr double kRate = 200;  // ops per second over all clients
constexpr TimeUs kPartitionStartUs = 10 * kSecond;  // partition-heal's window
constexpr TimeUs kPartitionEndUs = 25 * kSecond;

std::vector<std::string> OpenLoop(std::vector<std::string> more = {}) {
  more.push_back("workload.rate=200");
  more.push_back("quiesce=5s");
  return more;
}

uint64_t GetsInvokedIn(const RunResult& result, TimeUs from_us, TimeUs to_us) {
  uint64_t gets = 0;
  for (const Op& op : result.history.ops()) {
    gets += op.type == OpType::kGet && op.invoke_us >= from_us && op.invoke_us < to_us;
  }
  return gets;
}

TEST(OpenLoopAvailabilityTest, PartitionHealKeepsTheArrivalRateDuringThePartition) {
  const RunResult sloppy = RunShippedScenario("partition-heal", OpenLoop());
  // Every arrival starts with a get (a plain get or a cart add's read): rate x window of them,
  // however many requests are stuck in the partition.
  const double expected = kRate * static_cast<double>(kPartitionEndUs - kPartitionStartUs) /
                          static_cast<double>(kSecond);
  const double gets = static_cast<double>(GetsInvokedIn(sloppy, kPartitionStartUs, kPartitionEndUs));
  EXPECT_NEAR(gets, expected, 0.1 * expected);
  // Some client had several ops outstanding at once.
  bool overlapped = false;
  for (size_t i = 1; i < sloppy.history.ops().size() && !overlapped; ++i) {
    const Op& op = sloppy.history.ops()[i];
    for (size_t j = i; j-- > 0 && j + 50 > i;) {
      const Op& earlier = sloppy.history.ops()[j];
      if (earlier.client == op.client && earlier.complete_us > op.invoke_us &&
          earlier.read_op != op.id && op.read_op != earlier.id) {
        overlapped = true;
        break;
      }
    }
  }
  EXPECT_TRUE(overlapped);

  const RunResult strict = RunShippedScenario("partition-heal", OpenLoop({"cluster.sloppy_quorum=false"}));
  const RunSummary sloppy_summary = ComputeRunSummary(sloppy);
  const RunSummary strict_summary = ComputeRunSummary(strict);
  // Strict quorums can only refuse puts a sloppy quorum accepts; open loop shows it.
  EXPECT_LT(strict_summary.ops.put.availability, sloppy_summary.ops.put.availability);
  EXPECT_LT(strict_summary.ops.add.availability, sloppy_summary.ops.add.availability);
  EXPECT_GT(strict_summary.outages.unavailable_in_faults_us,
            sloppy_summary.outages.unavailable_in_faults_us);
}

TEST(OpenLoopAvailabilityTest, StrictQuorumMinorityShowsTheOutage) {
  const RunResult result = RunShippedScenario("strict-quorum-minority");
  const RunSummary summary = ComputeRunSummary(result);
  EXPECT_LT(summary.ops.put.availability, 0.9);
  EXPECT_LT(summary.ops.add.availability, 0.9);
  EXPECT_LT(summary.ops.get.availability, 0.9);
  // An add succeeds only with its put: never more adds than puts succeeded.
  EXPECT_LE(summary.ops.add.succeeded, summary.ops.put.succeeded);
  EXPECT_EQ(summary.ops.add.attempted, summary.ops.put.attempted);  // always_writeable: a put each
  // The verdict its description states.
  ASSERT_EQ(summary.checks.size(), 3u);
  EXPECT_EQ(summary.checks[0].name, "no_lost_writes");
  EXPECT_TRUE(summary.checks[0].passed) << summary.checks[0].detail;
  EXPECT_EQ(summary.checks[1].name, "convergence");
  EXPECT_TRUE(summary.checks[1].passed) << summary.checks[1].detail;
  EXPECT_EQ(summary.checks[2].name, "availability");
  EXPECT_FALSE(summary.checks[2].passed);
  EXPECT_NE(summary.checks[2].detail.find("add "), std::string::npos);
  // Every client is on the minority side: unavailable for most of the 15s partition (keys with
  // both replicas on its side still answer), and recovered after the heal.
  EXPECT_GT(summary.outages.unavailable_in_faults_us, 5 * kSecond);
  EXPECT_GT(summary.outages.worst_client_longest.length_us(), 0);
  ASSERT_EQ(summary.outages.recoveries.size(), 1u);
  EXPECT_EQ(summary.outages.recoveries[0].state, RecoveryState::kRecovered);
  EXPECT_LE(summary.outages.recoveries[0].recovery_us, 2 * kSecond);
}

// Three nodes, R = N = 3, W = 1: once n3 crashes every read fails and every put can succeed.
constexpr const char* kAlwaysWriteable = R"({
  "name": "always-writeable", "duration": "4s", "quiesce": "2s",
  "cluster": {"nodes": 3, "replication": {"n": 3, "r": 3, "w": 1}},
  "workload": {"clients": 2, "keys": 5, "mix": {"get": 0, "put": 1}, "rate": 40,
               "client_timeout": "500ms"},
  "faults": [{"at": "1s", "type": "crash", "nodes": ["n3"]}]
})";

TEST(OpenLoopAvailabilityTest, AlwaysWriteablePutsAfterAFailedRead) {
  double add_availability_off = 0;
  for (const bool always_writeable : {false, true}) {
    scenario::Scenario scenario = ScenarioFromJson(kAlwaysWriteable);
    scenario.workload.always_writeable = always_writeable;
    const RunResult result = RunScenario(scenario, 3);
    std::vector<const Op*> put_of_read(result.history.ops().size(), nullptr);
    for (const Op& op : result.history.ops()) {
      if (op.type == OpType::kPut && op.read_op != kNoOp) put_of_read[op.read_op] = &op;
    }
    uint64_t failed_reads = 0;
    uint64_t puts_after_failed_reads = 0;
    uint64_t acked_puts_after_failed_reads = 0;
    for (const Op& read : result.history.ops()) {
      if (!read.add_read || read.ok() || read.status == OpStatus::kPending) continue;
      ++failed_reads;
      const Op* put = put_of_read[read.id];
      if (put == nullptr) continue;
      ++puts_after_failed_reads;
      // Written from an empty context: the acknowledged version's clock is its own dot alone.
      if (put->ok()) {
        const dynamo::Version written = result.history.written(*put);
        EXPECT_EQ(written.clock.size(), 1u);
        EXPECT_EQ(written.dot_past, 0u);
        ++acked_puts_after_failed_reads;
      }
      EXPECT_EQ(put->invoke_us, read.complete_us);
    }
    EXPECT_GT(failed_reads, 20u);
    const RunSummary summary = ComputeRunSummary(result);
    if (always_writeable) {
      EXPECT_EQ(puts_after_failed_reads, failed_reads);
      EXPECT_GT(acked_puts_after_failed_reads, 0u);
      EXPECT_GT(summary.ops.add.availability, add_availability_off + 0.2);  // W = 1 reachable
      EXPECT_EQ(summary.lost_writes.lost_writes, 0u);  // empty context: a sibling, nothing lost
    } else {
      EXPECT_EQ(puts_after_failed_reads, 0u);
      EXPECT_LT(summary.ops.add.availability, 0.5);
      add_availability_off = summary.ops.add.availability;
    }
  }
}

}  // namespace
}  // namespace sim
