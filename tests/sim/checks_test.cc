// The checkers (sim/analysis/checks.h) on hand-built runs: each one fails when it must, passes
// when it must, and its detail names the key, op, replica and time to look at.
#include "sim/analysis/checks.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sim/analysis/convergence.h"
#include "sim/analysis/summary.h"
#include "tests/sim/history_builder.h"

namespace sim {
namespace {

using ::testing::HasSubstr;
using testing::Clock;
using testing::HistoryBuilder;
using testing::MakeVersion;

// A run over `b`'s history whose key `key` ended with `final_versions`; converged; only
// no_lost_writes and convergence checked (the defaults).
RunResult RunOf(const HistoryBuilder& b, bool carts, bool lww, dynamo::Key key,
              std::vector<dynamo::Version> final_versions) {
  RunResult result;
  result.history = b.history();
  result.carts = carts;
  result.last_write_wins = lww;
  result.sim_time_us = 100 * kMillisecond;
  result.node_names = {"n1", "n2", "n3"};
  result.convergence.converged = true;
  result.final_versions[key].assign(final_versions.begin(), final_versions.end());
  return result;
}

CheckResult Find(const std::vector<CheckResult>& checks, const std::string& name) {
  for (const CheckResult& check : checks) {
    if (check.name == name) return check;
  }
  ADD_FAILURE() << name << " not listed";
  return CheckResult{"missing", false, "not listed"};
}

std::vector<CheckResult> Evaluate(const RunResult& result) {
  return ComputeRunSummary(result).checks;
}

TEST(MembershipCheckTest, AJoinFollowedByALeaveIsJudgedByWhetherTheNodeReachedARing) {
  RunResult result;
  result.sim_time_us = 100 * kSecond;
  result.node_names = {"n1", "n2", "n3", "n4"};
  result.convergence.converged = true;
  MembershipOutcome join{"n4", "join", 5 * kSecond};
  join.left_later = true;
  join.done = true;  // it was on a ring before it left
  MembershipOutcome leave{"n4", "leave", 20 * kSecond};
  leave.done = true;
  result.membership = {join, leave};
  EXPECT_TRUE(Find(Evaluate(result), "membership").passed);
  result.membership[0].done = false;  // it left without ever being on a ring
  const CheckResult check = Find(Evaluate(result), "membership");
  EXPECT_FALSE(check.passed);
  EXPECT_THAT(check.detail, HasSubstr("n4's join at 5s never reached a ring before the node left"));
  EXPECT_THAT(check.detail, HasSubstr("1 of 2 joins and leaves finished"));
}

scenario::AvailabilityCheck Bounds(double get, double put) {
  scenario::AvailabilityCheck bounds;
  bounds.get = get;
  bounds.put = put;
  return bounds;
}

TEST(NoLostWritesCheckTest, CatchesALostCartItemAndNamesIt) {
  HistoryBuilder b;
  b.Put(7, 101, 0, 5);
  b.Put(7, 102, 10, 15);  // op 1: its item is missing below
  const std::vector<CheckResult> checks =
      Evaluate(RunOf(b, /*carts=*/true, false, 7, {MakeVersion({101})}));
  const CheckResult check = Find(checks, "no_lost_writes");
  EXPECT_FALSE(check.passed);
  EXPECT_THAT(check.detail, HasSubstr("1 of 2 acknowledged puts lost"));
  EXPECT_THAT(check.detail, HasSubstr("key 7: put op 1 by c1"));
  EXPECT_THAT(check.detail, HasSubstr("acknowledged at 0.015s"));
}

TEST(NoLostWritesCheckTest, CatchesALostRegisterValueAndNamesTheSurvivor) {
  HistoryBuilder b;
  b.Put(3, 101, 0, 5, OpStatus::kOk, Clock({{1, 1}}));
  b.Put(3, 102, 10, 15, OpStatus::kOk, Clock({{2, 1}}));  // after 101, yet 101 survived
  const RunResult result = RunOf(b, /*carts=*/false, /*lww=*/true, 3, {MakeVersion({101})});
  const LostWritesReport lost = ComputeLostWrites(result);
  ASSERT_EQ(lost.lost.size(), 1u);
  EXPECT_EQ(lost.lost[0].put_op, 1u);
  EXPECT_EQ(lost.lost[0].survivor_op, 0u);
  const CheckResult check = Find(Evaluate(result), "no_lost_writes");
  EXPECT_FALSE(check.passed);
  EXPECT_THAT(check.detail, HasSubstr("key 3: put op 1"));
  EXPECT_THAT(check.detail, HasSubstr("the final value is put op 0's"));
}

TEST(NoLostWritesCheckTest, RegisterDominatedByAFinalVersionIsNotLostUnlessLww) {
  HistoryBuilder b;
  b.Put(3, 101, 0, 5, OpStatus::kOk, Clock({{1, 1}}));
  // The final version descends from 101's clock (a later write the history did not record).
  const std::vector<dynamo::Version> final_versions = {MakeVersion({999}, Clock({{1, 2}}))};
  EXPECT_TRUE(Find(Evaluate(RunOf(b, false, /*lww=*/false, 3, final_versions)), "no_lost_writes")
                  .passed);
  // Under last-write-wins clocks prove nothing: the value is gone.
  EXPECT_FALSE(Find(Evaluate(RunOf(b, false, /*lww=*/true, 3, final_versions)), "no_lost_writes")
                   .passed);
}

TEST(NoLostWritesCheckTest, RegisterOverwrittenByAConcurrentPutIsNotLost) {
  HistoryBuilder b;
  b.Put(3, 101, 0, 10, OpStatus::kOk, Clock({{1, 1}}));
  b.Put(3, 102, 5, 15, OpStatus::kOk, Clock({{2, 1}}));  // overlaps 101: concurrent
  for (bool lww : {false, true}) {
    const RunResult result = RunOf(b, false, lww, 3, {MakeVersion({102}, Clock({{2, 1}}))});
    EXPECT_EQ(ComputeLostWrites(result).lost_writes, 0u) << "lww=" << lww;
    EXPECT_TRUE(Find(Evaluate(result), "no_lost_writes").passed);
  }
  // The other way round: 101 survives a concurrent 102 just as well.
  EXPECT_EQ(ComputeLostWrites(RunOf(b, false, true, 3, {MakeVersion({101})})).lost_writes, 0u);
}

TEST(ConvergenceCheckTest, DivergentReplicasFailAndAreNamed) {
  HistoryBuilder b;
  b.Put(9, 101, 0, 5);
  RunResult result = RunOf(b, true, false, 9, {MakeVersion({101})});
  result.convergence.converged = false;
  result.convergence.divergence =
      Divergence{9, {ReplicaHolding{0, 1, true}, ReplicaHolding{2, 0, false}, {1, 1, true}}};
  const CheckResult check = Find(Evaluate(result), "convergence");
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.detail,
            "replicas still differ at the end of quiesce (0.100s): key 9: n1 holds 1 version, n3 "
            "holds 0 versions (differs), n2 holds 1 version");
}

TEST(ConvergenceCheckTest, WithinBoundsTheTimeAfterTheLastHeal) {
  HistoryBuilder b;
  RunResult result = RunOf(b, true, false, 1, {});
  result.convergence.reference_us = 40 * kSecond;
  result.convergence.converged_at_us = 52 * kSecond;
  result.convergence.convergence_time_us = 12 * kSecond;
  result.checks.convergence.within_us = 10 * kSecond;
  const CheckResult late = Find(Evaluate(result), "convergence");
  EXPECT_FALSE(late.passed);
  EXPECT_THAT(late.detail, HasSubstr("converged 12s after"));
  EXPECT_THAT(late.detail, HasSubstr("is NOT within 10s"));
  result.checks.convergence.within_us = 12 * kSecond;
  EXPECT_TRUE(Find(Evaluate(result), "convergence").passed);
}

// Three replicas of key 7 hand-built: the third lacks the version the others hold.
TEST(FindDivergenceTest, NamesTheFirstKeyWhoseReplicasDiffer) {
  const dynamo::Version v = MakeVersion({101}, Clock({{1, 1}}));
  const dynamo::Version w = MakeVersion({102}, Clock({{1, 2}}));
  // node -> key -> versions
  std::vector<absl::btree_map<dynamo::Key, std::vector<dynamo::Version>>> nodes(3);
  nodes[0][5] = {w};
  nodes[1][5] = {w};
  nodes[2][5] = {w};
  nodes[0][7] = {v};
  nodes[1][7] = {v};
  nodes[2][8] = {v};
  auto read = [&](dynamo::NodeId node, dynamo::Key key, dynamo::Siblings&) {
    const auto it = nodes[node].find(key);
    return it == nodes[node].end() ? absl::Span<const dynamo::Version>()
                                   : absl::MakeConstSpan(it->second);
  };
  std::vector<KeyReplicas> keys(2);
  keys[0].key = 5;
  keys[0].replicas = {0, 1, 2};
  keys[1].key = 7;
  keys[1].replicas = {2, 0, 1};
  const std::optional<Divergence> divergence = FindDivergence(keys, read);
  ASSERT_TRUE(divergence.has_value());
  EXPECT_EQ(divergence->key, 7u);
  ASSERT_EQ(divergence->replicas.size(), 3u);
  EXPECT_EQ(divergence->replicas[0].node, 2u);
  EXPECT_EQ(divergence->replicas[0].versions, 0u);
  EXPECT_TRUE(divergence->replicas[0].agrees);  // the first replica is the reference
  EXPECT_FALSE(divergence->replicas[1].agrees);
  nodes[2][7] = {v};
  EXPECT_FALSE(FindDivergence(keys, read).has_value());
  nodes[2][7] = {MakeVersion({101}, Clock({{1, 3}}))};  // same value, other clock: differs
  EXPECT_TRUE(FindDivergence(keys, read).has_value());
}

TEST(StaleReadsCheckTest, CountsAStaleGetWithItsKAndNamesAMissedPut) {
  HistoryBuilder b;
  b.Put(4, 101, 0, 5);
  b.Put(4, 102, 10, 15);                      // op 1
  b.Put(4, 103, 20, 25);                      // op 2
  b.Get(4, 30, 32, {MakeVersion({101})});     // op 3: misses 102 and 103: k = 2
  b.Get(4, 40, 42, {MakeVersion({103})});     // fresh (103 overwrote the rest)
  RunResult result = RunOf(b, /*carts=*/false, false, 4, {MakeVersion({103})});
  result.checks.stale_reads = scenario::StaleReadsCheck{0.4};
  const RunSummary summary = ComputeRunSummary(result);
  EXPECT_EQ(summary.staleness.stale_reads, 1u);
  EXPECT_EQ(summary.staleness.k_histogram.at(2), 1u);
  const CheckResult check = Find(summary.checks, "stale_reads");
  EXPECT_FALSE(check.passed);  // 1 of 2 = 0.5 > 0.4
  EXPECT_THAT(check.detail, HasSubstr("stale fraction 0.500000 > 0.4 (1 of 2 successful gets)"));
  EXPECT_THAT(check.detail,
              HasSubstr("first: get op 3 by c1 on key 4 at 0.030s missed 2 puts, e.g. put op 1 "
                        "acknowledged at 0.015s"));
  result.checks.stale_reads = scenario::StaleReadsCheck{0.5};
  EXPECT_TRUE(Find(Evaluate(result), "stale_reads").passed);
}

TEST(AvailabilityCheckTest, NamesTheFirstFailedOp) {
  HistoryBuilder b;
  b.Get(1, 0, 2, {});
  b.Get(1, 10, 1010, {}, OpStatus::kTimeout);  // op 1
  b.Put(1, 101, 20, 25);
  RunResult result = RunOf(b, true, false, 1, {MakeVersion({101})});
  result.timeline_bucket_us = 10 * kMillisecond;
  result.checks.availability = Bounds(0.9, 0);
  const CheckResult check = Find(Evaluate(result), "availability");
  EXPECT_FALSE(check.passed);
  EXPECT_THAT(check.detail, HasSubstr("get 0.500000 < 0.9 (1 of 2 failed)"));
  EXPECT_THAT(check.detail, HasSubstr("first: get op 1 by c1 on key 1 at 0.010s (timed out)"));
  EXPECT_THAT(check.detail, HasSubstr("worst bucket 0.010s..0.020s: 0.0000"));
  EXPECT_THAT(check.detail, ::testing::Not(HasSubstr("put")));  // a bound of 0 is not checked
  result.checks.availability = Bounds(0.5, 1.0);
  EXPECT_TRUE(Find(Evaluate(result), "availability").passed);
}

TEST(AvailabilityCheckTest, BoundsTheLongestOutageAndTheRecovery) {
  HistoryBuilder b;
  b.Get(1, 0, 2, {});
  b.Get(1, 10, 1010, {}, OpStatus::kTimeout);  // an outage from 10ms to the put's success at 25ms
  b.Put(1, 101, 20, 25);
  RunResult result = RunOf(b, true, false, 1, {MakeVersion({101})});
  result.timeline_bucket_us = 10 * kMillisecond;
  FaultWindow partition;
  partition.id = 1;
  partition.type = "partition";
  partition.start_us = 5 * kMillisecond;
  partition.end_us = 15 * kMillisecond;
  partition.ended_by = "heal";
  result.faults = {partition};
  scenario::AvailabilityCheck bounds;
  bounds.max_outage_us = 10 * kMillisecond;
  bounds.max_recovery_us = 1 * kMillisecond;
  result.checks.availability = bounds;
  CheckResult check = Find(Evaluate(result), "availability");
  EXPECT_FALSE(check.passed);
  EXPECT_THAT(check.detail, HasSubstr("longest outage 0.015s > 0.010s (c1 from 0.010s to 0.025s)"));
  // No bucket wholly before the window: the baseline is the fault-free buckets (1.0); the bucket
  // at 20ms is the first after the 15ms heal and is back.
  EXPECT_THAT(check.detail,
              HasSubstr("longest recovery 0.005s > 0.001s (after partition #1 ended at 0.015s)"));
  bounds.max_outage_us = 15 * kMillisecond;
  bounds.max_recovery_us = 5 * kMillisecond;
  result.checks.availability = bounds;
  check = Find(Evaluate(result), "availability");
  EXPECT_TRUE(check.passed) << check.detail;
  // The add bound: no add in this history, so nothing was refused.
  bounds.add = 1.0;
  result.checks.availability = bounds;
  EXPECT_THAT(Find(Evaluate(result), "availability").detail, HasSubstr("add 1.000000 >= 1 (0 of 0 failed)"));
}

TEST(LatencyCheckTest, ComparesEachBoundAndNamesTheSlowestOp) {
  HistoryBuilder b;
  b.OpWithLatency(OpType::kGet, 0, 2 * kMillisecond, OpStatus::kOk);
  b.OpWithLatency(OpType::kGet, 0, 50 * kMillisecond, OpStatus::kOk);  // op 1
  b.OpWithLatency(OpType::kPut, 0, 3 * kMillisecond, OpStatus::kOk);
  RunResult result = RunOf(b, true, false, 0, {});
  result.checks.no_lost_writes = false;
  result.checks.latency = {{"get_p50", 5 * kMillisecond}, {"get_max", 20 * kMillisecond},
                           {"put_p99", 3 * kMillisecond}};
  const CheckResult check = Find(Evaluate(result), "latency");
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.detail,
            "get_p50 2ms <= 5ms; get_max 50ms > 20ms (slowest: get op 1 by c1 on key 0 at 0s took "
            "50ms); put_p99 3ms <= 3ms");
}

