// libFuzzer target for the scenario loader and `--set`: whatever the bytes, the loader either
// accepts (and then the scenario's `explain` output loads back to the same scenario, and its
// memory estimate is computed) or returns an error; it never crashes, hangs or trips a
// sanitizer. Built only in the sanitize flavour (clang, -fsanitize=fuzzer); tests/CMakeLists.txt
// registers a bounded run seeded with scenarios/.
//
// Input: a scenario's JSON text, optionally followed by `--set` overrides (tests/fuzz/fuzz_input.h).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "sim/scenario/json_text.h"
#include "sim/scenario/memory_estimate.h"
#include "sim/scenario/overrides.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/scenario_to_json.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

void Require(bool condition) {
  if (!condition) std::abort();  // libFuzzer reports the input as a crash
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::optional<sim::scenario::Scenario> scenario = sim::fuzz::AcceptedScenario(data, size);
  if (!scenario) return 0;
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
