// explain round trip: loading the explain output of a scenario gives a Scenario whose explain
// output is identical, for every file in scenarios/ and every contract example.
#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/scenario_to_json.h"
#include "tests/scenario/scenario_test_util.h"

namespace sim::scenario {
namespace {

using ::sim::scenario::test_util::Explain;
using ::sim::scenario::test_util::FilesIn;
using ::sim::scenario::test_util::ReExplain;
using ::sim::scenario::test_util::RunCli;
using ::sim::scenario::test_util::SourcePath;

class ScenarioRoundTripTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioRoundTripTest, ExplainOutputLoadsToTheSameExplainOutput) {
  const absl::StatusOr<Scenario> scenario = LoadScenarioFile(GetParam(), {});
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  const std::string explained = Explain(*scenario);
  EXPECT_EQ(ReExplain(explained), explained);
}

TEST_P(ScenarioRoundTripTest, CliExplainPrintsTheLibraryOutput) {
  const absl::StatusOr<Scenario> scenario = LoadScenarioFile(GetParam(), {});
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  const test_util::CliResult result = RunCli({"explain", GetParam()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, Explain(*scenario) + "\n");
  EXPECT_EQ(result.err, "");
}

INSTANTIATE_TEST_SUITE_P(ScenariosFolder, ScenarioRoundTripTest,
                         ::testing::ValuesIn(FilesIn(SourcePath("scenarios"), ".json")),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = std::filesystem::path(info.param).stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

// The paper suite (scenarios/paper/) too: it uses workload.reads_after_put and network.by_message.
INSTANTIATE_TEST_SUITE_P(PaperFolder, ScenarioRoundTripTest,
                         ::testing::ValuesIn(FilesIn(SourcePath("scenarios/paper"), ".json")),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = std::filesystem::path(info.param).stem().string();
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(ScenarioRoundTripFolderTest, ScenariosFolderHasTheThreeExamples) {
  const std::vector<std::string> files = FilesIn(SourcePath("scenarios"), ".json");
  for (const char* name : {"quickstart.json", "partition-heal.json", "everything.json"}) {
    EXPECT_NE(std::find(files.begin(), files.end(), SourcePath("scenarios/") + name), files.end())
        << name;
  }
}

TEST(ScenarioRoundTripFolderTest, EverythingUsesEveryFaultTypeAndDistributionKind) {
  const absl::StatusOr<Scenario> scenario =
      LoadScenarioFile(SourcePath("scenarios/everything.json"), {});
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  std::set<FaultType> types;
  for (const Fault& fault : scenario->faults) types.insert(fault.type);
  EXPECT_EQ(types.size(), 11u);
  const std::string text = Explain(*scenario);
  for (const char* kind :
       {"constant", "uniform", "exponential", "lognormal", "pareto", "mixture", "empirical"}) {
    EXPECT_NE(text.find(std::string("\"distribution\": \"") + kind + "\""), std::string::npos)
        << kind;
  }
}

}  // namespace
}  // namespace sim::scenario