TEST(MaxSiblingsCheckTest, NamesTheGetWithTooManyVersions) {
  HistoryBuilder b;
  b.Get(2, 0, 1, {MakeVersion({1})});
  b.Get(2, 5, 6, {MakeVersion({1}), MakeVersion({2}), MakeVersion({3})});  // op 1
  RunResult result = RunOf(b, true, false, 2, {});
  result.checks.max_siblings = 2;
  const CheckResult check = Find(Evaluate(result), "max_siblings");
  EXPECT_FALSE(check.passed);
  EXPECT_EQ(check.detail,
            "most versions a get returned: 3 > 2; first: get op 1 by c1 on key 2 at 0.005s "
            "returned 3");
}

TEST(ChecksTest, OnlyConfiguredChecksAreListedAndFalseTurnsDefaultsOff) {
  HistoryBuilder b;
  RunResult result = RunOf(b, true, false, 1, {});
  std::vector<CheckResult> checks = Evaluate(result);
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].name, "no_lost_writes");
  EXPECT_EQ(checks[1].name, "convergence");
  EXPECT_TRUE(AllPassed(checks));
  result.checks.no_lost_writes = false;
  result.checks.convergence.enabled = false;
  EXPECT_TRUE(Evaluate(result).empty());
  EXPECT_TRUE(ComputeRunSummary(result).passed);
}

}  // namespace
}  // namespace sim
