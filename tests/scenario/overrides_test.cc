// --set PATH=VALUE overrides: applied to the JSON before validation, through the library and the
// CLI.
#include "sim/scenario/overrides.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sim/scenario/scenario_loader.h"
#include "tests/scenario/scenario_test_util.h"

namespace sim::scenario {
namespace {

using ::sim::scenario::test_util::RunCli;
using ::sim::scenario::test_util::WriteTempFile;
using ::testing::HasSubstr;

constexpr char kBase[] = R"({
  "name": "override-base",
  "duration": "60s",
  "cluster": {"nodes": 5},
  "workload": {"clients": 4, "keys": 100},
  "faults": [{"at": "10s", "type": "crash", "nodes": ["n1"]},
             {"at": "20s", "type": "restart", "nodes": ["n1"]}]
})";

absl::StatusOr<Scenario> LoadWith(const std::vector<std::string>& overrides) {
  return LoadScenarioFile(WriteTempFile("override", kBase), overrides);
}

std::string ErrorOf(const std::vector<std::string>& overrides) {
  const absl::StatusOr<Scenario> scenario = LoadWith(overrides);
  EXPECT_FALSE(scenario.ok());
  return std::string(scenario.status().message());
}

TEST(ScenarioOverridesTest, NumberValue) {
  const absl::StatusOr<Scenario> scenario = LoadWith({"cluster.replication.r=3"});
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  EXPECT_EQ(scenario->cluster.replication.r, 3);
  EXPECT_EQ(scenario->cluster.replication.n, 3);
}

TEST(ScenarioOverridesTest, TextThatIsNotJsonIsAString) {
  const absl::StatusOr<Scenario> scenario =
      LoadWith({"cluster.conflict_resolution=last_write_wins", "duration=90s"});
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  EXPECT_EQ(scenario->cluster.conflict_resolution, ConflictResolution::kLastWriteWins);
  EXPECT_EQ(scenario->duration_us, 90 * kSecond);
}

TEST(ScenarioOverridesTest, JsonStringsArraysAndBooleans) {
  const absl::StatusOr<Scenario> scenario = LoadWith(
      {R"(name="with = sign")", R"(bugs=["ack_before_write"])", "cluster.read_repair=false"});
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  EXPECT_EQ(scenario->name, "with = sign");
  EXPECT_EQ(scenario->bugs, std::vector<std::string>{"ack_before_write"});
  EXPECT_FALSE(scenario->cluster.read_repair);
}

TEST(ScenarioOverridesTest, ArrayIndex) {
  const absl::StatusOr<Scenario> scenario = LoadWith({"faults.1.at=30s", "faults.0.nodes.0=n2"});
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  EXPECT_EQ(scenario->faults[1].at_us, 30 * kSecond);
  EXPECT_EQ(scenario->faults[0].nodes, std::vector<std::string>{"n2"});
}

TEST(ScenarioOverridesTest, CreatesMissingObjects) {
  const absl::StatusOr<Scenario> scenario = LoadWith(
      {"cluster.hinted_handoff.retry_interval=3s", "checks.stale_reads.max_fraction=0.2",
       "network.by_message.get.distribution=constant", "network.by_message.get.value=2ms"});
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  EXPECT_EQ(scenario->cluster.hinted_handoff.retry_interval_us, 3 * kSecond);
  EXPECT_TRUE(scenario->cluster.hinted_handoff.enabled);
  ASSERT_TRUE(scenario->checks.stale_reads.has_value());
  EXPECT_EQ(scenario->checks.stale_reads->max_fraction, 0.2);
  EXPECT_EQ(scenario->network.by_message.at("get").value_us, 2 * kMillisecond);
}

TEST(ScenarioOverridesTest, LaterOverridesWin) {
  const absl::StatusOr<Scenario> scenario = LoadWith({"seed=5", "seed=9"});
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  EXPECT_EQ(scenario->seed, 9u);
}

TEST(ScenarioOverridesTest, ResultIsValidatedLikeAFile) {
  EXPECT_THAT(ErrorOf({"cluster.replication.r=4"}),
              HasSubstr("/cluster/replication/r: must be <= n (3), got 4"));
  EXPECT_THAT(ErrorOf({"cluster.nodes=\"5\""}),
              HasSubstr("/cluster/nodes: expected an integer, got \"5\""));
  EXPECT_THAT(ErrorOf({"cluster.replicaton.n=3"}), HasSubstr("did you mean \"replication\"?"));
}

TEST(ScenarioOverridesTest, IndexOutOfRangeNamesTheOverride) {
  const std::string error = ErrorOf({"faults.2.at=1s"});
  EXPECT_THAT(error, HasSubstr("--set faults.2.at=1s"));
  EXPECT_THAT(error, HasSubstr("index 2 is out of range: /faults has 2 items"));
}

TEST(ScenarioOverridesTest, BadPaths) {
  EXPECT_THAT(ErrorOf({"nemesis.faults.0=crash"}),
              HasSubstr("index 0 is out of range: there is no array at /nemesis/faults"));
  EXPECT_THAT(ErrorOf({"cluster.nodes.count=3"}), HasSubstr("/cluster/nodes is 5, not an object"));
  EXPECT_THAT(ErrorOf({"faults.first.at=1s"}), HasSubstr("/faults is an array"));
  EXPECT_THAT(ErrorOf({"cluster..nodes=3"}), HasSubstr("empty segment"));
  EXPECT_THAT(ErrorOf({"cluster.nodes"}), HasSubstr("expected PATH=VALUE"));
  EXPECT_THAT(ErrorOf({"=3"}), HasSubstr("expected PATH=VALUE"));
}

TEST(ScenarioOverridesTest, ApplyOverrideOnJson) {
  nlohmann::json document = nlohmann::json::object();
  ASSERT_TRUE(ApplyOverride(document, "a.b.c=1").ok());
  ASSERT_TRUE(ApplyOverride(document, "a.list=[10, 20]").ok());
  ASSERT_TRUE(ApplyOverride(document, "a.list.1={\"x\": null}").ok());
  ASSERT_TRUE(ApplyOverride(document, "a.text=").ok());
  EXPECT_EQ(document, nlohmann::json::parse(
                          R"({"a": {"b": {"c": 1}, "list": [10, {"x": null}], "text": ""}})"));
}

TEST(ScenarioOverridesTest, CliExplainAppliesOverrides) {
  const std::string path = WriteTempFile("override_cli", kBase);
  const test_util::CliResult result =
      RunCli({"explain", path, "--set", "cluster.replication.w=3", "--set=seed=42"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json explained = nlohmann::json::parse(result.out);
  EXPECT_EQ(explained["cluster"]["replication"]["w"], 3);
  EXPECT_EQ(explained["seed"], 42);
}

TEST(ScenarioOverridesTest, CliExplainRejectsABadOverride) {
  const std::string path = WriteTempFile("override_cli", kBase);
  const test_util::CliResult result = RunCli({"explain", path, "--set", "faults.9.at=1s"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("--set faults.9.at=1s: index 9 is out of range"));
  EXPECT_EQ(result.out, "");
}

}  // namespace
}  // namespace sim::scenario
