// Every example of docs/scenario-format.md loads as written. Each example fragment is merged
// into a minimal scenario (placeholders such as D, w and x in the contract are given concrete
// values); the values of several are checked too.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "sim/scenario/scenario_loader.h"
#include "tests/scenario/scenario_test_util.h"

namespace sim::scenario {
namespace {

using ::sim::scenario::test_util::Parse;
using ::sim::scenario::test_util::Patched;

struct Example {
  std::string name;
  std::string patch;  // a JSON object merged into the minimal scenario
};

const std::vector<Example>& Examples() {
  static const auto* const examples = new std::vector<Example>{
      // Conventions: durations with units.
      {"duration_150us", R"({"cluster": {"request_timeout": "150us"}})"},
      {"duration_20ms", R"({"cluster": {"request_timeout": "20ms"}})"},
      {"duration_1_5s", R"({"duration": "1.5s"})"},
      {"duration_2m", R"({"duration": "2m"})"},
      // Top level.
      {"top_level", R"({"description": "free text", "seed": 1, "quiesce": "60s",
                        "faults": [], "checks": {}, "bugs": []})"},
      // cluster.
      {"node_names", R"({"cluster": {"nodes": 3, "node_names": ["a", "b", "c"],
                                      "gossip": {"seeds": ["a"]}}})"},
      {"replication", R"({"cluster": {"replication": {"n": 3, "r": 2, "w": 2}}})"},
      {"partitioning_default", R"({"cluster": {"partitioning": {"strategy": 3,
                                                                "partitions": 256}}})"},
      {"partitioning_strategy_1", R"({"cluster": {"partitioning": {"strategy": 1,
                                                                   "tokens_per_node": 8}}})"},
      {"partitioning_strategy_2", R"({"cluster": {"partitioning": {"strategy": 2,
                                      "partitions": 256, "tokens_per_node": 8}}})"},
      {"sloppy_quorum", R"({"cluster": {"sloppy_quorum": false}})"},
      {"hinted_handoff", R"({"cluster": {"hinted_handoff": {"enabled": true,
                                                            "retry_interval": "1s"}}})"},
      {"read_repair", R"({"cluster": {"read_repair": true}})"},
      {"anti_entropy", R"({"cluster": {"anti_entropy": {"enabled": true, "interval": "10s",
                                                        "merkle_depth": 10}}})"},
      {"gossip", R"({"cluster": {"gossip": {"interval": "1s", "seeds": ["n1"]}}})"},
      {"failure_detector", R"({"cluster": {"failure_detector": {"suspect_after": "2s"}}})"},
      {"request_timeout", R"({"cluster": {"request_timeout": "500ms"}})"},
      {"vector_clock", R"({"cluster": {"vector_clock": {"max_entries": 10}}})"},
      {"conflict_vector_clock", R"({"cluster": {"conflict_resolution": "vector_clock"}})"},
      {"conflict_lww", R"({"cluster": {"conflict_resolution": "last_write_wins"}})"},
      {"coordination_server", R"({"cluster": {"coordination": "server"}})"},
      {"coordination_client", R"({"cluster": {"coordination": "client"}})"},
      {"coordination_client_library", R"({"cluster": {"coordination": "client_library",
                                                      "client_refresh": "10s"}})"},
      {"write_coordinator_any", R"({"cluster": {"write_coordinator": "any"}})"},
      {"write_coordinator_fastest", R"({"cluster": {"write_coordinator": "fastest_read"}})"},
      // network.
      {"network_latency", R"({"network": {"latency": {"distribution": "lognormal",
                                                       "median": "1ms", "p99": "10ms"}}})"},
      {"network_rates", R"({"network": {"drop_rate": 0, "duplicate_rate": 0}})"},
      {"by_message", R"({"network": {"by_message": {
          "get": {"distribution": "constant", "value": "1ms"},
          "get_reply": {"distribution": "constant", "value": "2ms"},
          "put": {"distribution": "constant", "value": "3ms"},
          "put_ack": {"distribution": "constant", "value": "4ms"}}}})"},
      // Every distribution form.
      {"dist_constant", R"({"network": {"latency": {"distribution": "constant",
                                                     "value": "2ms"}}})"},
      {"dist_uniform", R"({"network": {"latency": {"distribution": "uniform", "min": "1ms",
                                                    "max": "3ms"}}})"},
      {"dist_exponential", R"({"network": {"latency": {"distribution": "exponential",
                                                        "mean": "2ms"}}})"},
      {"dist_lognormal", R"({"network": {"latency": {"distribution": "lognormal",
                                                      "median": "1ms", "p99": "10ms"}}})"},
      {"dist_pareto", R"({"network": {"latency": {"distribution": "pareto", "scale": "1ms",
                                                   "shape": 1.5}}})"},
      {"dist_mixture", R"({"network": {"latency": {"distribution": "mixture", "parts": [
          {"weight": 0.9, "of": {"distribution": "constant", "value": "1ms"}},
          {"weight": 0.1, "of": {"distribution": "exponential", "mean": "50ms"}}]}}})"},
      {"dist_empirical", R"({"network": {"latency": {"distribution": "empirical",
          "quantiles": [[0.5, "1ms"], [0.99, "10ms"], [1.0, "100ms"]]}}})"},
      // storage.
      {"storage", R"({"storage": {"read_latency": {"distribution": "constant", "value": "0us"},
                                  "write_latency": {"distribution": "constant", "value": "0us"},
                                  "buffered_writes": true, "flush_interval": "1s"}})"},
      // workload.
      {"key_distribution_uniform", R"({"workload": {"key_distribution": "uniform"}})"},
      {"key_distribution_zipf", R"({"workload": {"key_distribution": {"type": "zipf",
                                                                      "s": 0.99}}})"},
      {"workload_all", R"({"workload": {"rate": 1000, "think_time": "0ms",
                                        "mix": {"get": 0.5, "put": 0.5},
                                        "read_modify_write": false, "client_timeout": "1s",
                                        "retry": false, "start": "0s", "stop": "60s"}})"},
      // faults, one of every type.
      {"fault_partition", R"({"faults": [{"at": "1s", "type": "partition", "until": "5s",
                                          "groups": [["n1", "n2", "c1"], ["n3", "c2"]]}]})"},
      {"fault_one_way", R"({"faults": [{"at": "1s", "type": "one_way", "from": ["n1"],
                                        "to": ["n2", "n3"]}]})"},
      {"fault_heal", R"({"faults": [{"at": "1s", "type": "heal"}]})"},
      {"fault_crash", R"({"faults": [{"at": "1s", "type": "crash", "nodes": ["n1"]}]})"},
      {"fault_restart", R"({"faults": [{"at": "1s", "type": "restart", "nodes": ["n1"]}]})"},
      {"fault_wipe", R"({"faults": [{"at": "1s", "type": "wipe", "nodes": ["n1"]}]})"},
      {"fault_latency_distribution", R"({"faults": [{"at": "1s", "type": "latency",
          "nodes": ["n1"], "extra": {"distribution": "uniform", "min": "1ms", "max": "5ms"}}]})"},
      {"fault_latency_duration", R"({"faults": [{"at": "1s", "type": "latency",
                                                 "nodes": ["n1"], "extra": "20ms"}]})"},
      {"fault_drop", R"({"faults": [{"at": "1s", "type": "drop", "rate": 0.1}]})"},
      {"fault_drop_nodes", R"({"faults": [{"at": "1s", "type": "drop", "rate": 0.1,
                                           "nodes": ["n1"]}]})"},
      {"fault_clock_skew", R"({"faults": [{"at": "1s", "type": "clock_skew", "nodes": ["n1"],
                                           "offset": "-300ms"}]})"},
      {"fault_join", R"({"faults": [{"at": "1s", "type": "join", "nodes": ["n6"]}]})"},
      {"fault_leave", R"({"faults": [{"at": "1s", "type": "leave", "nodes": ["n5"]}]})"},
      // nemesis, exactly as in the contract.
      {"nemesis", R"({"nemesis": {"interval": "10s", "faults": ["partition", "crash", "wipe",
          "latency", "drop", "clock_skew"], "max_down": 1}})"},
      // checks.
      {"checks_defaults", R"({"checks": {"no_lost_writes": true, "convergence": true}})"},
      {"checks_convergence_within", R"({"checks": {"convergence": {"within": "30s"}}})"},
      {"checks_availability", R"({"checks": {"availability": {"get": 0.99, "put": 0.999}}})"},
      {"checks_availability_time", R"({"checks": {"availability": {"add": 0.9,
          "max_outage": "5s", "max_recovery": "2s"}}})"},
      {"workload_always_writeable", R"({"workload": {"clients": 1, "keys": 1,
                                                    "always_writeable": true}})"},
      {"checks_latency", R"({"checks": {"latency": {"get_p999": "300ms", "put_p99": "100ms"}}})"},
      {"checks_stale_reads", R"({"checks": {"stale_reads": {"max_fraction": 0.05}}})"},
      {"checks_max_siblings", R"({"checks": {"max_siblings": 3}})"},
      {"checks_t_visibility", R"({"checks": {"t_visibility": {"at": ["0ms", "1ms", "10ms"]}}})"},
      // bugs, the names the contract gives as examples.
      {"bugs", R"({"bugs": ["hints_not_persisted", "read_repair_skips_siblings",
                            "merkle_skips_last_range", "vclock_merge_drops_entry",
                            "ack_before_write"]})"},
  };
  return *examples;
}

