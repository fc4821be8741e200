// Loader behaviour beyond the contract's examples: decisions where the contract is silent.
#include <string>
#include <string_view>

#include "dynamo/message_kind_names.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sim/scenario/bug_names.h"
#include "sim/scenario/scenario_loader.h"
#include "tests/scenario/scenario_test_util.h"

namespace sim::scenario {
namespace {

using ::sim::scenario::test_util::Explain;
using ::sim::scenario::test_util::MinimalScenario;
using ::sim::scenario::test_util::Parse;
using ::sim::scenario::test_util::Patched;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string ErrorOf(const nlohmann::json& document) {
  const absl::StatusOr<Scenario> scenario = Parse(document);
  EXPECT_FALSE(scenario.ok());
  return std::string(scenario.status().message());
}

TEST(ScenarioLoaderTest, ErrorsNameTheFileLabel) {
  nlohmann::json document = MinimalScenario();
  document["cluster"]["replication"] = {{"n", 3}, {"r", 4}};
  const absl::StatusOr<Scenario> scenario = ParseScenario(document, "scenarios/x.json");
  EXPECT_EQ(scenario.status().message(),
            "scenarios/x.json: /cluster/replication/r: must be <= n (3), got 4");
}

TEST(ScenarioLoaderTest, JoinedNodesAreKnownAfterTheirJoinOnly) {
  EXPECT_TRUE(Parse(Patched(R"({"faults": [
      {"at": "5s", "type": "join", "nodes": ["n6"]},
      {"at": "5s", "type": "crash", "nodes": ["n6"]},
      {"at": "9s", "type": "partition", "groups": [["n6", "c1"]]},
      {"at": "9s", "type": "leave", "nodes": ["n6"]}]})"))
                  .ok());
  // Same time, but listed before the join: ties go in file order.
  EXPECT_THAT(ErrorOf(Patched(R"({"faults": [
      {"at": "5s", "type": "crash", "nodes": ["n6"]},
      {"at": "5s", "type": "join", "nodes": ["n6"]}]})")),
              HasSubstr("/faults/0/nodes/0: unknown node \"n6\""));
  EXPECT_THAT(ErrorOf(Patched(R"({"faults": [
      {"at": "5s", "type": "join", "nodes": ["n6"]},
      {"at": "6s", "type": "join", "nodes": ["n6"]}]})")),
              HasSubstr("/faults/1/nodes/0: node \"n6\" already exists"));
}

TEST(ScenarioLoaderTest, PartitionMembersMayBeClientsUpToTheClientCount) {
  EXPECT_TRUE(Parse(Patched(R"({"faults": [{"at": "1s", "type": "partition",
                                             "groups": [["c4", "n1"]]}]})"))
                  .ok());
  EXPECT_THAT(ErrorOf(Patched(R"({"faults": [{"at": "1s", "type": "partition",
                                               "groups": [["c5"]]}]})")),
              HasSubstr("unknown node or client \"c5\""));
  EXPECT_THAT(ErrorOf(Patched(R"({"faults": [{"at": "1s", "type": "partition",
                                               "groups": [["c01"]]}]})")),
              HasSubstr("unknown node or client \"c01\""));
}

TEST(ScenarioLoaderTest, FaultTimesMayEndAtDurationButNotLater) {
  EXPECT_TRUE(Parse(Patched(R"({"faults": [{"at": "0s", "type": "crash", "until": "60s",
                                             "nodes": ["n1"]}]})"))
                  .ok());
  EXPECT_THAT(ErrorOf(Patched(R"({"faults": [{"at": "1s", "type": "crash", "until": "61s",
                                               "nodes": ["n1"]}]})")),
              HasSubstr("/faults/0/until: must be <= duration (60s)"));
  EXPECT_THAT(ErrorOf(Patched(R"({"faults": [{"at": "60s", "type": "heal"}]})")),
              HasSubstr("/faults/0/at: must be < duration (60s)"));
}

TEST(ScenarioLoaderTest, RequiredFaultMembers) {
  EXPECT_THAT(ErrorOf(Patched(R"({"faults": [{"at": "1s", "type": "latency",
                                               "nodes": ["n1"]}]})")),
              HasSubstr("/faults/0/extra: required key is missing"));
  EXPECT_THAT(ErrorOf(Patched(R"({"faults": [{"type": "heal"}]})")),
              HasSubstr("/faults/0/at: required key is missing"));
  EXPECT_THAT(ErrorOf(Patched(R"({"faults": [{"at": "1s", "type": "crash", "nodes": []}]})")),
              HasSubstr("/faults/0/nodes: must not be empty"));
}

