// dynamo-sim ablate SCENARIO [--seed N | --seeds A..B] [--set PATH=VALUE]... [--out DIR]
//                            [--max-events N] [--no-wall-time] [--quiet]
// Runs the scenario as given (the full configuration), then once per variant of sim/ablation.h
// (sloppy quorum, hinted handoff, read repair, anti-entropy, anti-entropy and read repair off;
// last-write-wins), all with the same seed (default: the scenario's), or with every seed of
// --seeds A..B (at most kMaxAblationSeeds): values are then the mean and 95% interval over the
// seeds, and a difference inside the interval is "within noise". Prints the side-by-side
// report (sim/report/ablation_render.h) as Markdown on stdout; one progress line per run goes
// to stderr unless --quiet, and a run that takes more than a second shows its progress there
// (run_progress.h). With --out DIR writes DIR/ablation.md, DIR/ablation.html,
// DIR/ablation.json and each variant's DIR/<id>/report.{json,md,html} (with --seeds:
// DIR/<id>/seed-<N>/report.*, so `dynamo-sim report DIR/full DIR/<id>` compares two variants
// over the seeds), every file whole or not at all. --no-wall-time leaves wall_time_s 0 in every
// report.json so the files are the same on every run.
//
// An ablation is a measurement, not a check: exit 0 when every variant ran, whatever the
// variants' (or the full configuration's) verdicts, which the report shows. Exit 2 on bad input
// (every variant is loaded and validated before anything runs, and nothing is written) or when
// a file cannot be written.
#include <chrono>
#include <iostream>

#include "fmt/format.h"
#include "nlohmann/json.hpp"
#include "sim/ablation.h"
#include "sim/report/ablation_render.h"
#include "sim/report/ablation_report.h"
#include "sim/report/atomic_file.h"
#include "sim/report/output_path.h"
#include "sim/report/report_files.h"
#include "sim/report/report_json.h"
#include "tools/dynamo-sim/args.h"
#include "tools/dynamo-sim/commands.h"
#include "tools/dynamo-sim/run_progress.h"
#include "tools/dynamo-sim/seed_range.h"

