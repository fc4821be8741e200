// dynamo-sim run SCENARIO [--seed N] [--set PATH=VALUE]... [--out DIR] [--trace FILE]
//                         [--perfetto FILE] [--history FILE] [--trace-key KEY]...
//                         [--trace-from D] [--trace-until D] [--max-events N]
//                         [--memory-budget SIZE]
//                         [--bucket DURATION] [--no-wall-time] [--quiet]
// Runs one scenario with one seed. Prints the seed and the resolved parameters first (so a log
// reproduces itself), then the summary table with the checks' verdicts and the digest. With
// --out, writes DIR/report.json, DIR/report.md and DIR/report.html; --trace, --perfetto and
// --history write the run event by event (trace_exports.h). Files are written whole or not at
// all (temporary file, then rename). --bucket sets the timeline bucket size (default:
// sim/analysis/timeline.h). --no-wall-time leaves report.json's wall_time_s 0 (not measured)
// so the report files are the same on every run (tools/make-results). Exit 0 when every check passed, 1 when one failed (each failed
// check's detail goes to stderr, and the reproduce command is printed either way), 2 on bad
// input. A run that takes more than a second shows its progress on stderr (run_progress.h)
// unless --quiet.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "absl/strings/numbers.h"
#include "sim/analysis/summary.h"
#include "sim/report/output_path.h"
#include "sim/report/report_files.h"
#include "sim/report/report_json.h"
#include "sim/scenario/duration_text.h"
#include "sim/scenario/memory_estimate.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/simulation.h"
#include "tools/dynamo-sim/args.h"
#include "tools/dynamo-sim/commands.h"
#include "tools/dynamo-sim/reproduce.h"
#include "tools/dynamo-sim/peak_rss.h"
#include "tools/dynamo-sim/run_progress.h"
#include "tools/dynamo-sim/trace_exports.h"

namespace sim::cli {
namespace {

struct RunOptions {
  std::string scenario_path;
  std::vector<std::string> overrides;
  std::optional<uint64_t> seed;
  std::string out_dir;
  TraceExportOptions exports;
  uint64_t max_events = 0;
  uint64_t memory_budget = 0;
  TimeUs bucket_us = 0;  // 0 = chosen from the run's length
  bool quiet = false;
  bool wall_time = true;
};

absl::StatusOr<RunOptions> ParseRunOptions(const ParsedArgs& parsed) {
  RunOptions options;
  if (parsed.positional.size() != 1) return absl::InvalidArgumentError("needs exactly one SCENARIO");
  options.scenario_path = parsed.positional.front();
  options.overrides = parsed.Values("set");
  absl::StatusOr<std::optional<uint64_t>> seed = ParseSeedFlag(parsed);
  if (!seed.ok()) return seed.status();
  options.seed = *seed;
  if (absl::Status bounds = ParseRunBounds(parsed, &options.max_events, &options.memory_budget);
      !bounds.ok()) {
    return bounds;
  }
  if (parsed.Has("bucket")) {
    const absl::StatusOr<TimeUs> bucket_us =
        scenario::ParseDurationUs(parsed.Values("bucket").front());
    if (!bucket_us.ok() || *bucket_us < kMillisecond) {
      return absl::InvalidArgumentError(
          "--bucket needs a duration of at least 1ms with a unit, such as 500ms or 2s");
    }
    options.bucket_us = *bucket_us;
  }
  if (parsed.Has("out")) {
    options.out_dir = parsed.Values("out").front();
    if (absl::Status checked = CheckOutputDirectory("--out", options.out_dir); !checked.ok()) {
      return checked;
    }
  }
  absl::StatusOr<TraceExportOptions> exports = ParseTraceExportOptions(parsed);
  if (!exports.ok()) return exports.status();
  options.exports = std::move(*exports);
  options.quiet = parsed.Has("quiet");
  options.wall_time = !parsed.Has("no-wall-time");
  return options;
}

void PrintPreamble(const scenario::Scenario& s, uint64_t seed) {
  const scenario::Cluster& c = s.cluster;
  fmt::print("dynamo-sim run: scenario={} seed={}\n", s.name, seed);
  fmt::print(
      "  nodes={} N/R/W={}/{}/{} strategy={} partitions={} clients={} keys={} "
      "duration={}s quiesce={}s faults={}\n",
      c.nodes, c.replication.n, c.replication.r, c.replication.w, c.partitioning.strategy,
      c.partitioning.partitions, s.workload.clients, s.workload.keys,
      static_cast<double>(s.duration_us) / kSecond, static_cast<double>(s.quiesce_us) / kSecond,
      s.faults.size());
}


}  // namespace

int RunCommand(const std::vector<std::string>& args) {
  const absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, FlagsOf("run"));
  if (!parsed.ok()) return UsageError("run", std::string(parsed.status().message()));
  if (parsed->help) return SubcommandHelp("run");
  const absl::StatusOr<RunOptions> options = ParseRunOptions(*parsed);
  if (!options.ok()) return UsageError("run", std::string(options.status().message()));

