// `dynamo-sim --version` (and `version`): the release and the commit it was built from, in one
// fixed format, the same two values report.json's `tool` holds; `help` lists it.
#include <regex>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "sim/build_info.h"
#include "tests/scenario/scenario_test_util.h"

namespace sim {
namespace {

using scenario::test_util::CliResult;
using scenario::test_util::ReadFile;
using scenario::test_util::RunCli;
using scenario::test_util::TempPath;

TEST(VersionCommandTest, PrintsReleaseAndCommitInOneLine) {
  const CliResult result = RunCli({"--version"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  // "dynamo-sim 0.1.0 (commit 0123456789ab)", or "-dirty" after it, or "unknown" without git.
  EXPECT_TRUE(std::regex_match(
      result.out,
      std::regex(R"(dynamo-sim \d+\.\d+\.\d+ \(commit ([0-9a-f]{12}(-dirty)?|unknown)\)\n)")))
      << result.out;
  EXPECT_EQ(result.out, std::string("dynamo-sim ") + ToolVersion() + " (commit " + ToolCommit() +
                            ")\n");
  EXPECT_EQ(RunCli({"version"}).out, result.out);
}

TEST(VersionCommandTest, HelpListsIt) {
  const CliResult result = RunCli({"help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("--version (or version)"), std::string::npos) << result.out;
}

TEST(VersionCommandTest, ReportJsonHasTheToolTheCliPrints) {
  const std::string out_dir = TempPath("version_report");
  const CliResult run =
      RunCli({"run", std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/quickstart.json", "--set",
              "duration=1s", "--set", "quiesce=1s", "--out", out_dir, "--quiet"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json report = nlohmann::json::parse(ReadFile(out_dir + "/report.json"));
  EXPECT_EQ(report["tool"],
            nlohmann::json({{"name", "dynamo-sim"}, {"version", ToolVersion()},
                            {"commit", ToolCommit()}}));
  EXPECT_NE(ReadFile(out_dir + "/report.md").find(std::string("Produced by dynamo-sim ") +
                                                  ToolVersion() + ", commit " + ToolCommit()),
            std::string::npos);
}

}  // namespace
}  // namespace sim
