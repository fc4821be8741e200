// `dynamo-sim shrink` end to end: a failing scenario shrinks to a smaller one that `validate`
// accepts and that still fails the same check with the same seed; a passing one has nothing to
// shrink.
#include <filesystem>

#include "gtest/gtest.h"
#include "tests/cluster/sweep_test_util.h"

namespace sim::sweep_test {
namespace {

TEST(ShrinkCommandTest, ShrinksLwwSkewToASmallerScenarioThatFailsTheSameCheck) {
  const std::string out = TempPath("shrunk") + ".json";
  const std::vector<std::string> shorter = {"--set", "quiesce=5s"};
  const CliResult original = RunCli(Concat({"run", kLwwSkew, "--seed", "31", "--quiet"}, shorter));
  ASSERT_EQ(original.exit_code, 1);
  ASSERT_NE(original.err.find("check failed: no_lost_writes"), std::string::npos);

  const CliResult shrink = RunCli(
      Concat({"shrink", kLwwSkew, "--seed", "31", "--max-runs", "40", "--out", out}, shorter));
  ASSERT_EQ(shrink.exit_code, 1) << shrink.err;
  EXPECT_NE(shrink.out.find("while no_lost_writes fails"), std::string::npos) << shrink.out;
  EXPECT_NE(shrink.out.find("runs used: "), std::string::npos);
  EXPECT_NE(shrink.out.find("reproduce: tools/sim run " + out + " --seed 31"), std::string::npos);
  ASSERT_EQ(RunCli({"validate", out}).exit_code, 0);

  const nlohmann::json before = nlohmann::json::parse(ReadFile(kLwwSkew));
  const nlohmann::json after = nlohmann::json::parse(ReadFile(out));
  EXPECT_EQ(after["seed"], 31);  // pinned
  EXPECT_EQ(after["cluster"]["conflict_resolution"], "last_write_wins");
  const bool smaller = after["faults"].size() < before["faults"].size() ||
                       after["cluster"]["nodes"] < before["cluster"]["nodes"] ||
                       after["workload"]["clients"] < before["workload"]["clients"] ||
                       after["duration"] != before["duration"];
  EXPECT_TRUE(smaller) << after.dump(2);
  EXPECT_LE(after["faults"].size(), before["faults"].size());
  EXPECT_LE(after["cluster"]["nodes"], before["cluster"]["nodes"]);
  // Quiesce is never cut: the checks after it need it (it used to be halved down to 1s).
  EXPECT_EQ(after["quiesce"], "5s");

  // The shrunk file fails the same check with the seed it pins, and its digest is the one
  // shrink reported.
  const CliResult rerun = RunCli({"run", out, "--quiet"});
  EXPECT_EQ(rerun.exit_code, 1);
  EXPECT_NE(rerun.err.find("check failed: no_lost_writes"), std::string::npos) << rerun.err;
  EXPECT_EQ(DigestIn(rerun.out), DigestIn(shrink.out));
  EXPECT_FALSE(std::filesystem::exists(out + ".tmp"));
}

TEST(ShrinkCommandTest, PassingScenarioHasNothingToShrink) {
  const std::string out = TempPath("nothing") + ".json";
  const CliResult shrink = RunCli(
      Concat({"shrink", kQuickstart, "--seed", "3", "--out", out}, ShortQuickstartArgs()));
  EXPECT_EQ(shrink.exit_code, 0) << shrink.err;
  EXPECT_NE(shrink.out.find("nothing to shrink"), std::string::npos) << shrink.out;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(ShrinkCommandTest, ScenarioGoesToStdoutWithoutOut) {
  // Seed 4 of this cut of lww-clock-skew loses a write (SweepCommandTest sees it fail).
  const CliResult shrink =
      RunCli(Concat({"shrink", kLwwSkew, "--seed", "4", "--max-runs", "6"}, MixedLwwArgs()));
  ASSERT_EQ(shrink.exit_code, 1) << shrink.err;
  const nlohmann::json scenario = nlohmann::json::parse(shrink.out);  // only the scenario
  EXPECT_EQ(scenario["name"], "lww-clock-skew");
  EXPECT_EQ(scenario["seed"], 4);
  EXPECT_NE(shrink.err.find("runs used: 6 of 6 (budget spent"), std::string::npos) << shrink.err;
}

}  // namespace
}  // namespace sim::sweep_test
