// Helpers for whole-cluster tests: build a scenario from JSON text and run it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "sim/cluster.h"
#include "sim/fault_injector.h"
#include "sim/run_result.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/simulation.h"

namespace sim {

// Parses `json_text` as a scenario; fails the test on a bad scenario.
inline scenario::Scenario ScenarioFromJson(const std::string& json_text) {
  auto parsed = scenario::ParseScenario(nlohmann::json::parse(json_text), "test");
  EXPECT_TRUE(parsed.ok()) << parsed.status();
  return parsed.ok() ? *parsed : scenario::Scenario{};
}

// Runs the scenario file at `path` (relative to the source tree) with `overrides` (--set syntax),
// at its own seed unless one is given.
inline RunResult RunScenarioFile(const std::string& relative_path,
                                 const std::vector<std::string>& overrides = {},
                                 std::optional<uint64_t> seed = std::nullopt) {
  const std::string path = std::string(DYNAMO_SIM_SOURCE_DIR) + "/" + relative_path;
  auto scenario = scenario::LoadScenarioFile(path, overrides);
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  if (!scenario.ok()) return RunResult{};
  auto result = RunSimulation(*scenario, seed.value_or(scenario->seed), SimulationOptions{});
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? std::move(*result) : RunResult{};
}

// Runs scenarios/<name>.json with `overrides` (--set syntax), at its own seed unless one is given.
inline RunResult RunShippedScenario(const std::string& name,
                                    const std::vector<std::string>& overrides = {},
                                    std::optional<uint64_t> seed = std::nullopt) {
  return RunScenarioFile("scenarios/" + name + ".json", overrides, seed);
}

// Runs tests/cluster/scenarios/<name>.json, the scenarios of the cluster tests.
inline RunResult RunTestScenario(const std::string& name,
                                 const std::vector<std::string>& overrides = {},
                                 std::optional<uint64_t> seed = std::nullopt) {
  return RunScenarioFile("tests/cluster/scenarios/" + name + ".json", overrides, seed);
}

inline RunResult RunScenario(const scenario::Scenario& scenario, uint64_t seed) {
  auto result = RunSimulation(scenario, seed, SimulationOptions{});
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? std::move(*result) : RunResult{};
}

// A cluster run step by step, so a test can act and look inside between steps: its scenario's
// faults are scheduled, nodes and clients started.
class LiveCluster {
 public:
  LiveCluster(scenario::Scenario scenario, uint64_t seed)
      : scenario_(std::move(scenario)),
        cluster_(std::make_unique<Cluster>(scenario_, seed)),
        faults_(std::make_unique<FaultInjector>(*cluster_, scenario_)) {
    faults_->ScheduleAll();
    cluster_->Start();
  }
  Cluster& cluster() { return *cluster_; }
  void RunUntil(TimeUs at_us) { cluster_->scheduler().RunUntil(at_us); }
  // Runs to the end of the quiesce phase.
  void RunToEnd() { RunUntil(scenario_.duration_us + scenario_.quiesce_us); }
  const dynamo::DurableState& disk(size_t node) { return cluster_->host(node).durable(); }

 private:
  scenario::Scenario scenario_;
  std::unique_ptr<Cluster> cluster_;
  std::unique_ptr<FaultInjector> faults_;
};

}  // namespace sim