class ScenarioFormatExampleTest : public ::testing::TestWithParam<Example> {};

TEST_P(ScenarioFormatExampleTest, LoadsAsWritten) {
  const absl::StatusOr<Scenario> scenario = Parse(Patched(GetParam().patch));
  EXPECT_TRUE(scenario.ok()) << scenario.status();
}

TEST_P(ScenarioFormatExampleTest, RoundTripsThroughExplain) {
  const absl::StatusOr<Scenario> scenario = Parse(Patched(GetParam().patch));
  ASSERT_TRUE(scenario.ok()) << scenario.status();
  const std::string explained = test_util::Explain(*scenario);
  EXPECT_EQ(test_util::ReExplain(explained), explained);
}

INSTANTIATE_TEST_SUITE_P(Contract, ScenarioFormatExampleTest, ::testing::ValuesIn(Examples()),
                         [](const ::testing::TestParamInfo<Example>& info) {
                           return info.param.name;
                         });

Scenario MustParse(const std::string& patch) {
  absl::StatusOr<Scenario> scenario = Parse(Patched(patch));
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  return scenario.ok() ? *std::move(scenario) : Scenario{};
}

TEST(ScenarioFormatValuesTest, DurationsHaveMicrosecondResolution) {
  EXPECT_EQ(MustParse(R"({"cluster": {"request_timeout": "150us"}})").cluster.request_timeout_us,
            150);
  EXPECT_EQ(MustParse(R"({"duration": "1.5s"})").duration_us, 1'500'000);
  EXPECT_EQ(MustParse(R"({"duration": "2m"})").duration_us, 120'000'000);
}

