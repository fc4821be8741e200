// dynamo-sim ablate SCENARIO [--seed N] [--set PATH=VALUE]... [--out DIR] [--no-wall-time]
//                            [--quiet]
// Runs the scenario as given (the full configuration), then once per variant of sim/ablation.h
// (sloppy quorum, hinted handoff, read repair, anti-entropy, anti-entropy and read repair off;
// last-write-wins), all with the same seed (default: the scenario's). Prints the side-by-side
// report (sim/report/ablation_render.h) as Markdown on stdout; one progress line per variant goes
// to stderr unless --quiet. With --out DIR writes DIR/ablation.md, DIR/ablation.html,
// DIR/ablation.json and each variant's DIR/<id>/report.{json,md,html} (so `dynamo-sim report`
// can redraw or compare them), every file whole or not at all. --no-wall-time leaves
// wall_time_s 0 in every report.json so the files are the same on every run.
//
// An ablation is a measurement, not a check: exit 0 when every variant ran, whatever the
// variants' (or the full configuration's) verdicts, which the report shows. Exit 2 on bad input
// (every variant is loaded and validated before anything runs, and nothing is written) or when
// a file cannot be written.
#include <chrono>
#include <iostream>

#include "nlohmann/json.hpp"
#include "sim/ablation.h"
#include "sim/report/ablation_render.h"
#include "sim/report/ablation_report.h"
#include "sim/report/atomic_file.h"
#include "sim/report/report_files.h"
#include "tools/dynamo-sim/args.h"
#include "tools/dynamo-sim/commands.h"

namespace sim::cli {
namespace {

int Fail(const std::string& message) {
  std::cerr << "dynamo-sim ablate: " << message << "\n";
  return kExitBadInput;
}

// Writes every variant's report files, then ablation.{json,md,html}, into `dir`.
absl::Status WriteAblation(const std::string& dir,
                           const std::vector<report::AblationEntry>& entries,
                           const nlohmann::json& ablation, const std::string& markdown) {
  for (const report::AblationEntry& entry : entries) {
    if (absl::Status written = report::WriteReportFiles(dir + "/" + entry.id, entry.report, true);
        !written.ok()) {
      return written;
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
  const absl::StatusOr<ParsedArgs> parsed =
      ParseArgs(args, {{.name = "set", .takes_value = true, .repeatable = true},
                       {.name = "seed", .takes_value = true},
                       {.name = "out", .takes_value = true},
                       {.name = "no-wall-time"},
                       {.name = "quiet"}});
  if (!parsed.ok()) return UsageError("ablate", std::string(parsed.status().message()));
  if (parsed->help) return SubcommandHelp("ablate");
  if (parsed->positional.size() != 1) return UsageError("ablate", "needs exactly one SCENARIO");
  const absl::StatusOr<std::optional<uint64_t>> parsed_seed = ParseSeedFlag(*parsed);
  if (!parsed_seed.ok()) return UsageError("ablate", std::string(parsed_seed.status().message()));
  const std::optional<uint64_t> seed = *parsed_seed;
  const absl::StatusOr<std::vector<AblationPlan>> plans =
      LoadAblation(parsed->positional.front(), parsed->Values("set"));
  if (!plans.ok()) {
    std::cerr << plans.status().message() << "\n";
    return kExitBadInput;
  }
  const uint64_t run_seed = seed.value_or(plans->front().scenario.seed);
  const bool wall_time = !parsed->Has("no-wall-time");
  std::vector<report::AblationEntry> entries;
  for (const AblationPlan& plan : *plans) {
    if (!parsed->Has("quiet")) {
      std::cerr << "ablate: " << plan.variant.label << " (" << entries.size() + 1 << "/"
                << plans->size() << ")\n";
    }
    const auto start = std::chrono::steady_clock::now();
    absl::StatusOr<nlohmann::json> report = RunAblationVariant(plan.scenario, run_seed, {});
    if (!report.ok()) {
      return Fail(plan.variant.label + ": " + std::string(report.status().message()));
    }
    if (wall_time) {
      (*report)["wall_time_s"] =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    entries.push_back(report::AblationEntry{plan.variant.id, plan.variant.label,
                                            plan.variant.overrides, plan.same_as_full,
                                            std::move(*report)});
  }
  const nlohmann::json ablation =
      report::AblationJson(plans->front().scenario.name, run_seed, entries);
  const std::string markdown = report::RenderAblationMarkdown(ablation);
  if (parsed->Has("out")) {
    const std::string dir = parsed->Values("out").front();
    if (absl::Status written = WriteAblation(dir, entries, ablation, markdown); !written.ok()) {
      return Fail("cannot write the ablation in " + dir + ": " + std::string(written.message()));
    }
  }
  std::cout << markdown;
  return kExitOk;
}

}  // namespace sim::cli
