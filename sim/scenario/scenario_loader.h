// Loading scenario files (docs: scenario-format.md, v1): parse, apply --set overrides, validate,
// fill in defaults. Nothing here throws; every error is an absl::Status whose message names the
// file, the JSON pointer of the offending value and what was expected, e.g.
//   scenarios/x.json: /cluster/replication/r: must be <= n (3), got 4
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "sim/scenario/memory_estimate.h"
#include "sim/scenario/scenario.h"

namespace sim::scenario {

// Reads the file at `path`, applies `set_overrides` ("PATH=VALUE", see overrides.h) in order,
// then validates as ParseScenario does, and refuses a scenario whose run would need more than
// `memory_budget_bytes` (memory_estimate.h). Errors are labelled with `path` as given. NotFound
// when the file cannot be read; InvalidArgument for everything else.
absl::StatusOr<Scenario> LoadScenarioFile(
    const std::string& path, const std::vector<std::string>& set_overrides,
    uint64_t memory_budget_bytes = kDefaultMemoryBudgetBytes);

// Validates a parsed scenario document and resolves its defaults. `file_label` starts every
// error message (usually the file's path).
absl::StatusOr<Scenario> ParseScenario(const nlohmann::json& document,
                                       const std::string& file_label);

}  // namespace sim::scenario
