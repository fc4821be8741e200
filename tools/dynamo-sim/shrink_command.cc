// dynamo-sim shrink SCENARIO --seed N [--check NAME] [--out FILE] [--max-runs M]
//                            [--max-events N] [--memory-budget SIZE] [--set PATH=VALUE]...
// Finds a smaller scenario that still fails the same check with seed N (shrinker.h has the
// reductions). The check is --check NAME, or else the first check that fails in the original
// run. Every candidate goes through the loader (ParseScenario of its resolved JSON) before it
// runs; at most M runs (default 200) are spent, the original and the final run included.
// Output: each accepted reduction ("removed fault 3 (crash n2)", "duration 80s -> 20s"), the
// runs used, the final run's failed check and its reproduce command. The shrunk scenario, with
// the seed pinned, is written to FILE (temporary file, then rename) and the report goes to
// stdout; without --out the scenario JSON is the only thing on stdout and the report goes to
// stderr (as `sweep` does with its lines).
// Exit 1 when it produced a failing scenario (a check fails, as with `run`); 0 with "nothing to
// shrink" when that check passes with seed N (nothing written); 2 on bad input, including a
// --check the scenario does not configure (nothing written).
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "sim/analysis/summary.h"
#include "sim/report/atomic_file.h"
#include "sim/report/output_path.h"
#include "sim/scenario/duration_text.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/scenario_to_json.h"
#include "sim/simulation.h"
#include "tools/dynamo-sim/args.h"
#include "tools/dynamo-sim/commands.h"
#include "tools/dynamo-sim/reproduce.h"
#include "tools/dynamo-sim/shrinker.h"

namespace sim::cli {
namespace {

inline constexpr int kDefaultMaxRuns = 200;

struct ShrinkOptions {
  std::string scenario_path;
  std::vector<std::string> overrides;
  std::optional<uint64_t> seed;
  std::string check;  // "" = the first failing check
  std::string out_path;
  int max_runs = kDefaultMaxRuns;
  uint64_t max_events = 0;  // per run; 0 = derived from the scenario
  uint64_t memory_budget = 0;
};

absl::StatusOr<ShrinkOptions> ParseShrinkOptions(const ParsedArgs& parsed) {
  ShrinkOptions options;
  if (parsed.positional.size() != 1) return absl::InvalidArgumentError("needs exactly one SCENARIO");
  options.scenario_path = parsed.positional.front();
  options.overrides = parsed.Values("set");
  absl::StatusOr<std::optional<uint64_t>> seed = ParseSeedFlag(parsed);
  if (!seed.ok()) return seed.status();
  options.seed = *seed;
  if (parsed.Has("check")) options.check = parsed.Values("check").front();
  if (parsed.Has("max-runs") &&
      (!absl::SimpleAtoi(parsed.Values("max-runs").front(), &options.max_runs) ||
       options.max_runs < 2)) {
    return absl::InvalidArgumentError("--max-runs needs an integer of at least 2");
  }
  if (absl::Status bounds = ParseRunBounds(parsed, &options.max_events, &options.memory_budget);
      !bounds.ok()) {
    return bounds;
  }
  if (parsed.Has("out")) {
    options.out_path = parsed.Values("out").front();
    if (absl::Status checked = CheckOutputFile("--out", options.out_path); !checked.ok()) {
      return checked;
    }
  }
  return options;
}

// The check named `name` in `summary`, or nullptr when the scenario does not configure it.
const CheckResult* FindCheck(const RunSummary& summary, const std::string& name) {
  for (const CheckResult& check : summary.checks) {
    if (check.name == name) return &check;
  }
  return nullptr;
}

// The scenario as the loader reads it back from its resolved JSON, or an error: what `validate`
// will say of the written file.
absl::StatusOr<scenario::Scenario> Reloaded(const scenario::Scenario& candidate) {
  const nlohmann::json document = nlohmann::json::parse(scenario::ScenarioToJson(candidate).dump());
  absl::StatusOr<scenario::Scenario> reloaded = scenario::ParseScenario(document, "candidate");
  return reloaded;
}

// Runs `scenario` with `seed`; the summary, or an error when the run could not complete.
absl::StatusOr<RunSummary> Summarise(const scenario::Scenario& scenario, uint64_t seed,
                                     uint64_t max_events, std::string* digest) {
  absl::StatusOr<RunResult> result =
      RunSimulation(scenario, seed, SimulationOptions{.max_events = max_events});
  if (!result.ok()) return result.status();
  if (digest != nullptr) *digest = result->digest;
  return ComputeRunSummary(*result);
}

}  // namespace

int ShrinkCommand(const std::vector<std::string>& args) {
  const absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, FlagsOf("shrink"));
  if (!parsed.ok()) return UsageError("shrink", std::string(parsed.status().message()));
  if (parsed->help) return SubcommandHelp("shrink");
  const absl::StatusOr<ShrinkOptions> options = ParseShrinkOptions(*parsed);
  if (!options.ok()) return UsageError("shrink", std::string(options.status().message()));
  const absl::StatusOr<scenario::Scenario> loaded =
      scenario::LoadScenarioFile(options->scenario_path, options->overrides,
                                 options->memory_budget);
  if (!loaded.ok()) {
    std::cerr << loaded.status().message() << "\n";
    return kExitBadInput;
  }
  const uint64_t seed = options->seed.value_or(loaded->seed);
  std::ostream& log = options->out_path.empty() ? std::cerr : std::cout;