namespace sim::cli {
namespace {

int Fail(const std::string& message) {
  std::cerr << "dynamo-sim ablate: " << message << "\n";
  return kExitBadInput;
}

// More seeds than this is a sweep's job: an ablation keeps every run's report in memory.
constexpr uint64_t kMaxAblationSeeds = 200;

// The seeds to run: --seeds A..B, --seed N, or the scenario's own.
absl::StatusOr<std::vector<uint64_t>> AblationSeeds(const ParsedArgs& parsed, uint64_t fallback) {
  if (parsed.Has("seeds")) {
    if (parsed.Has("seed")) return absl::InvalidArgumentError("give --seed or --seeds, not both");
    absl::StatusOr<SeedRange> range = ParseSeedRange(parsed.Values("seeds").front());
    if (!range.ok()) return range.status();
    if (range->last - range->first >= kMaxAblationSeeds) {
      return absl::InvalidArgumentError(
          fmt::format("--seeds: at most {} seeds in an ablation", kMaxAblationSeeds));
    }
    return ShardSeeds(*range, Shard{});
  }
  absl::StatusOr<std::optional<uint64_t>> seed = ParseSeedFlag(parsed);
  if (!seed.ok()) return seed.status();
  return std::vector<uint64_t>{seed->value_or(fallback)};
}

// Writes every variant's report files, then ablation.{json,md,html}, into `dir`.
absl::Status WriteAblation(const std::string& dir, const std::vector<uint64_t>& seeds,
                           const std::vector<report::AblationEntry>& entries,
                           const nlohmann::json& ablation, const std::string& markdown) {
  for (const report::AblationEntry& entry : entries) {
    for (size_t i = 0; i < seeds.size(); ++i) {
      const std::string run_dir = seeds.size() == 1 ? entry.id : report::AblationRunDir(entry.id, seeds[i]);
      if (absl::Status written = report::WriteReportFiles(dir + "/" + run_dir, entry.reports[i], true);
          !written.ok()) {
        return written;
      }
    }
  }
  for (const auto& [name, contents] :
       {std::pair<std::string, std::string>{"ablation.json", ablation.dump(2) + "\n"},
        {"ablation.md", markdown},
        {"ablation.html", report::RenderAblationHtml(ablation)}}) {
    if (absl::Status written = WriteFileAtomically(dir + "/" + name, contents); !written.ok()) {
      return written;
    }
  }
  return absl::OkStatus();
}

}  // namespace

int AblateCommand(const std::vector<std::string>& args) {
  const absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, FlagsOf("ablate"));
  if (!parsed.ok()) return UsageError("ablate", std::string(parsed.status().message()));
  if (parsed->help) return SubcommandHelp("ablate");
  if (parsed->positional.size() != 1) return UsageError("ablate", "needs exactly one SCENARIO");
  if (parsed->Has("out")) {
    if (absl::Status checked = CheckOutputDirectory("--out", parsed->Values("out").front());
        !checked.ok()) {
      return UsageError("ablate", std::string(checked.message()));
    }
  }
  const std::string& path = parsed->positional.front();
  const std::vector<std::string> user_overrides = parsed->Values("set");
  const absl::StatusOr<std::vector<AblationPlan>> plans = LoadAblation(path, user_overrides);
  if (!plans.ok()) {
    std::cerr << plans.status().message() << "\n";
    return kExitBadInput;
  }
  const absl::StatusOr<std::vector<uint64_t>> seeds =
      AblationSeeds(*parsed, plans->front().scenario.seed);
  if (!seeds.ok()) return UsageError("ablate", std::string(seeds.status().message()));
  const absl::StatusOr<uint64_t> max_events = ParseMaxEventsFlag(*parsed);
  if (!max_events.ok()) return UsageError("ablate", std::string(max_events.status().message()));
  const bool wall_time = !parsed->Has("no-wall-time");
  std::vector<report::AblationEntry> entries;
  for (const AblationPlan& plan : *plans) {
    report::AblationEntry entry{plan.variant.id, plan.variant.label, plan.variant.overrides,
                                plan.same_as_full, {}};
    std::vector<std::string> overrides = user_overrides;
    overrides.insert(overrides.end(), plan.variant.overrides.begin(), plan.variant.overrides.end());
    for (const uint64_t seed : *seeds) {
      if (!parsed->Has("quiet")) {
        std::cerr << "ablate: " << plan.variant.label << " (" << entries.size() + 1 << "/"
                  << plans->size() << ")";
        if (seeds->size() > 1) std::cerr << " seed " << seed;
        std::cerr << "\n";
      }
      // A long variant run also shows its progress (run_progress.h) after its first second.
      RunProgress progress(/*enabled=*/!parsed->Has("quiet"));
      SimulationOptions options;
      options.max_events = *max_events;
      options.progress = [&progress](TimeUs now_us, TimeUs end_us, uint64_t events) {
        progress.Update(now_us, end_us, events);
      };
      const auto start = std::chrono::steady_clock::now();
      absl::StatusOr<nlohmann::json> report = RunAblationVariant(plan.scenario, seed, options);
      progress.Finish();
      if (!report.ok()) {
        return Fail(plan.variant.label + ": " + std::string(report.status().message()));
      }
      if (wall_time) {
        (*report)["wall_time_s"] =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      }
      AddScenarioProvenance(plan.scenario, path, overrides, &*report);
      entry.reports.push_back(std::move(*report));
    }
    entries.push_back(std::move(entry));
  }
  const nlohmann::json ablation =
      report::AblationJson(plans->front().scenario.name, *seeds, entries);
  const std::string markdown = report::RenderAblationMarkdown(ablation);
  if (parsed->Has("out")) {
    const std::string dir = parsed->Values("out").front();
    if (absl::Status written = WriteAblation(dir, *seeds, entries, ablation, markdown);
        !written.ok()) {
      return Fail("cannot write the ablation in " + dir + ": " + std::string(written.message()));
    }
  }
  std::cout << markdown;
  return kExitOk;
}

}  // namespace sim::cli