TEST(ScenarioFormatValuesTest, NemesisExample) {
  const Scenario scenario = MustParse(R"({"nemesis": {"interval": "10s", "faults": [
      "partition", "crash", "wipe", "latency", "drop", "clock_skew"], "max_down": 1}})");
  ASSERT_TRUE(scenario.nemesis.has_value());
  EXPECT_EQ(scenario.nemesis->interval_us, 10 * kSecond);
  EXPECT_EQ(scenario.nemesis->faults,
            (std::vector<FaultType>{FaultType::kPartition, FaultType::kCrash, FaultType::kWipe,
                                    FaultType::kLatency, FaultType::kDrop, FaultType::kClockSkew}));
  EXPECT_EQ(scenario.nemesis->max_down, 1);
}

TEST(ScenarioFormatValuesTest, ChecksExamples) {
  const Scenario scenario = MustParse(R"({"checks": {
      "convergence": {"within": "30s"}, "availability": {"get": 0.99, "put": 0.999},
      "latency": {"get_p999": "300ms", "put_p99": "100ms"},
      "stale_reads": {"max_fraction": 0.05}, "max_siblings": 3}})");
  const Checks& checks = scenario.checks;
  EXPECT_TRUE(checks.convergence.enabled);
  EXPECT_EQ(checks.convergence.within_us, 30 * kSecond);
  ASSERT_TRUE(checks.availability.has_value());
  EXPECT_EQ(checks.availability->get, 0.99);
  EXPECT_EQ(checks.availability->put, 0.999);
  EXPECT_EQ(checks.latency.at("get_p999"), 300 * kMillisecond);
  EXPECT_EQ(checks.latency.at("put_p99"), 100 * kMillisecond);
  EXPECT_EQ(checks.latency.size(), 2u);
  ASSERT_TRUE(checks.stale_reads.has_value());
  EXPECT_EQ(checks.stale_reads->max_fraction, 0.05);
  EXPECT_EQ(checks.max_siblings, 3);
  EXPECT_FALSE(MustParse(R"({"checks": {"convergence": false}})").checks.convergence.enabled);
  const Checks timed = MustParse(R"({"checks": {"availability": {"add": 0.9,
      "max_outage": "5s", "max_recovery": "0s"}}})").checks;
  ASSERT_TRUE(timed.availability.has_value());
  EXPECT_EQ(timed.availability->add, 0.9);
  EXPECT_EQ(timed.availability->get, 0);
  EXPECT_EQ(timed.availability->max_outage_us, 5 * kSecond);
  EXPECT_EQ(timed.availability->max_recovery_us, 0);
}

