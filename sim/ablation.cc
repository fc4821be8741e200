#include "sim/ablation.h"

#include "absl/strings/str_cat.h"
#include "sim/analysis/summary.h"
#include "sim/report/report_json.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/scenario_to_json.h"

namespace sim {

const std::vector<AblationVariant>& AblationVariants() {
  static const auto* const variants = new std::vector<AblationVariant>{
      {"full", "full configuration", {}},
      {"no_sloppy_quorum", "sloppy_quorum off", {"cluster.sloppy_quorum=false"}},
      {"no_hinted_handoff", "hinted_handoff off", {"cluster.hinted_handoff.enabled=false"}},
      {"no_read_repair", "read_repair off", {"cluster.read_repair=false"}},
      {"no_anti_entropy", "anti_entropy off", {"cluster.anti_entropy.enabled=false"}},
      {"no_anti_entropy_read_repair",
       "anti_entropy+read_repair off",
       {"cluster.anti_entropy.enabled=false", "cluster.read_repair=false"}},
      {"last_write_wins", "last_write_wins", {"cluster.conflict_resolution=last_write_wins"}},
  };
  return *variants;
}

absl::StatusOr<std::vector<AblationPlan>> LoadAblation(
    const std::string& path, const std::vector<std::string>& user_overrides) {
  std::vector<AblationPlan> plans;
  for (const AblationVariant& variant : AblationVariants()) {
    std::vector<std::string> overrides = user_overrides;
    overrides.insert(overrides.end(), variant.overrides.begin(), variant.overrides.end());
    absl::StatusOr<scenario::Scenario> loaded = scenario::LoadScenarioFile(path, overrides);
    if (!loaded.ok()) {
      // The variant's own overrides are fixed and valid; an error here is the file's or the
      // user's, except where the two combine (named so the user can tell).
      return absl::Status(loaded.status().code(),
                          variant.overrides.empty()
                              ? std::string(loaded.status().message())
                              : absl::StrCat("variant ", variant.label, ": ",
                                             loaded.status().message()));
    }
    AblationPlan plan{variant, std::move(*loaded), false};
    plan.same_as_full = !plans.empty() && scenario::ScenarioToJson(plan.scenario) ==
                                              scenario::ScenarioToJson(plans.front().scenario);
    plans.push_back(std::move(plan));
  }
  return plans;
}

absl::StatusOr<nlohmann::json> RunAblationVariant(const scenario::Scenario& scenario, uint64_t seed,
                                                  const SimulationOptions& options) {
  absl::StatusOr<RunResult> result = RunSimulation(scenario, seed, options);
  if (!result.ok()) return result.status();
  return ReportJson(ComputeRunSummary(*result), *result);
}

}  // namespace sim
