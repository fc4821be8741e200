// The nemesis draws its faults from the seed: same seed, same faults and digest; every drawn type
// is one the scenario allows; and under the shipped nemesis scenario nothing acknowledged is lost.
#include <set>

#include "gtest/gtest.h"
#include "sim/analysis/lost_writes.h"
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

}  // namespace
}  // namespace sim
