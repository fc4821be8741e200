// A minimal scenario resolves every default to the value scenario-format.md documents.
#include "gtest/gtest.h"
#include "sim/scenario/scenario_loader.h"
#include "tests/scenario/scenario_test_util.h"

namespace sim::scenario {
namespace {

using ::sim::scenario::test_util::MinimalScenario;
using ::sim::scenario::test_util::Parse;

Scenario Minimal() {
  absl::StatusOr<Scenario> scenario = Parse(MinimalScenario());
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  return scenario.ok() ? *std::move(scenario) : Scenario{};
}

void ExpectConstantZero(const Distribution& distribution) {
  EXPECT_EQ(distribution.kind, Distribution::Kind::kConstant);
  EXPECT_EQ(distribution.value_us, 0);
}

TEST(ScenarioDefaultsTest, TopLevel) {
  const Scenario scenario = Minimal();
  EXPECT_EQ(scenario.name, "minimal");
  EXPECT_EQ(scenario.description, "");
  EXPECT_EQ(scenario.seed, 1u);
  EXPECT_EQ(scenario.duration_us, 60 * kSecond);
  EXPECT_EQ(scenario.quiesce_us, 60 * kSecond);
  EXPECT_TRUE(scenario.faults.empty());
  EXPECT_FALSE(scenario.nemesis.has_value());
  EXPECT_TRUE(scenario.bugs.empty());
}

TEST(ScenarioDefaultsTest, Cluster) {
  const Cluster cluster = Minimal().cluster;
  EXPECT_EQ(cluster.nodes, 5);
  EXPECT_EQ(cluster.node_names, (std::vector<std::string>{"n1", "n2", "n3", "n4", "n5"}));
  EXPECT_EQ(cluster.replication.n, 3);
  EXPECT_EQ(cluster.replication.r, 2);
  EXPECT_EQ(cluster.replication.w, 2);
  EXPECT_EQ(cluster.partitioning.strategy, 3);
  EXPECT_EQ(cluster.partitioning.partitions, 256);
  EXPECT_EQ(cluster.partitioning.tokens_per_node, 8);
  EXPECT_TRUE(cluster.sloppy_quorum);
  EXPECT_TRUE(cluster.hinted_handoff.enabled);
  EXPECT_EQ(cluster.hinted_handoff.retry_interval_us, kSecond);
  EXPECT_TRUE(cluster.read_repair);
  EXPECT_TRUE(cluster.anti_entropy.enabled);
  EXPECT_EQ(cluster.anti_entropy.interval_us, 10 * kSecond);
  EXPECT_EQ(cluster.anti_entropy.merkle_depth, 10);
  EXPECT_EQ(cluster.gossip.interval_us, kSecond);
  EXPECT_EQ(cluster.gossip.seeds, std::vector<std::string>{"n1"});
  EXPECT_EQ(cluster.failure_detector.suspect_after_us, 2 * kSecond);
  EXPECT_EQ(cluster.request_timeout_us, 500 * kMillisecond);
  EXPECT_EQ(cluster.vector_clock.max_entries, 10);
  EXPECT_EQ(cluster.conflict_resolution, ConflictResolution::kVectorClock);
  EXPECT_EQ(cluster.coordination, Coordination::kServer);
  EXPECT_EQ(cluster.client_refresh_us, 10 * kSecond);
  EXPECT_EQ(cluster.write_coordinator, WriteCoordinator::kAny);
}

TEST(ScenarioDefaultsTest, GossipSeedDefaultsToTheFirstListedName) {
  nlohmann::json document = MinimalScenario();
  document["cluster"] = {{"nodes", 3}, {"node_names", {"east", "west", "north"}}};
  const absl::StatusOr<Scenario> scenario = Parse(document);
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  EXPECT_EQ(scenario->cluster.gossip.seeds, std::vector<std::string>{"east"});
}

TEST(ScenarioDefaultsTest, NetworkAndStorage) {
  const Scenario scenario = Minimal();
  const Distribution& latency = scenario.network.latency;
  EXPECT_EQ(latency.kind, Distribution::Kind::kLognormal);
  EXPECT_EQ(latency.median_us, kMillisecond);
  EXPECT_EQ(latency.p99_us, 10 * kMillisecond);
  EXPECT_EQ(scenario.network.drop_rate, 0);
  EXPECT_EQ(scenario.network.duplicate_rate, 0);
  EXPECT_TRUE(scenario.network.by_message.empty());
  ExpectConstantZero(scenario.storage.read_latency);
  ExpectConstantZero(scenario.storage.write_latency);
  EXPECT_FALSE(scenario.storage.buffered_writes);
  EXPECT_EQ(scenario.storage.flush_interval_us, kSecond);
}

TEST(ScenarioDefaultsTest, Workload) {
  const Workload workload = Minimal().workload;
  EXPECT_EQ(workload.clients, 4);
  EXPECT_EQ(workload.keys, 100);
  EXPECT_EQ(workload.key_distribution.type, KeyDistribution::Type::kUniform);
  EXPECT_FALSE(workload.rate.has_value());
  EXPECT_EQ(workload.think_time_us, 0);
  EXPECT_EQ(workload.mix.get, 0.5);
  EXPECT_EQ(workload.mix.put, 0.5);
  EXPECT_TRUE(workload.read_modify_write);
  EXPECT_EQ(workload.client_timeout_us, kSecond);
  EXPECT_TRUE(workload.retry);
  EXPECT_EQ(workload.start_us, 0);
  EXPECT_EQ(workload.stop_us, 60 * kSecond);  // the scenario's duration
}

TEST(ScenarioDefaultsTest, Checks) {
  const Checks checks = Minimal().checks;
  EXPECT_TRUE(checks.no_lost_writes);
  EXPECT_TRUE(checks.convergence.enabled);
  EXPECT_FALSE(checks.convergence.within_us.has_value());
  EXPECT_FALSE(checks.availability.has_value());
  EXPECT_TRUE(checks.latency.empty());
  EXPECT_FALSE(checks.stale_reads.has_value());
  EXPECT_FALSE(checks.max_siblings.has_value());
  EXPECT_TRUE(checks.t_visibility_at_us.empty());
}

TEST(ScenarioDefaultsTest, NemesisKeysDefaultToTheContractExample) {
  nlohmann::json document = MinimalScenario();
  document["nemesis"] = nlohmann::json::object();
  const absl::StatusOr<Scenario> scenario = Parse(document);
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  ASSERT_TRUE(scenario->nemesis.has_value());
  EXPECT_EQ(scenario->nemesis->interval_us, 10 * kSecond);
  EXPECT_EQ(scenario->nemesis->faults,
            (std::vector<FaultType>{FaultType::kPartition, FaultType::kCrash, FaultType::kWipe,
                                    FaultType::kLatency, FaultType::kDrop, FaultType::kClockSkew}));
  EXPECT_EQ(scenario->nemesis->max_down, 1);
}

TEST(ScenarioDefaultsTest, PartialObjectsKeepTheOtherDefaults) {
  nlohmann::json document = MinimalScenario();
  document["cluster"]["replication"] = {{"r", 1}};
  document["cluster"]["anti_entropy"] = {{"enabled", false}};
  const absl::StatusOr<Scenario> scenario = Parse(document);
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  EXPECT_EQ(scenario->cluster.replication.n, 3);
  EXPECT_EQ(scenario->cluster.replication.r, 1);
  EXPECT_EQ(scenario->cluster.replication.w, 2);
  EXPECT_FALSE(scenario->cluster.anti_entropy.enabled);
  EXPECT_EQ(scenario->cluster.anti_entropy.interval_us, 10 * kSecond);
  EXPECT_EQ(scenario->cluster.anti_entropy.merkle_depth, 10);
}

TEST(ScenarioDefaultsTest, AGivenMixTreatsAMissingFractionAsZero) {
  nlohmann::json document = MinimalScenario();
  document["workload"]["mix"] = {{"get", 1}};
  const absl::StatusOr<Scenario> scenario = Parse(document);
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  EXPECT_EQ(scenario->workload.mix.get, 1);
  EXPECT_EQ(scenario->workload.mix.put, 0);
}

}  // namespace
}  // namespace sim::scenario
