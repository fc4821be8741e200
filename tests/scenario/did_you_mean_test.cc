#include "sim/scenario/did_you_mean.h"

#include "gtest/gtest.h"

namespace sim::scenario {
namespace {

TEST(ScenarioDidYouMeanTest, EditDistance) {
  EXPECT_EQ(EditDistance("", ""), 0);
  EXPECT_EQ(EditDistance("abc", ""), 3);
  EXPECT_EQ(EditDistance("replicaton", "replication"), 1);
  EXPECT_EQ(EditDistance("nodse", "nodes"), 1);  // adjacent swap costs 1
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3);
}

TEST(ScenarioDidYouMeanTest, SuggestsOnlyPlausibleTypos) {
  const std::vector<std::string_view> keys = {"nodes", "node_names", "replication", "n", "r"};
  EXPECT_EQ(ClosestMatch("replicaton", keys), "replication");
  EXPECT_EQ(ClosestMatch("nodse", keys), "nodes");
  EXPECT_EQ(ClosestMatch("Nodes", keys), "nodes");
  EXPECT_EQ(ClosestMatch("x", keys), std::nullopt);
  EXPECT_EQ(ClosestMatch("frobnicate", keys), std::nullopt);
  EXPECT_EQ(DidYouMeanSuffix("replicaton", keys), "; did you mean \"replication\"?");
  EXPECT_EQ(DidYouMeanSuffix("zzz", keys), "");
}

TEST(ScenarioDidYouMeanTest, TiesGoToTheEarliestCandidate) {
  EXPECT_EQ(ClosestMatch("get_p9", {"get_p99", "get_p90"}), "get_p99");
  EXPECT_EQ(ClosestMatch("get_p9", {"get_p90", "get_p99"}), "get_p90");
}

}  // namespace
}  // namespace sim::scenario