TEST(ScenarioFormatValuesTest, DistributionsResolveToTheirKind) {
  const Scenario scenario = MustParse(R"({"network": {"latency": {"distribution": "empirical",
      "quantiles": [[0.5, "1ms"], [0.99, "10ms"], [1.0, "100ms"]]}}})");
  const Distribution& latency = scenario.network.latency;
  ASSERT_EQ(latency.kind, Distribution::Kind::kEmpirical);
  ASSERT_EQ(latency.quantiles.size(), 3u);
  EXPECT_EQ(latency.quantiles[1].quantile, 0.99);
  EXPECT_EQ(latency.quantiles[1].value_us, 10 * kMillisecond);
  const Scenario pareto = MustParse(R"({"network": {"latency": {"distribution": "pareto",
      "scale": "1ms", "shape": 1.5}}})");
  EXPECT_EQ(pareto.network.latency.kind, Distribution::Kind::kPareto);
  EXPECT_EQ(pareto.network.latency.scale_us, kMillisecond);
  EXPECT_EQ(pareto.network.latency.shape, 1.5);
}

TEST(ScenarioFormatValuesTest, FaultMembers) {
  const Scenario scenario = MustParse(R"({"faults": [
      {"at": "1s", "type": "partition", "until": "5s", "groups": [["n1", "c1"], ["n2"]]},
      {"at": "2s", "type": "latency", "nodes": ["n1"], "extra": "20ms"},
      {"at": "3s", "type": "clock_skew", "nodes": ["n2"], "offset": "-300ms"},
      {"at": "4s", "type": "join", "nodes": ["n6"]},
      {"at": "4s", "type": "crash", "nodes": ["n6"]}]})");
  ASSERT_EQ(scenario.faults.size(), 5u);
  EXPECT_EQ(scenario.faults[0].type, FaultType::kPartition);
  EXPECT_EQ(scenario.faults[0].until_us, 5 * kSecond);
  EXPECT_EQ(scenario.faults[0].groups,
            (std::vector<std::vector<std::string>>{{"n1", "c1"}, {"n2"}}));
  EXPECT_EQ(scenario.faults[1].extra.kind, Distribution::Kind::kConstant);
  EXPECT_EQ(scenario.faults[1].extra.value_us, 20 * kMillisecond);
  EXPECT_EQ(scenario.faults[2].offset_us, -300 * kMillisecond);
  EXPECT_EQ(scenario.faults[4].nodes, std::vector<std::string>{"n6"});
}

}  // namespace
}  // namespace sim::scenario