TEST(ScenarioLoaderTest, BugNamesMustBeKnown) {
  ASSERT_EQ(KnownBugNames().size(), 9u);
  EXPECT_TRUE(Parse(Patched(R"({"bugs": ["ack_before_write", "hints_not_persisted"]})")).ok());
  EXPECT_THAT(ErrorOf(Patched(R"({"bugs": ["ack_before_writes"]})")),
              HasSubstr("/bugs/0: unknown bug \"ack_before_writes\"; did you mean \"ack_before_write\"?"));
  EXPECT_THAT(ErrorOf(Patched(R"({"bugs": ["anything_at_all"]})")),
              HasSubstr("/bugs/0: unknown bug \"anything_at_all\""));
  EXPECT_THAT(ErrorOf(Patched(R"({"bugs": ["hints_not_persisted", "hints_not_persisted"]})")),
              HasSubstr("/bugs/1: \"hints_not_persisted\" is listed twice"));
  EXPECT_THAT(ErrorOf(Patched(R"({"bugs": [3]})")), HasSubstr("/bugs/0: expected a string"));
}

TEST(ScenarioLoaderTest, SeedCoversTheWholeUint64Range) {
  nlohmann::json document = MinimalScenario();
  document["seed"] = 18446744073709551615ull;
  const absl::StatusOr<Scenario> scenario = Parse(document);
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  EXPECT_EQ(scenario->seed, 18446744073709551615ull);
  document["seed"] = 1.5;
  EXPECT_THAT(ErrorOf(document), HasSubstr("/seed: expected an integer from 0 to 2^64-1"));
}

TEST(ScenarioLoaderTest, HostileValuesAreErrorsNotCrashes) {
  nlohmann::json document = MinimalScenario();
  document["cluster"]["nodes"] = 18446744073709551615ull;
  EXPECT_THAT(ErrorOf(document), HasSubstr("/cluster/nodes: must be <= 1000"));
  document = MinimalScenario();
  document["workload"]["keys"] = 1e300;
  EXPECT_THAT(ErrorOf(document), HasSubstr("/workload/keys: expected an integer"));
  document = MinimalScenario();
  nlohmann::json nested = {{"distribution", "constant"}, {"value", "1ms"}};
  for (int i = 0; i < 20; ++i) {
    nested = {{"distribution", "mixture"}, {"parts", {{{"weight", 1}, {"of", nested}}}}};
  }
  document["network"] = {{"latency", nested}};
  EXPECT_THAT(ErrorOf(document), HasSubstr("mixtures nest more than 8 levels deep"));
  EXPECT_THAT(ErrorOf(nullptr), HasSubstr("(root): expected an object, got null"));
}

TEST(ScenarioLoaderTest, ByMessageKindsAreEscapedInPaths) {
  nlohmann::json document = MinimalScenario();
  document["network"] = {{"by_message", {{"a/b", {{"distribution", "constant"}}}}}};
  EXPECT_THAT(ErrorOf(document), HasSubstr("/network/by_message/a~1b: unknown message kind"));
  document["network"] = {{"by_message", {{"get", {{"distribution", "constant"}}}}}};
  EXPECT_THAT(ErrorOf(document), HasSubstr("/network/by_message/get/value: required key is missing"));
}

// Every kind the node logic sends is accepted; a kind nothing is close to lists them all.
TEST(ScenarioLoaderTest, ByMessageTakesExactlyTheNodeLogicsKinds) {
  nlohmann::json document = MinimalScenario();
  nlohmann::json by_message = nlohmann::json::object();
  for (std::string_view kind : dynamo::kMessageKindNames) {
    by_message[std::string(kind)] = {{"distribution", "constant"}, {"value", "1ms"}};
  }
  document["network"] = {{"by_message", by_message}};
  const absl::StatusOr<Scenario> loaded = Parse(document);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->network.by_message.size(), dynamo::kMessageKindNames.size());
  document["network"] = {{"by_message", {{"", {{"distribution", "constant"}, {"value", "1ms"}}}}}};
  EXPECT_THAT(ErrorOf(document),
              HasSubstr("/network/by_message/: unknown message kind \"\" (known: client_get, "
                        "client_put,"));
}

