// Every deliberate defect (dynamo/bugs.h) is caught by a checker: a short sweep of a shipped
// scenario passes every check with the bug off, and with the bug on some seed fails the named
// check. If a checker stops catching its bug, this fails, which is how we know the checkers check.
// Durations and quiesce periods are cut where the outcome does not need them: this suite runs
// twice in CI, once under the sanitizers.
#include <ostream>
#include <string>
#include <vector>

#include "dynamo/bugs.h"
#include "gtest/gtest.h"
#include "sim/analysis/summary.h"
#include "sim/scenario/bug_names.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

struct BugCase {
  std::string bug;
  std::string scenario;                 // scenarios/<name>.json, or a path ending in .json
  std::vector<std::string> overrides;   // --set syntax
  std::vector<uint64_t> seeds;          // the sweep, at most 50 seeds
  std::string check;                    // the check that must fail for some seed
};

// gtest prints a parameter with this; the bug's name says which case it is.
void PrintTo(const BugCase& c, std::ostream* os) { *os << c.bug << " on " << c.scenario; }

std::vector<BugCase> Cases() {
  return {
      {"ack_before_write", "read-engine-r1-w3",
       {"duration=\"2s\"", "checks.stale_reads.max_fraction=0"}, {1, 2}, "stale_reads"},
      {"read_repair_skips_siblings", "partition-heal", {"quiesce=\"20s\""}, {1, 2},
       "no_lost_writes"},
      {"merkle_skips_last_range", "disk-wipe", {"quiesce=\"20s\"", "cluster.read_repair=false"},
       {1, 2}, "convergence"},
      // One writer, one key, n1's wall clock 5s behind: n1's dot entries are the oldest of every
      // context, so the bug drops them and n1's versions are never superseded (87 siblings; 2
      // without the bug). Lost writes it caused came from dot reuse, now impossible.
      {"vclock_merge_drops_entry", "tests/cluster/scenarios/dot-reuse.json",
       {"workload.clients=1", "duration=\"2s\"", "workload.mix={\"get\":0.5,\"put\":0.5}",
        "faults=[{\"at\":\"0s\",\"type\":\"clock_skew\",\"nodes\":[\"n1\"],\"offset\":\"-5s\"}]",
        "checks.max_siblings=4"},
       {3}, "max_siblings"},
      {"hints_not_persisted", "stand-in-crash", {}, {1, 2}, "no_lost_writes"},
      {"wipe_reuses_clock_actor", "disk-wipe",
       {"quiesce=\"15s\"", "workload.stop=\"30s\"", "workload.read_modify_write=false",
        "checks.stale_reads.max_fraction=0"},
       {1, 2}, "stale_reads"},
      {"reuse_dot", "tests/cluster/scenarios/dot-reuse.json", {}, {3}, "no_lost_writes"},
      // One key whose first owner, n1, is cut off from everyone. Open-loop clients (400 ops/s)
      // that do not retry: an entry node outside the key's top N forwards to n1. With the bug it
      // never learns that n1 is gone, so every op a client sends it fails until the client
      // suspects it (2 s at a time); without the bug it falls back to the next of the top N.
      // Gets 0.971 available without the bug, 0.892 with it (seed 1).
      {"forward_never_falls_back", "tests/cluster/scenarios/majority-partition.json",
       {"duration=\"10s\"", "quiesce=\"2s\"", "faults.0.until=\"9s\"", "workload.keys=1",
        "faults.0.groups=[[\"n1\"],[\"n2\",\"n3\",\"n4\",\"n5\",\"c1\",\"c2\",\"c3\",\"c4\"]]",
        "workload.retry=false", "workload.rate=400",
        "checks.availability={\"get\":0.95,\"put\":0.9}"},
       {1}, "availability"},
      {"hint_to_departed_node", "membership-churn", {}, {31}, "membership"},
  };
}

// The names of the checks that failed in one run.
std::vector<std::string> FailedChecks(const std::string& scenario,
                                      const std::vector<std::string>& overrides, uint64_t seed) {
  const bool path = scenario.ends_with(".json");
  const RunSummary summary = ComputeRunSummary(path ? RunScenarioFile(scenario, overrides, seed)
                                                    : RunShippedScenario(scenario, overrides, seed));
  std::vector<std::string> failed;
  for (const CheckResult& check : summary.checks) {
    if (!check.passed) failed.push_back(check.name + ": " + check.detail);
  }
  return failed;
}

class DeliberateBugTest : public ::testing::TestWithParam<BugCase> {};

TEST_P(DeliberateBugTest, SomeSeedFailsTheCheckWithTheBugAndEverySeedPassesWithout) {
  const BugCase& c = GetParam();
  ASSERT_LE(c.seeds.size(), 50u);
  std::vector<std::string> with_bug = c.overrides;
  with_bug.push_back("bugs=[\"" + c.bug + "\"]");
  int caught = 0;
  for (uint64_t seed : c.seeds) {
    const std::vector<std::string> clean = FailedChecks(c.scenario, c.overrides, seed);
    EXPECT_TRUE(clean.empty()) << "seed " << seed << " fails without the bug: " << clean.front();
    for (const std::string& failed : FailedChecks(c.scenario, with_bug, seed)) {
      caught += failed.rfind(c.check + ":", 0) == 0;
    }
  }
  EXPECT_GT(caught, 0) << c.bug << " escaped " << c.check << " on every seed of " << c.scenario;
}

INSTANTIATE_TEST_SUITE_P(EveryBug, DeliberateBugTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<BugCase>& info) { return info.param.bug; });

TEST(DeliberateBugsTest, EveryRegisteredBugHasACaseAndTheLoaderKnowsExactlyThem) {
  std::vector<std::string> covered;
  for (const BugCase& c : Cases()) covered.push_back(c.bug);
  ASSERT_EQ(covered.size(), dynamo::kBugRegistry.size());
  const auto& known = scenario::KnownBugNames();
  ASSERT_EQ(known.size(), dynamo::kBugRegistry.size());
  for (size_t i = 0; i < covered.size(); ++i) {
    EXPECT_EQ(covered[i], dynamo::kBugRegistry[i].name);
    EXPECT_EQ(known[i], dynamo::kBugRegistry[i].name);
    EXPECT_FALSE(dynamo::kBugRegistry[i].symptom.empty());
  }
}

}  // namespace
}  // namespace sim
