// Ablation (`dynamo-sim ablate`): the scenario as given (the full configuration), then the same
// scenario and seed once per variant with one repair mechanism switched off (sloppy quorum,
// hinted handoff, read repair, anti-entropy, anti-entropy and read repair together) or with
// last-write-wins instead of vector clocks. Each variant is the scenario plus `--set` overrides
// (sim/scenario/overrides.h), applied after the user's own, so a variant is exactly what
// `dynamo-sim run SCENARIO --set ...` with those overrides runs. The side-by-side report of the
// variants is sim/report/ablation_report.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "sim/scenario/scenario.h"
#include "sim/simulation.h"

namespace sim {

struct AblationVariant {
  std::string id;                      // directory name under --out ("no_read_repair")
  std::string label;                   // table label ("read_repair off")
  std::vector<std::string> overrides;  // "PATH=VALUE", applied after the user's overrides
};

// Every variant, the full configuration ("full", no overrides) first.
const std::vector<AblationVariant>& AblationVariants();

// One variant, loaded and validated.
struct AblationPlan {
  AblationVariant variant;
  scenario::Scenario scenario;
  bool same_as_full = false;  // the resolved scenario equals the full one (already switched off)
};

// Loads the scenario file once per variant (LoadScenarioFile with `user_overrides` then the
// variant's overrides) and checks each is runnable. Every variant is loaded before anything runs,
// so bad input fails here with the first error (labelled with the variant) and nothing is run.
absl::StatusOr<std::vector<AblationPlan>> LoadAblation(
    const std::string& path, const std::vector<std::string>& user_overrides);

// Runs one variant with `seed` and returns its report.json (sim/report/report_json.h) with
// wall_time_s 0 (callers that time the run fill it in).
absl::StatusOr<nlohmann::json> RunAblationVariant(const scenario::Scenario& scenario, uint64_t seed,
                                                  const SimulationOptions& options);

}  // namespace sim