  const absl::StatusOr<RunSummary> original =
      Summarise(*loaded, seed, options->max_events, nullptr);
  if (!original.ok()) {
    std::cerr << "dynamo-sim shrink: " << original.status().message() << "\n";
    return kExitBadInput;
  }
  std::string check = options->check;
  if (check.empty()) {
    for (const CheckResult& result : original->checks) {
      if (!result.passed) {
        check = result.name;
        break;
      }
    }
    if (check.empty()) {
      log << fmt::format("nothing to shrink: every check passes with seed {}\n", seed);
      return kExitOk;
    }
  }
  const CheckResult* target = FindCheck(*original, check);
  if (target == nullptr) {
    return UsageError("shrink", fmt::format("--check {}: the scenario does not check it", check));
  }
  if (target->passed) {
    log << fmt::format("nothing to shrink: {} passes with seed {}\n", check, seed);
    return kExitOk;
  }
  log << fmt::format("shrinking {} with seed {} while {} fails: {}\n", loaded->name, seed, check,
                     target->detail);

  const Shrinker::Evaluate evaluate = [&](const scenario::Scenario& candidate) {
    const absl::StatusOr<scenario::Scenario> reloaded = Reloaded(candidate);
    if (!reloaded.ok()) return Verdict::kInvalid;
    const absl::StatusOr<RunSummary> summary =
        Summarise(*reloaded, seed, options->max_events, nullptr);
    if (!summary.ok()) return Verdict::kPasses;  // a run that cannot finish shows nothing
    const CheckResult* result = FindCheck(*summary, check);
    return result != nullptr && !result->passed ? Verdict::kFails : Verdict::kPasses;
  };
  // The original run and the final run count against the budget.
  Shrinker shrinker(*loaded, evaluate, [&log](const std::string& step) { log << "  " << step << "\n"; },
                    options->max_runs - 2);
  scenario::Scenario shrunk = shrinker.Run();
  shrunk.seed = seed;
  shrunk.description = fmt::format("Shrunk by dynamo-sim shrink from {} (seed {}): fails {}.",
                                   options->scenario_path, seed, check);

  std::string digest;
  const absl::StatusOr<scenario::Scenario> final_scenario = Reloaded(shrunk);
  const absl::StatusOr<RunSummary> final_summary =
      final_scenario.ok() ? Summarise(*final_scenario, seed, options->max_events, &digest)
                          : final_scenario.status();
  const CheckResult* final_check =
      final_summary.ok() ? FindCheck(*final_summary, check) : nullptr;
  if (final_check == nullptr || final_check->passed) {
    std::cerr << "dynamo-sim shrink: internal error: the shrunk scenario no longer fails " << check
              << "\n";
    return kExitBadInput;
  }
  const std::string text = scenario::ScenarioToJson(shrunk).dump(2) + "\n";
  if (!options->out_path.empty()) {
    if (absl::Status written = WriteFileAtomically(options->out_path, text); !written.ok()) {
      std::cerr << "dynamo-sim shrink: " << written.message() << "\n";
      return kExitBadInput;
    }
  } else {
    std::cout << text;
  }
  log << fmt::format("runs used: {} of {}{}\n", shrinker.runs_used() + 2, options->max_runs,
                     shrinker.budget_exhausted() ? " (budget spent: the result may shrink further)"
                                                 : "");
  log << fmt::format("result: nodes={} clients={} keys={} faults={} duration={} quiesce={}{}\n",
                     shrunk.cluster.nodes, shrunk.workload.clients, shrunk.workload.keys,
                     shrunk.faults.size(), scenario::FormatDurationUs(shrunk.duration_us),
                     scenario::FormatDurationUs(shrunk.quiesce_us),
                     shrunk.nemesis ? " nemesis" : "");
  log << fmt::format("check failed: {}: {}\n", check, final_check->detail);
  log << "digest: " << digest << "\n";
  log << "reproduce: "
      << ReproduceCommand(options->out_path.empty() ? "SHRUNK.json" : options->out_path, seed, {})
      << (options->out_path.empty() ? "   (after saving stdout as SHRUNK.json)" : "") << "\n";
  return kExitCheckFailed;
}

}  // namespace sim::cli
