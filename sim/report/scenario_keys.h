// The resolved scenario of a report (report.json's `resolved_scenario`, the JSON of `dynamo-sim
// explain`) as flat "dotted.key -> value" pairs, and the keys in which several reports' scenarios
// differ, so a comparison can say what its columns changed (`cluster.replication.r`) instead of
// leaving the reader to guess from directory names.
#pragma once

#include <string>
#include <vector>

#include "absl/container/btree_map.h"
#include "nlohmann/json.hpp"

namespace sim::report {

// Every leaf of `scenario` by dotted path ("cluster.replication.r"); arrays are leaves (their
// compact JSON text: a fault list is one value), as are scalars (strings without quotes).
absl::btree_map<std::string, std::string> FlattenScenario(const nlohmann::json& scenario);

struct DifferingKey {
  std::string key;
  std::vector<std::string> values;  // one per scenario; "-" where the key is absent
};

// The keys whose values are not the same in every one of `scenarios` (in key order). A null
// pointer (a report without `resolved_scenario`) takes part with no keys, so every key differs;
// callers say so instead (ScenariosKnown).
std::vector<DifferingKey> DifferingScenarioKeys(
    const std::vector<const nlohmann::json*>& scenarios);

// "cluster.replication.r (3 / 2), cluster.sloppy_quorum (true / false)", or "none".
std::string DifferingKeysText(const std::vector<DifferingKey>& keys);

}  // namespace sim::report
