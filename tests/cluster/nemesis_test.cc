// The nemesis draws its faults from the seed: same seed, same faults and digest; every drawn type
// is one the scenario allows; and under the shipped nemesis scenario nothing acknowledged is lost.
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sim/analysis/lost_writes.h"
#include "sim/report/fault_json.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

RunResult RunNemesis(uint64_t seed) {
  return RunShippedScenario("nemesis", {"duration=40s", "quiesce=30s"}, seed);
}

std::vector<std::string> Types(const RunResult& result) {
  std::vector<std::string> types;
  for (const FaultWindow& window : result.faults) types.push_back(window.type);
  return types;
}

TEST(NemesisTest, SameSeedSameFaultsAndDigest) {
  const RunResult first = RunNemesis(5);
  const RunResult second = RunNemesis(5);
  EXPECT_EQ(first.faults.size(), 4u);  // draws at 8, 16, 24 and 32s of 40s
  EXPECT_EQ(Types(first), Types(second));
  EXPECT_EQ(first.digest, second.digest);
  const RunResult other = RunNemesis(6);
  EXPECT_NE(first.digest, other.digest);
}

TEST(NemesisTest, DrawsOnlyAllowedTypesAndLosesNothing) {
  const std::set<std::string> allowed = {"partition", "one_way", "crash",     "wipe",
                                         "latency",   "drop",    "clock_skew"};
  std::set<std::string> seen;
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const RunResult result = RunNemesis(seed);
    for (const std::string& type : Types(result)) {
      EXPECT_TRUE(allowed.contains(type)) << type;
      seen.insert(type);
    }
    const LostWritesReport lost = ComputeLostWrites(result);
    EXPECT_GT(lost.acknowledged_puts, 1000u);
    EXPECT_EQ(lost.lost_writes, 0u) << "seed " << seed;
  }
  EXPECT_GE(seen.size(), 3u);  // the draws vary
}

// docs/nemesis.md: what each draw picks, from which range. 299 draws of every type on 5 nodes.
scenario::Scenario ManyDraws(int clients) {
  return ScenarioFromJson(R"({"name": "draws", "duration": "300s", "quiesce": "1s",
      "cluster": {"nodes": 5}, "workload": {"clients": )" + std::to_string(clients) + R"(,
      "keys": 10, "think_time": "200ms"},
      "nemesis": {"interval": "1s", "max_down": 2, "faults": ["partition", "one_way", "crash",
                  "wipe", "latency", "drop", "clock_skew"]}})");
}

std::set<std::string> AsSet(const std::vector<std::string>& names) {
  return {names.begin(), names.end()};
}

TEST(NemesisTest, WindowsRecordEveryDrawWithinTheDocumentedRanges) {
  const RunResult result = RunScenario(ManyDraws(1), 9);
  const std::set<std::string> nodes = {"n1", "n2", "n3", "n4", "n5"};
  ASSERT_EQ(result.faults.size(), 299u);  // draws at 1, 2, ..., 299 s
  std::set<std::string> types;
  for (const FaultWindow& w : result.faults) {
    types.insert(w.type);
    EXPECT_EQ(w.source, "nemesis");
    EXPECT_EQ(w.start_us % kSecond, 0);
    const scenario::Fault& f = w.fault;
    if (w.type == "wipe") {
      EXPECT_EQ(w.end_us, w.start_us);  // over at once
      EXPECT_EQ(w.ended_by, "");
    } else {
      EXPECT_EQ(w.end_us, w.start_us + kSecond);  // until the next draw, or quiesce at 300 s
      EXPECT_EQ(w.ended_by, w.end_us == 300 * kSecond ? "quiesce" : "nemesis");
    }
    if (w.type == "partition") {
      ASSERT_EQ(f.groups.size(), 2u);
      EXPECT_GE(f.groups[0].size(), 1u);
      EXPECT_GE(f.groups[1].size(), 1u);
      std::set<std::string> all = AsSet(f.groups[0]);
      all.insert(f.groups[1].begin(), f.groups[1].end());
      EXPECT_EQ(all, nodes);
      EXPECT_EQ(f.groups[0].size() + f.groups[1].size(), 5u);
    } else if (w.type == "one_way") {
      ASSERT_EQ(f.from.size(), 1u);
      ASSERT_EQ(f.to.size(), 2u);
      std::set<std::string> all = AsSet(f.to);
      all.insert(f.from[0]);
      EXPECT_EQ(all.size(), 3u);
    } else if (w.type == "crash") {
      EXPECT_GE(f.nodes.size(), 1u);
      EXPECT_LE(f.nodes.size(), 2u);  // max_down
      EXPECT_EQ(AsSet(f.nodes).size(), f.nodes.size());
    } else if (w.type == "latency") {
      ASSERT_EQ(f.nodes.size(), 1u);
      EXPECT_EQ(f.extra.kind, Distribution::Kind::kUniform);
      EXPECT_EQ(f.extra.min_us, 20 * kMillisecond);
      EXPECT_EQ(f.extra.max_us, 200 * kMillisecond);
    } else if (w.type == "drop") {
      EXPECT_TRUE(f.nodes.empty());
      EXPECT_GE(f.rate, 0.05);
      EXPECT_LT(f.rate, 0.30);
    } else if (w.type == "clock_skew") {
      ASSERT_EQ(f.nodes.size(), 1u);
      EXPECT_LE(std::abs(f.offset_us), 10 * kSecond);
      EXPECT_NE(f.offset_us, 0);  // 1 in 20 million
    } else {
      EXPECT_EQ(w.type, "wipe");
      ASSERT_EQ(f.nodes.size(), 1u);
    }
    for (const std::string& name : f.nodes) EXPECT_TRUE(nodes.contains(name)) << name;
  }
  EXPECT_EQ(types.size(), 7u);
}

// The nemesis's stream is its own: another workload, the same draws.
TEST(NemesisTest, DrawsDoNotDependOnTheWorkload) {
  scenario::Scenario few = ManyDraws(1);
  scenario::Scenario many = ManyDraws(4);
  few.duration_us = many.duration_us = 40 * kSecond;
  few.workload.stop_us = many.workload.stop_us = 40 * kSecond;
  const RunResult a = RunScenario(few, 3);
  const RunResult b = RunScenario(many, 3);
  EXPECT_NE(a.digest, b.digest);
  ASSERT_EQ(a.faults.size(), b.faults.size());
  for (size_t i = 0; i < a.faults.size(); ++i) {
    EXPECT_EQ(FaultWindowJson(a.faults[i]), FaultWindowJson(b.faults[i])) << i;
  }
}

}  // namespace
}  // namespace sim
