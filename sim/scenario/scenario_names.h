// The spellings of the scenario format's enumerations ("last_write_wins", "clock_skew", ...),
// one table per enum, so the loader and `explain` cannot disagree.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "sim/scenario/scenario.h"

namespace sim::scenario {

template <typename Enum>
struct EnumSpelling {
  Enum value;
  std::string_view name;
};

const std::vector<EnumSpelling<ConflictResolution>>& ConflictResolutionSpellings();
const std::vector<EnumSpelling<Coordination>>& CoordinationSpellings();
const std::vector<EnumSpelling<Fanout>>& FanoutSpellings();
const std::vector<EnumSpelling<WriteCoordinator>>& WriteCoordinatorSpellings();
const std::vector<EnumSpelling<EntryNode>>& EntryNodeSpellings();
const std::vector<EnumSpelling<FaultType>>& FaultTypeSpellings();

// The file-format spelling of `value`. REQUIRES: `value` is in `table`.
template <typename Enum>
std::string_view SpellingOf(const std::vector<EnumSpelling<Enum>>& table, Enum value);

// The value spelled `name`, or nullopt.
template <typename Enum>
std::optional<Enum> ValueOf(const std::vector<EnumSpelling<Enum>>& table, std::string_view name);

// Every spelling in `table`, in table order (for error messages and suggestions).
template <typename Enum>
std::vector<std::string_view> AllSpellings(const std::vector<EnumSpelling<Enum>>& table);

// Shorthands used everywhere.
inline std::string_view FaultTypeName(FaultType type) {
  return SpellingOf(FaultTypeSpellings(), type);
}

// ---- implementation ----

template <typename Enum>
std::string_view SpellingOf(const std::vector<EnumSpelling<Enum>>& table, Enum value) {
  for (const EnumSpelling<Enum>& entry : table) {
    if (entry.value == value) return entry.name;
  }
  return "?";
}

template <typename Enum>
std::optional<Enum> ValueOf(const std::vector<EnumSpelling<Enum>>& table, std::string_view name) {
  for (const EnumSpelling<Enum>& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

template <typename Enum>
std::vector<std::string_view> AllSpellings(const std::vector<EnumSpelling<Enum>>& table) {
  std::vector<std::string_view> names;
  for (const EnumSpelling<Enum>& entry : table) names.push_back(entry.name);
  return names;
}

}  // namespace sim::scenario
