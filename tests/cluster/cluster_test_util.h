// Helpers for whole-cluster tests: build a scenario from JSON text and run it.
#pragma once

#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
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

inline RunResult RunScenario(const scenario::Scenario& scenario, uint64_t seed) {
  auto result = RunSimulation(scenario, seed, SimulationOptions{});
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? std::move(*result) : RunResult{};
}

}  // namespace sim
