// libFuzzer target that RUNS what the scenario loader accepts: the loader's promise is that every
// scenario it accepts runs to an answer. An input the loader rejects is skipped; an accepted one
// is cut to a few simulated seconds (below) and run whole under ASan and UBSan: the simulation
// at the scenario's seed, the checks, the summary table, the history (EDN) and the report
// (report.json, report.md, report.html), all in memory. A crash, a sanitizer finding or an
// internal check failure (DYNAMO_CHECK / SIM_CHECK abort) is a finding. A run that stops at its
// event bound or stall bound (an error status, exit 2 in the CLI) is an answer, not a finding.
// Built only in the sanitize flavour (clang, -fsanitize=fuzzer); tests/CMakeLists.txt registers
// a bounded run seeded with scenarios/.
//
// Input: a scenario's JSON text, optionally followed by `--set` overrides (tests/fuzz/fuzz_input.h).
//
// Why the cut: one input must cost at most a second or two of CPU, and the sanitize build (-O0,
// ASan) runs only about 10,000 events a CPU second. Duration and quiesce are capped at
// kMaxPhaseUs each (faults starting later are dropped; later ends and the workload window are
// clamped), at most kMaxClients clients and an open-loop rate of at most kMaxRate ops/s; the cut
// scenario must load again (so the run only sees scenarios the loader accepts) and fit
// kMemoryBudgetBytes, and the run stops after kMaxEvents.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/analysis/summary.h"
#include "sim/report/history_edn.h"
#include "sim/report/report_html.h"
#include "sim/report/report_json.h"
#include "sim/report/report_markdown.h"
#include "sim/scenario/json_text.h"
#include "sim/scenario/memory_estimate.h"
#include "sim/scenario/overrides.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/scenario_to_json.h"
#include "sim/simulation.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

constexpr sim::TimeUs kMaxPhaseUs = sim::kSecond;  // duration and quiesce, each
constexpr int kMaxClients = 4;
constexpr double kMaxRate = 400;                   // ops per second, open loop
constexpr uint64_t kMaxEvents = 30'000;             // ~3 s of CPU under the sanitizers
constexpr uint64_t kMemoryBudgetBytes = 256ull << 20;  // the loader's estimate, not RSS

// `scenario` cut to kMaxPhaseUs of workload and of quiesce, as a scenario the loader accepts
// again (nullopt when the cut one is refused, e.g. a check bound the shorter run cannot meet).
std::optional<sim::scenario::Scenario> CutToAFewSeconds(sim::scenario::Scenario scenario) {
  scenario.duration_us = std::min(scenario.duration_us, kMaxPhaseUs);
  scenario.quiesce_us = std::min(scenario.quiesce_us, kMaxPhaseUs);
  sim::scenario::Workload& workload = scenario.workload;
  workload.clients = std::min(workload.clients, kMaxClients);
  if (workload.rate) workload.rate = std::min(*workload.rate, kMaxRate);
  workload.start_us = std::min(workload.start_us, scenario.duration_us);
  workload.stop_us = std::min(workload.stop_us, scenario.duration_us);
  std::vector<sim::scenario::Fault> kept;
  for (sim::scenario::Fault& fault : scenario.faults) {
    if (fault.at_us >= scenario.duration_us) continue;
    if (fault.until_us) fault.until_us = std::min(*fault.until_us, scenario.duration_us);
    kept.push_back(fault);
  }
  scenario.faults = std::move(kept);
  absl::StatusOr<nlohmann::json> cut = sim::scenario::ParseJsonText(
      sim::scenario::ScenarioToJson(scenario).dump(), "cut.json");
  if (!cut.ok()) return std::nullopt;
  absl::StatusOr<sim::scenario::Scenario> reloaded = sim::scenario::ParseScenario(*cut, "cut.json");
  if (!reloaded.ok()) return std::nullopt;
  return *std::move(reloaded);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::optional<sim::scenario::Scenario> scenario = sim::fuzz::AcceptedScenario(data, size);
  if (!scenario) return 0;
  const std::optional<sim::scenario::Scenario> cut = CutToAFewSeconds(*scenario);
  if (!cut) return 0;
  if (!sim::scenario::CheckMemoryBudget(*cut, kMemoryBudgetBytes, "cut.json").ok()) return 0;

  sim::SimulationOptions options;
  options.max_events = kMaxEvents;
  const absl::StatusOr<sim::RunResult> result = sim::RunSimulation(*cut, cut->seed, options);
  if (!result.ok()) return 0;  // the event or stall bound stopped it: an answer

  const sim::RunSummary summary = sim::ComputeRunSummary(*result);
  (void)sim::FormatSummaryTable(summary, *result);
  (void)sim::HistoryEdn(result->history, result->carts, cut->workload.clients, result->faults);
  const nlohmann::json report = sim::ReportJson(summary, *result);
  (void)report.dump(2);
  (void)sim::report::RenderMarkdown(report);
  (void)sim::report::RenderHtml(report);
  return 0;
}
