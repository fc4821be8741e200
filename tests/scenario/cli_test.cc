// The dynamo-sim command line: subcommand dispatch, usage, flags, validate over scenarios/.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scenario/scenario_test_util.h"

namespace sim::scenario {
namespace {

using ::sim::scenario::test_util::CliResult;
using ::sim::scenario::test_util::FilesIn;
using ::sim::scenario::test_util::RunCli;
using ::sim::scenario::test_util::SourcePath;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(DynamoSimCliTest, ValidateEveryShippedScenarioExits0) {
  const std::vector<std::string> files = FilesIn(SourcePath("scenarios"), ".json");
  ASSERT_FALSE(files.empty());
  std::vector<std::string> args = {"validate"};
  std::string expected;
  for (const std::string& file : files) {
    args.push_back(file);
    expected += file + ": ok\n";
  }
  const CliResult result = RunCli(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, expected);
  EXPECT_EQ(result.err, "");
}

TEST(DynamoSimCliTest, ValidateReportsEachFileAndExits2IfAnyIsBad) {
  const std::string good = SourcePath("scenarios/quickstart.json");
  const std::string bad = SourcePath("tests/scenario/testdata/bad/r_greater_than_n.json");
  const CliResult result = RunCli({"validate", good, bad});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, good + ": ok\n");
  EXPECT_EQ(result.err, bad + ": /cluster/replication/r: must be <= n (3), got 4\n");
}

TEST(DynamoSimCliTest, MissingFile) {
  const CliResult result = RunCli({"validate", "/nonexistent/scenario.json"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("/nonexistent/scenario.json: cannot open the file"));
  EXPECT_EQ(result.out, "");
}

TEST(DynamoSimCliTest, HelpPrintsUsageAndExits0) {
  for (const char* flag : {"--help", "-h", "help"}) {
    const CliResult result = RunCli({flag});
    EXPECT_EQ(result.exit_code, 0) << flag;
    EXPECT_THAT(result.out, StartsWith("usage: dynamo-sim <command>"));
    EXPECT_THAT(result.out, HasSubstr("validate SCENARIO..."));
    EXPECT_THAT(result.out, HasSubstr("explain SCENARIO [--set PATH=VALUE]..."));
  }
}

TEST(DynamoSimCliTest, NoArgumentsPrintsUsageAndExits2) {
  const CliResult result = RunCli({});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, StartsWith("usage: dynamo-sim"));
  EXPECT_EQ(result.out, "");
}

TEST(DynamoSimCliTest, UnknownSubcommandPrintsUsageAndExits2) {
  const CliResult result = RunCli({"valdate", "x.json"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("unknown command \"valdate\"; did you mean \"validate\"?"));
  EXPECT_THAT(result.err, HasSubstr("usage: dynamo-sim"));
  EXPECT_EQ(result.out, "");
}

TEST(DynamoSimCliTest, SubcommandHelp) {
  const CliResult result = RunCli({"explain", "--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, StartsWith("usage: dynamo-sim explain SCENARIO [--set PATH=VALUE]..."));
}

TEST(DynamoSimCliTest, UnknownFlagExits2) {
  const std::string file = SourcePath("scenarios/quickstart.json");
  const CliResult explain = RunCli({"explain", file, "--sett", "seed=2"});
  EXPECT_EQ(explain.exit_code, 2);
  EXPECT_THAT(explain.err, HasSubstr("unknown flag --sett; did you mean --set?"));
  EXPECT_EQ(explain.out, "");
  const CliResult validate = RunCli({"validate", "--set", "seed=2", file});
  EXPECT_EQ(validate.exit_code, 2);
  EXPECT_THAT(validate.err, HasSubstr("unknown flag --set"));
  EXPECT_EQ(validate.out, "");
}

TEST(DynamoSimCliTest, ExplainArgumentErrors) {
  const std::string file = SourcePath("scenarios/quickstart.json");
  EXPECT_EQ(RunCli({"explain"}).exit_code, 2);
  EXPECT_EQ(RunCli({"explain", file, file}).exit_code, 2);
  const CliResult missing_value = RunCli({"explain", file, "--set"});
  EXPECT_EQ(missing_value.exit_code, 2);
  EXPECT_THAT(missing_value.err, HasSubstr("--set needs a value"));
  EXPECT_EQ(missing_value.out, "");
}

TEST(DynamoSimCliTest, ExplainPrintsTwoSpaceIndentedJson) {
  const CliResult result = RunCli({"explain", SourcePath("scenarios/quickstart.json")});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, StartsWith("{\n  \"name\": \"quickstart\",\n  \"description\": "));
  EXPECT_THAT(result.out, HasSubstr("\n  \"quiesce\": \"60s\",\n"));
}

}  // namespace
}  // namespace sim::scenario
