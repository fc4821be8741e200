// dynamo-sim sweep SCENARIO --seeds A..B [--jobs J] [--shard I/N] [--out FILE.jsonl [--resume]]
//                           [--max-events N] [--memory-budget SIZE] [--set PATH=VALUE]... [--quiet]
// Runs the scenario once per seed of A..B (or of shard I/N of it, seed_range.h) and produces one
// JSON line per seed (sweep_line.h) in seed order, whatever J is: J worker threads each run
// whole simulations (parallel_seeds.h).
// Output: with --out, the lines go to FILE as each seed's turn comes (flushed, so an
// interrupted sweep keeps every finished seed; --resume skips the seeds already in FILE and
// appends the rest, sweep_out_file.h) and the summary (sweep_summary.h) to stdout; without --out, stdout carries only the
// lines, as each seed's turn comes, and the summary goes to stderr, so `sweep ... > x.jsonl`
// gives a clean file. Progress goes to stderr (progress_line.h) unless --quiet.
// Exit 0 when every seed passed every check, 1 when a seed failed one, 2 on bad input (nothing
// written: the scenario and every flag are checked before the first run).
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "absl/strings/numbers.h"
#include "sim/analysis/summary.h"
#include "sim/report/output_path.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/simulation.h"
#include "tools/dynamo-sim/args.h"
#include "tools/dynamo-sim/commands.h"
#include "tools/dynamo-sim/parallel_seeds.h"
#include "tools/dynamo-sim/progress_line.h"
#include "tools/dynamo-sim/reproduce.h"
#include "tools/dynamo-sim/seed_range.h"
#include "tools/dynamo-sim/sweep_out_file.h"
#include "tools/dynamo-sim/sweep_summary.h"

namespace sim::cli {
namespace {

// More threads than this gains nothing on any machine the simulator targets, and each holds a
// whole simulation in memory.
inline constexpr int kMaxJobs = 256;

struct SweepOptions {
  std::string scenario_path;
  std::vector<std::string> overrides;
  SeedRange range;
  Shard shard;
  int jobs = 1;
  std::string out_path;  // "" = lines on stdout
  uint64_t max_events = 0;  // 0 = derived from the scenario
  bool resume = false;
  uint64_t memory_budget = 0;      // --resume: keep --out's lines and skip their seeds
};

absl::StatusOr<SweepOptions> ParseSweepOptions(const ParsedArgs& parsed) {
  SweepOptions options;
  if (parsed.positional.size() != 1) return absl::InvalidArgumentError("needs exactly one SCENARIO");
  options.scenario_path = parsed.positional.front();
  options.overrides = parsed.Values("set");
  if (!parsed.Has("seeds")) return absl::InvalidArgumentError("needs --seeds A..B");
  absl::StatusOr<SeedRange> range = ParseSeedRange(parsed.Values("seeds").front());
  if (!range.ok()) return range.status();
  options.range = *range;
  if (parsed.Has("shard")) {
    absl::StatusOr<Shard> shard = ParseShard(parsed.Values("shard").front());
    if (!shard.ok()) return shard.status();
    options.shard = *shard;
  }
  if (absl::Status bounds = ParseRunBounds(parsed, &options.max_events, &options.memory_budget);
      !bounds.ok()) {
    return bounds;
  }
  if (parsed.Has("jobs")) {
    const std::string text = parsed.Values("jobs").front();
    if (!absl::SimpleAtoi(text, &options.jobs) || options.jobs < 1 || options.jobs > kMaxJobs) {
      return absl::InvalidArgumentError(
          fmt::format("--jobs needs an integer from 1 to {}, got \"{}\"", kMaxJobs, text));
    }
  }
  if (parsed.Has("out")) {
    options.out_path = parsed.Values("out").front();
    if (absl::Status checked = CheckOutputFile("--out", options.out_path); !checked.ok()) {
      return checked;
    }
  }
  options.resume = parsed.Has("resume");
  if (options.resume && options.out_path.empty()) {
    return absl::InvalidArgumentError("--resume needs --out FILE.jsonl (the file to resume)");
  }
  return options;
}

}  // namespace

int SweepCommand(const std::vector<std::string>& args) {
  const absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, FlagsOf("sweep"));
  if (!parsed.ok()) return UsageError("sweep", std::string(parsed.status().message()));
  if (parsed->help) return SubcommandHelp("sweep");
  const absl::StatusOr<SweepOptions> options = ParseSweepOptions(*parsed);
  if (!options.ok()) return UsageError("sweep", std::string(options.status().message()));
  const absl::StatusOr<scenario::Scenario> loaded =
      scenario::LoadScenarioFile(options->scenario_path, options->overrides,
                                 options->memory_budget);
  if (!loaded.ok()) {
    std::cerr << loaded.status().message() << "\n";
    return kExitBadInput;
  }

  std::optional<SweepOutFile> out_file;
  if (!options->out_path.empty()) {
    absl::StatusOr<SweepOutFile> opened = SweepOutFile::Open(options->out_path, options->resume);
    if (!opened.ok()) {
      std::cerr << "dynamo-sim sweep: " << opened.status().message() << "\n";
      return kExitBadInput;
    }
    out_file.emplace(*std::move(opened));
  }
  // The summary is computed online (sweep_summary.h): no line is kept once added. Resumed lines
  // go first, lowest seed first, so a resumed sweep sums its means in seed order too.
  SweepSummary summary;
  if (out_file) {
    for (const SweepLine& line : out_file->resumed()) {
      if (line.scenario != loaded->name) {
        std::cerr << "dynamo-sim sweep: --resume: " << options->out_path << " holds seed "
                  << line.seed << " of scenario \"" << line.scenario << "\", not \""
                  << loaded->name << "\"\n";
        return kExitBadInput;
      }
    }
    summary.AddInSeedOrder(out_file->resumed());
  }
  std::vector<uint64_t> seeds = ShardSeeds(options->range, options->shard);
  if (out_file) std::erase_if(seeds, [&](uint64_t seed) { return out_file->Done(seed); });
  const scenario::Scenario& scenario = *loaded;
  const SeedJob job = [&scenario, &options](uint64_t seed) -> absl::StatusOr<SweepLine> {
    absl::StatusOr<RunResult> result =
        RunSimulation(scenario, seed, SimulationOptions{.max_events = options->max_events});
    if (!result.ok()) return result.status();
    return MakeSweepLine(*result, ComputeRunSummary(*result),
                         ReproduceCommand(options->scenario_path, seed, options->overrides));
  };
  absl::Status failure;
  uint64_t failed_seeds = 0;
  uint64_t finished = 0;
  ProgressLine progress(seeds.size(), /*enabled=*/!parsed->Has("quiet"));
  const bool to_stdout = !out_file.has_value();
  RunSeedsInOrder(seeds, options->jobs, job, [&](const absl::StatusOr<SweepLine>& line) {
    if (!line.ok()) {
      failure = line.status();
      return;
    }
    const std::string text = SweepLineToJson(*line) + "\n";
    if (to_stdout) {
      std::cout << text << std::flush;
    } else if (absl::Status written = out_file->Append(text); !written.ok() && failure.ok()) {
      failure = written;
    }
    failed_seeds += line->passed ? 0 : 1;
    summary.Add(*line);
    progress.Update(++finished, failed_seeds);
  });
  progress.Finish();
  if (!failure.ok()) {
    std::cerr << "dynamo-sim sweep: " << failure.message() << "\n";
    return kExitBadInput;
  }
  (to_stdout ? std::cerr : std::cout) << summary.Format();
  return summary.AllPassed() ? kExitOk : kExitCheckFailed;
}

}  // namespace sim::cli
