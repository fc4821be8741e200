// Reads the `nemesis` section: random faults drawn from the seed.
#include <set>

#include "sim/scenario/concat.h"
#include "sim/scenario/scenario_keys.h"
#include "sim/scenario/section_readers.h"

namespace sim::scenario {
namespace {

// The fault types a nemesis can draw: those that last and that it can heal again.
const std::vector<EnumSpelling<FaultType>>& NemesisFaultSpellings() {
  static const auto* const table = [] {
    auto* drawable = new std::vector<EnumSpelling<FaultType>>;
    for (const EnumSpelling<FaultType>& entry : FaultTypeSpellings()) {
      const FaultType type = entry.value;
      if (type != FaultType::kHeal && type != FaultType::kRestart && type != FaultType::kJoin &&
          type != FaultType::kLeave) {
        drawable->push_back(entry);
      }
    }
    return drawable;
  }();
  return *table;
}

std::vector<FaultType> ReadNemesisFaults(ParseErrors& errors, const JsonAt& at) {
  std::vector<FaultType> faults;
  std::set<FaultType> seen;
  for (const JsonAt& item : ReadArray(errors, at, /*non_empty=*/true)) {
    const FaultType type = ReadEnum(errors, item, NemesisFaultSpellings());
    if (!seen.insert(type).second) {
      errors.Fail(item.path, Concat("\"", FaultTypeName(type), "\" is listed twice"));
    }
    faults.push_back(type);
  }
  return faults;
}

}  // namespace

Nemesis ReadNemesis(ParseErrors& errors, const JsonAt& at, int nodes) {
  const ObjectReader reader(errors, at, KeysOf("nemesis"));
  Nemesis nemesis;
  nemesis.interval_us = reader.Duration("interval", nemesis.interval_us, DurationSign::kPositive);
  if (const std::optional<JsonAt> faults_at = reader.Get("faults")) {
    nemesis.faults = ReadNemesisFaults(errors, *faults_at);
  }
  nemesis.max_down = static_cast<int>(reader.Int("max_down", nemesis.max_down, 0, kMaxNodes));
  CheckAtMost(errors, reader.PathOf("max_down"), nemesis.max_down, "nodes", nodes);
  return nemesis;
}

}  // namespace sim::scenario