TEST(ScenarioLoaderTest, WorkloadWindow) {
  EXPECT_THAT(ErrorOf(Patched(R"({"workload": {"start": "20s", "stop": "10s"}})")),
              HasSubstr("/workload/start: must be <= stop (10s)"));
  const absl::StatusOr<Scenario> scenario =
      Parse(Patched(R"({"workload": {"start": "5s", "stop": "50s"}})"));
  ASSERT_TRUE(scenario.ok());
  EXPECT_EQ(scenario->workload.start_us, 5 * kSecond);
  EXPECT_EQ(scenario->workload.stop_us, 50 * kSecond);
}

TEST(ScenarioLoaderTest, ADefaultThatDoesNotFitSaysItIsTheDefault) {
  EXPECT_THAT(ErrorOf(Patched(R"({"cluster": {"nodes": 1}})")),
              HasSubstr("/cluster/replication/n: must be <= nodes (1), got 3 (the default; set "
                        "it explicitly)"));
  EXPECT_TRUE(Parse(Patched(R"({"cluster": {"nodes": 1,
                                            "replication": {"n": 1, "r": 1, "w": 1}}})"))
                  .ok());
  EXPECT_THAT(ErrorOf(Patched(R"({"cluster": {"nodes": 300}})")),
              HasSubstr("/cluster/partitioning/partitions: must be >= nodes with strategy 3 "
                        "(300), got 256 (the default"));
}

TEST(ScenarioLoaderTest, ZeroDurationIsAnError) {
  EXPECT_THAT(ErrorOf(Patched(R"({"duration": "0s"})")),
              HasSubstr("/duration: must be greater than 0s"));
}

TEST(ScenarioLoaderTest, ConvergenceObjectForm) {
  const absl::StatusOr<Scenario> scenario =
      Parse(Patched(R"({"checks": {"convergence": {"enabled": false, "within": "5s"}}})"));
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  EXPECT_FALSE(scenario->checks.convergence.enabled);
  EXPECT_EQ(scenario->checks.convergence.within_us, 5 * kSecond);
  EXPECT_THAT(ErrorOf(Patched(R"({"checks": {"convergence": "yes"}})")),
              StartsWith("test.json: /checks/convergence: expected true, false or an object"));
}

// network.datacenters: the structure as read, joined nodes placed, a partition group naming
// datacenters, pair latencies in either order; explain prints what loads back to the same.
TEST(ScenarioLoaderTest, DatacentersAreReadAndPrintedBack) {
  const nlohmann::json document = Patched(R"({
    "cluster": {"replication": {"datacenters": 2}},
    "network": {"datacenters": {"b": {"nodes": ["n3", "n4", "n5", "n6"]},
                                "a": {"nodes": ["n1", "n2"], "clients": ["c1", "c3"]}},
                "datacenter_latency": {"distribution": "constant", "value": "30ms"},
                "datacenter_latency_by_pair": {"b|a": {"distribution": "constant", "value": "5ms"}}},
    "faults": [{"at": "1s", "type": "join", "nodes": ["n6"]},
               {"at": "2s", "type": "partition", "groups": [["a"], ["b"]]}]})");
  const absl::StatusOr<Scenario> scenario = Parse(document);
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  EXPECT_EQ(scenario->cluster.replication.datacenters, 2);
  ASSERT_EQ(scenario->network.datacenters.size(), 2u);
  EXPECT_EQ(scenario->network.datacenters.begin()->first, "a");  // sorted: "a" is datacenter 0
  EXPECT_THAT(scenario->network.datacenters.at("a").clients, testing::ElementsAre("c1", "c3"));
  EXPECT_EQ(scenario->network.datacenter_latency.value_us, 30 * kMillisecond);
  EXPECT_EQ(scenario->network.datacenter_latency_by_pair.at("b|a").value_us, 5 * kMillisecond);
  EXPECT_THAT(scenario->faults[1].groups,
              testing::ElementsAre(testing::ElementsAre("a"), testing::ElementsAre("b")));
  const nlohmann::json explained = nlohmann::json::parse(Explain(*scenario));
  EXPECT_EQ(explained["cluster"]["replication"]["datacenters"], 2);
  EXPECT_FALSE(explained["network"]["datacenters"]["b"].contains("clients"));
  const absl::StatusOr<Scenario> again = Parse(explained);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(Explain(*again), Explain(*scenario));
  // Without datacenters explain prints none of the keys.
  const nlohmann::json plain = nlohmann::json::parse(Explain(*Parse(MinimalScenario())));
  EXPECT_FALSE(plain["network"].contains("datacenters"));
  EXPECT_FALSE(plain["network"].contains("datacenter_latency"));
  EXPECT_FALSE(plain["cluster"]["replication"].contains("datacenters"));
}

}  // namespace
}  // namespace sim::scenario