  const absl::StatusOr<scenario::Scenario> loaded =
      scenario::LoadScenarioFile(options->scenario_path, options->overrides,
                                 options->memory_budget);
  if (!loaded.ok()) {
    std::cerr << loaded.status().message() << "\n";
    return kExitBadInput;
  }
  const uint64_t seed = options->seed.value_or(loaded->seed);
  // A bucket so small the timeline would have millions of rows is a usage error, not a run.
  constexpr int64_t kMaxBuckets = 100'000;
  if (options->bucket_us > 0 &&
      (loaded->duration_us + loaded->quiesce_us) / options->bucket_us > kMaxBuckets) {
    return UsageError("run", fmt::format("--bucket is too small: more than {} buckets", kMaxBuckets));
  }
  SimulationOptions simulation_options;
  simulation_options.max_events = options->max_events;
  simulation_options.timeline_bucket_us = options->bucket_us;
  TraceExports exports;
  if (absl::Status opened = exports.Open(options->exports, *loaded); !opened.ok()) {
    std::cerr << "dynamo-sim run: " << opened.message() << "\n";
    return kExitBadInput;
  }
  simulation_options.trace_sink = exports.sink();
  // Printed once every input and output path is known good: a refused run prints nothing.
  if (!options->quiet) PrintPreamble(*loaded, seed);

  // Wall-clock progress on stderr after the first second; it only reads the run's position.
  RunProgress progress(/*enabled=*/!options->quiet);
  simulation_options.progress = [&progress](TimeUs now_us, TimeUs end_us, uint64_t events) {
    progress.Update(now_us, end_us, events);
  };
  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<RunResult> result = RunSimulation(*loaded, seed, simulation_options);
  progress.Finish();
  if (!result.ok()) {
    std::cerr << "dynamo-sim run: " << result.status().message() << "\n";
    return kExitBadInput;
  }
  if (options->wall_time) {
    result->wall_time_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  if (absl::Status written = exports.Commit(*result); !written.ok()) {
    std::cerr << "dynamo-sim run: " << written.message() << "\n";
    return kExitBadInput;
  }
  for (const std::string& warning : exports.warnings()) {
    std::cerr << "dynamo-sim run: " << warning << "\n";
  }

  const RunSummary summary = ComputeRunSummary(*result);
  // Measured after the checks: their analysis of the history is part of the run's peak.
  if (options->wall_time) {
    result->peak_rss_bytes = PeakRssBytes();
    result->memory_estimate_bytes = scenario::EstimatedBytes(scenario::EstimateMemory(*loaded));
  }
  if (!options->out_dir.empty()) {
    nlohmann::json report = ReportJson(summary, *result);
    AddScenarioProvenance(*loaded, options->scenario_path, options->overrides, &report);
    const absl::Status written = report::WriteReportFiles(options->out_dir, report, true);
    if (!written.ok()) {
      std::cerr << "dynamo-sim run: cannot write the report in " << options->out_dir << ": "
                << written.message() << "\n";
      return kExitBadInput;
    }
  }
  if (!options->quiet) std::cout << FormatSummaryTable(summary, *result);
  else std::cout << "digest: " << result->digest << "\n";
  for (const CheckResult& check : summary.checks) {
    if (!check.passed) std::cerr << "check failed: " << check.name << ": " << check.detail << "\n";
  }
  std::cout << "reproduce: " << ReproduceCommand(options->scenario_path, seed, options->overrides) << "\n";
  return summary.passed ? kExitOk : kExitCheckFailed;
}

}  // namespace sim::cli
