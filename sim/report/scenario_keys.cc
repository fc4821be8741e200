#include "sim/report/scenario_keys.h"

#include "absl/container/btree_set.h"
#include "absl/strings/str_join.h"

namespace sim::report {
namespace {

void Flatten(const nlohmann::json& value, const std::string& prefix,
             absl::btree_map<std::string, std::string>* out) {
  if (value.is_object() && !value.empty()) {
    for (const auto& [key, child] : value.items()) {
      Flatten(child, prefix.empty() ? key : prefix + "." + key, out);
    }
    return;
  }
  (*out)[prefix] = value.is_string() ? value.get<std::string>() : value.dump();
}

}  // namespace

absl::btree_map<std::string, std::string> FlattenScenario(const nlohmann::json& scenario) {
  absl::btree_map<std::string, std::string> flat;
  if (scenario.is_object()) Flatten(scenario, "", &flat);
  return flat;
}

std::vector<DifferingKey> DifferingScenarioKeys(
    const std::vector<const nlohmann::json*>& scenarios) {
  std::vector<absl::btree_map<std::string, std::string>> flat;
  absl::btree_set<std::string> keys;
  for (const nlohmann::json* scenario : scenarios) {
    flat.push_back(scenario == nullptr ? absl::btree_map<std::string, std::string>{}
                                       : FlattenScenario(*scenario));
    for (const auto& [key, value] : flat.back()) keys.insert(key);
  }
  std::vector<DifferingKey> differing;
  for (const std::string& key : keys) {
    DifferingKey row{key, {}};
    for (const auto& one : flat) {
      const auto it = one.find(key);
      row.values.push_back(it == one.end() ? "-" : it->second);
    }
    for (const std::string& value : row.values) {
      if (value != row.values.front()) {
        differing.push_back(std::move(row));
        break;
      }
    }
  }
  return differing;
}

std::string DifferingKeysText(const std::vector<DifferingKey>& keys) {
  if (keys.empty()) return "none";
  std::vector<std::string> parts;
  for (const DifferingKey& key : keys) {
    parts.push_back(key.key + " (" + absl::StrJoin(key.values, " / ") + ")");
  }
  return absl::StrJoin(parts, ", ");
}

}  // namespace sim::report
