// libFuzzer target for the scenario loader and `--set`: whatever the bytes, the loader either
// accepts (and then the scenario's `explain` output loads back to the same scenario, and its
// memory estimate is computed) or returns an error; it never crashes, hangs or trips a
// sanitizer. Built only in the sanitize flavour (clang, -fsanitize=fuzzer); tests/CMakeLists.txt
// registers a bounded run seeded with scenarios/.
//
// Input: a scenario's JSON text, optionally followed by `--set` overrides, each after a NUL byte
// ("{...}\0cluster.nodes=3\0duration=1s"), so the fuzzer mutates files and overrides together.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/json_text.h"
#include "sim/scenario/memory_estimate.h"
#include "sim/scenario/overrides.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/scenario_to_json.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();  // libFuzzer reports the input as a crash
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t end_of_text = input.find('\0');
  const std::string_view text = input.substr(0, end_of_text);
  std::vector<std::string> overrides;
  for (size_t start = end_of_text; start != std::string_view::npos && start < input.size();) {
    const size_t next = input.find('\0', start + 1);
    overrides.emplace_back(input.substr(start + 1, next - start - 1));
    start = next;
  }

  absl::StatusOr<nlohmann::json> document = sim::scenario::ParseJsonText(text, "fuzz.json");
  if (!document.ok()) return 0;
  if (!sim::scenario::ApplyOverrides(*document, overrides, "fuzz.json").ok()) return 0;
  const absl::StatusOr<sim::scenario::Scenario> scenario =
      sim::scenario::ParseScenario(*document, "fuzz.json");
  if (!scenario.ok()) return 0;
  (void)sim::scenario::CheckMemoryBudget(*scenario, sim::scenario::kDefaultMemoryBudgetBytes,
                                         "fuzz.json");

  // explain's output of an accepted scenario loads back to the same scenario.
  const std::string explained = sim::scenario::ScenarioToJson(*scenario).dump();
  absl::StatusOr<nlohmann::json> again = sim::scenario::ParseJsonText(explained, "explained");
  Require(again.ok());
  const absl::StatusOr<sim::scenario::Scenario> reloaded =
      sim::scenario::ParseScenario(*again, "explained");
  Require(reloaded.ok());
  Require(sim::scenario::ScenarioToJson(*reloaded).dump() == explained);
  return 0;
}
