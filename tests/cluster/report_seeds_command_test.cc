// `dynamo-sim run` records what produced a report (scenario_path, overrides, resolved_scenario),
// and `dynamo-sim report` compares directories of runs over their seeds and names the scenario
// keys in which its columns differ, end to end through the binary.
#include <filesystem>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/scenario/scenario_test_util.h"

namespace sim {
namespace {

using scenario::test_util::CliResult;
using scenario::test_util::ReadFile;
using scenario::test_util::RunCli;
using scenario::test_util::TempPath;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kQuickstart = std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/quickstart.json";

CliResult RunQuickstart(const std::string& out, const std::string& seed,
                        std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"run",   kQuickstart,   "--seed", seed,  "--out", out,
                                   "--set", "duration=2s", "--set",  "quiesce=1s", "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  return RunCli(args);
}

TEST(ReportProvenanceTest, ReportJsonRecordsPathOverridesAndResolvedScenario) {
  const std::string dir = TempPath("provenance");
  ASSERT_EQ(RunQuickstart(dir, "1", {"--set", "cluster.replication.r=1"}).exit_code, 0);
  const nlohmann::json report = nlohmann::json::parse(ReadFile(dir + "/report.json"));
  EXPECT_EQ(report["scenario"], "quickstart");  // the name, as before
  EXPECT_EQ(report["scenario_path"], kQuickstart);
  EXPECT_EQ(report["overrides"],
            nlohmann::json::array({"duration=2s", "quiesce=1s", "cluster.replication.r=1"}));
  EXPECT_EQ(report["resolved_scenario"]["cluster"]["replication"]["r"], 1);
  EXPECT_EQ(report["resolved_scenario"]["duration"], "2s");
  // The same JSON as `explain` with the same overrides (key order aside).
  const CliResult explain = RunCli({"explain", kQuickstart, "--set", "duration=2s", "--set",
                                    "quiesce=1s", "--set", "cluster.replication.r=1"});
  ASSERT_EQ(explain.exit_code, 0) << explain.err;
  EXPECT_EQ(report["resolved_scenario"], nlohmann::json::parse(explain.out));
  const std::string markdown = ReadFile(dir + "/report.md");
  EXPECT_THAT(markdown, HasSubstr("| overrides | --set duration=2s --set quiesce=1s --set "
                                  "cluster.replication.r=1 |"));
  EXPECT_THAT(markdown, HasSubstr("## Resolved scenario"));
  EXPECT_THAT(markdown, HasSubstr("| cluster.replication.r | 1 |"));
  EXPECT_THAT(ReadFile(dir + "/report.html"), HasSubstr("<td>cluster.replication.r</td><td>1</td>"));
}

TEST(ReportCommandSeedsTest, NamesTheKeysInWhichTheColumnsDiffer) {
  const std::string a = TempPath("keys_a");
  const std::string b = TempPath("keys_b");
  ASSERT_EQ(RunQuickstart(a, "1").exit_code, 0);
  ASSERT_EQ(RunQuickstart(b, "1", {"--set", "cluster.replication.r=1"}).exit_code, 0);
  const CliResult compare = RunCli({"report", a, b});
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  EXPECT_THAT(compare.out, HasSubstr("cluster.replication.r (2 / 1)."));
  EXPECT_THAT(compare.out, HasSubstr("One seed per column"));
  EXPECT_THAT(ReadFile(a + "/comparison.html"), HasSubstr("cluster.replication.r (2 / 1)."));
}

TEST(ReportCommandSeedsTest, ADirectoryOfRunsIsOneColumnOverItsSeeds) {
  const std::string a = TempPath("seeds_a");
  const std::string b = TempPath("seeds_b");
  for (const char* seed : {"1", "2", "3"}) {
    ASSERT_EQ(RunQuickstart(a + "/seed-" + seed, seed).exit_code, 0);
    ASSERT_EQ(RunQuickstart(b + "/seed-" + seed, seed, {"--set", "cluster.replication.w=1"})
                  .exit_code,
              0);
  }
  const CliResult compare = RunCli({"report", a, b});
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  EXPECT_THAT(compare.out, HasSubstr(" (3 seeds) |"));
  EXPECT_THAT(compare.out, HasSubstr("95% interval"));
  EXPECT_THAT(compare.out, HasSubstr("| seed | 1, 2, 3 | 1, 2, 3 |"));
  EXPECT_THAT(compare.out, HasSubstr("| get availability | 1 ± 0 | 1 ± 0 |"));
  EXPECT_THAT(compare.out, HasSubstr("cluster.replication.w (2 / 1)."));
  EXPECT_THAT(compare.out, Not(HasSubstr("One seed")));

  // A directory of runs must be one scenario at distinct seeds; nothing is written otherwise.
  std::filesystem::remove(a + "/comparison.html");
  ASSERT_EQ(RunQuickstart(a + "/again-1", "1").exit_code, 0);
  const CliResult twice = RunCli({"report", a, b});
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_THAT(twice.err, HasSubstr("two runs have seed 1"));
  std::filesystem::remove_all(a + "/again-1");
  ASSERT_EQ(RunQuickstart(a + "/seed-9", "9", {"--set", "workload.clients=1"}).exit_code, 0);
  const CliResult mixed = RunCli({"report", a, b});
  EXPECT_EQ(mixed.exit_code, 2);
  EXPECT_THAT(mixed.err, HasSubstr("not all the same scenario"));
  EXPECT_FALSE(std::filesystem::exists(a + "/comparison.html"));
  // Nothing to re-render in a directory of runs alone.
  EXPECT_EQ(RunCli({"report", b}).exit_code, 2);
  const std::string empty = TempPath("seeds_empty");
  std::filesystem::create_directories(empty);
  const CliResult none = RunCli({"report", empty, b});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_THAT(none.err, HasSubstr("no report.json in it or in any subdirectory"));
}

}  // namespace
}  // namespace sim
