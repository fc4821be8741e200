// Full-simulation benchmark: simulated client ops and engine events per wall second for a
// scenario file, to set beside the bare event loop (bare_loop_bench).
// Usage: simulation_bench SCENARIO [--set PATH=VALUE]...
// The loader's memory budget is raised to 16 GiB: the benchmark measures large runs (tools/bench/run
// records each one's peak RSS), and tools/bench/memory-estimate checks the estimate itself.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "sim/scenario/scenario_loader.h"
#include "sim/simulation.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: simulation_bench SCENARIO [--set PATH=VALUE]...\n");
    return 2;
  }
  std::vector<std::string> overrides;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--set") overrides.push_back(argv[i + 1]);
  }
  constexpr uint64_t kBenchMemoryBudgetBytes = uint64_t{16} << 30;
  auto scenario = sim::scenario::LoadScenarioFile(argv[1], overrides, kBenchMemoryBudgetBytes);
  if (!scenario.ok()) {
    fmt::print(stderr, "{}\n", std::string(scenario.status().message()));
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  auto result = sim::RunSimulation(*scenario, scenario->seed, sim::SimulationOptions{});
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!result.ok()) {
    fmt::print(stderr, "{}\n", std::string(result.status().message()));
    return 2;
  }
  const double ops = static_cast<double>(result->history.ops().size());
  fmt::print(
      "simulation scenario={} nodes={} clients={} keys={} ops={} events={} wall_s={:.3f} "
      "ops_per_s={:.0f} events_per_s={:.0f} digest={}\n",
      scenario->name, scenario->cluster.nodes, scenario->workload.clients, scenario->workload.keys,
      result->history.ops().size(), result->events, wall_s, ops / wall_s,
      static_cast<double>(result->events) / wall_s, result->digest);
  return 0;
}
