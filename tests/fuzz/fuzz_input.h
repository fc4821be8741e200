// The fuzz targets' input format: a scenario's JSON text, optionally followed by `--set`
// overrides, each after a NUL byte ("{...}\0cluster.nodes=3\0duration=1s"), so the fuzzer
// mutates files and overrides together. Files of scenarios/ are valid inputs as they are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/json_text.h"
#include "sim/scenario/overrides.h"
#include "sim/scenario/scenario_loader.h"

namespace sim::fuzz {

struct FuzzInput {
  std::string_view text;               // the JSON text (up to the first NUL)
  std::vector<std::string> overrides;  // PATH=VALUE, one per NUL-separated piece after it
};

inline FuzzInput SplitFuzzInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t end_of_text = input.find('\0');
  FuzzInput split{input.substr(0, end_of_text), {}};
  for (size_t start = end_of_text; start != std::string_view::npos && start < input.size();) {
    const size_t next = input.find('\0', start + 1);
    split.overrides.emplace_back(input.substr(start + 1, next - start - 1));
    start = next;
  }
  return split;
}

// The scenario the loader accepts for the input (its text with the overrides applied, as `run
// FILE --set ...` loads it), or nullopt when the loader rejects it.
inline std::optional<scenario::Scenario> AcceptedScenario(const uint8_t* data, size_t size) {
  const FuzzInput input = SplitFuzzInput(data, size);
  absl::StatusOr<nlohmann::json> document = scenario::ParseJsonText(input.text, "fuzz.json");
  if (!document.ok()) return std::nullopt;
  if (!scenario::ApplyOverrides(*document, input.overrides, "fuzz.json").ok()) return std::nullopt;
  absl::StatusOr<scenario::Scenario> accepted = scenario::ParseScenario(*document, "fuzz.json");
  if (!accepted.ok()) return std::nullopt;
  return *std::move(accepted);
}

}  // namespace sim::fuzz
