// The table of subcommands: each one's usage line, arguments, every flag it accepts (the very
// list its ParseArgs call takes, via FlagsOf) with a line of meaning and an example, and the
// help texts printed from it. Adding a flag means one entry here, so help cannot miss it.
#include <iostream>
#include <sstream>

#include "sim/scenario/did_you_mean.h"
#include "tools/dynamo-sim/commands.h"

namespace sim::cli {
namespace {

// --set, with an example valid for the command (`example`: the arguments after its name).
FlagSpec SetFlag(std::string_view example) {
  return {.name = "set",
          .takes_value = true,
          .repeatable = true,
          .value_name = "PATH=VALUE",
          .meaning = "override one scenario key before validation (docs/scenario-format.md, "
                     "\"Overrides\")",
          .example = example};
}

// --max-events and --memory-budget (scenario-derived and 4 GiB defaults; docs/scenario-format.md,
// "Limits"), with an example valid for the command.
FlagSpec MaxEventsFlag(std::string_view example) {
  return {.name = "max-events",
          .takes_value = true,
          .value_name = "N",
          .meaning = "stop a run with an error (exit 2) after N simulation events (default: "
                     "derived from the scenario, docs/scenario-format.md \"Limits\")",
          .example = example};
}

FlagSpec MemoryBudgetFlag(std::string_view example) {
  return {.name = "memory-budget",
          .takes_value = true,
          .value_name = "SIZE",
          .meaning = "refuse a scenario whose estimated memory exceeds SIZE (e.g. 512MiB, 8GiB; "
                     "default 4GiB)",
          .example = example};
}

FlagSpec NoWallTimeFlag() {
  return {.name = "no-wall-time",
          .meaning = "leave wall_time_s and peak_rss_bytes 0 in report.json (not measured), so the "
                     "report files are the same on every run",
          .example = "scenarios/quickstart.json --out out/q --no-wall-time"};
}

std::vector<FlagSpec> RunFlags() {
  return {
      SetFlag("scenarios/quickstart.json --set duration=10s --set cluster.replication.r=1"),
      {.name = "seed",
       .takes_value = true,
       .value_name = "N",
       .meaning = "the seed (default: the scenario's \"seed\"); same scenario and seed, same digest",
       .example = "scenarios/quickstart.json --seed 7"},
      {.name = "out",
       .takes_value = true,
       .value_name = "DIR",
       .meaning = "write DIR/report.json, DIR/report.md and DIR/report.html",
       .example = "scenarios/quickstart.json --out out/quickstart"},
      MaxEventsFlag("scenarios/quickstart.json --max-events 50000000"),
      MemoryBudgetFlag("scenarios/quickstart.json --memory-budget 8GiB"),
      {.name = "bucket",
       .takes_value = true,
       .value_name = "DURATION",
       .meaning = "timeline bucket size of the report's availability timeline and of "
                  "max_recovery (at least 1ms; default: chosen from the run's length)",
       .example = "scenarios/partition-heal.json --bucket 500ms --out out/ph"},
      NoWallTimeFlag(),
      {.name = "quiet",
       .meaning = "print only the digest and the reproduce command (and failed checks on "
                  "stderr); no progress on stderr",
       .example = "scenarios/quickstart.json --quiet"},
      {.name = "trace",
       .takes_value = true,
       .value_name = "FILE.jsonl",
       .meaning = "write the event trace, one JSON object per line (docs/trace-export.md)",
       .example = "scenarios/quickstart.json --set duration=5s --trace trace.jsonl"},
      {.name = "perfetto",
       .takes_value = true,
       .value_name = "FILE.json",
       .meaning = "write a Chrome trace-event file for ui.perfetto.dev (large: filter with "
                  "--trace-key, --trace-from, --trace-until)",
       .example = "scenarios/quickstart.json --perfetto run.json --trace-from 10s "
                  "--trace-until 12s"},
      {.name = "history",
       .takes_value = true,
       .value_name = "FILE.edn",
       .meaning = "write the client history (with :nemesis ops) for Jepsen's checkers",
       .example = "scenarios/quickstart.json --history history.edn"},
      {.name = "trace-key",
       .takes_value = true,
       .repeatable = true,
       .value_name = "KEY",
       .meaning = "--trace and --perfetto keep only events about this workload key (12 or k12; "
                  "repeatable)",
       .example = "scenarios/quickstart.json --trace trace.jsonl --trace-key k12"},
      {.name = "trace-from",
       .takes_value = true,
       .value_name = "D",
       .meaning = "--trace and --perfetto keep only events at virtual time >= D",
       .example = "scenarios/quickstart.json --perfetto run.json --trace-from 10s"},
      {.name = "trace-until",
       .takes_value = true,
       .value_name = "D",
       .meaning = "--trace and --perfetto keep only events at virtual time < D",
       .example = "scenarios/quickstart.json --perfetto run.json --trace-until 2s"},
  };
}

std::vector<FlagSpec> ExplainFlags() {
  return {SetFlag("scenarios/quickstart.json --set cluster.replication.r=1")};
}

std::vector<FlagSpec> ReportFlags() {
  return {{.name = "out",
           .takes_value = true,
           .value_name = "DIR",
           .meaning = "write the re-rendered report, comparison.html or SWEEP.html into DIR "
                      "instead of next to the input",
           .example = "out/a out/b --out out/compare"}};
}

std::vector<FlagSpec> SweepFlags() {
  return {
      {.name = "seeds",
       .takes_value = true,
       .value_name = "A..B",
       .meaning = "the seeds to run, inclusive (required)",
       .example = "scenarios/quickstart.json --seeds 1..20 --set duration=5s"},
      {.name = "jobs",
       .takes_value = true,
       .value_name = "J",
       .meaning = "worker threads, each running whole seeds; output is the same for every J "
                  "(default 1)",
       .example = "scenarios/quickstart.json --seeds 1..20 --jobs 2"},
      {.name = "shard",
       .takes_value = true,
       .value_name = "I/N",
       .meaning = "run only shard I (0-based) of N of the seeds; `merge` combines the shards",
       .example = "scenarios/quickstart.json --seeds 1..100 --shard 0/4 --out shard-0.jsonl"},
      {.name = "out",
       .takes_value = true,
       .value_name = "FILE.jsonl",
       .meaning = "write the per-seed JSON lines to FILE and the summary to stdout (default: "
                  "lines on stdout, summary on stderr)",
       .example = "scenarios/quickstart.json --seeds 1..20 --out sweep.jsonl"},
      {.name = "resume",
       .meaning = "with --out: keep the seeds FILE already holds and run only the others",
       .example = "scenarios/quickstart.json --seeds 1..20 --out sweep.jsonl --resume"},
      MaxEventsFlag("scenarios/quickstart.json --seeds 1..20 --max-events 50000000"),
      MemoryBudgetFlag("scenarios/quickstart.json --seeds 1..20 --memory-budget 8GiB"),
      SetFlag("scenarios/quickstart.json --seeds 1..20 --set duration=10s"),
      {.name = "quiet",
       .meaning = "no progress on stderr (by default: a line redrawn on a terminal, else one "
                  "line every 10s)",
       .example = "scenarios/quickstart.json --seeds 1..20 --out sweep.jsonl --quiet"},
  };
}

std::vector<FlagSpec> MergeFlags() {
  return {{.name = "out",
           .takes_value = true,
           .value_name = "MERGED.jsonl",
           .meaning = "write the merged lines, sorted by seed, to MERGED.jsonl",
           .example = "shard-0.jsonl shard-1.jsonl --out merged.jsonl"}};
}

std::vector<FlagSpec> ShrinkFlags() {
  return {
      {.name = "seed",
       .takes_value = true,
       .value_name = "N",
       .meaning = "the failing seed to shrink with (required)",
       .example = "scenarios/lww-clock-skew.json --seed 31"},
      {.name = "check",
       .takes_value = true,
       .value_name = "NAME",
       .meaning = "the check that must keep failing (default: the first one that fails)",
       .example = "scenarios/lww-clock-skew.json --seed 31 --check no_lost_writes"},
      {.name = "out",
       .takes_value = true,
       .value_name = "FILE",
       .meaning = "write the shrunk scenario to FILE and the report to stdout (default: scenario "
                  "on stdout, report on stderr)",
       .example = "scenarios/lww-clock-skew.json --seed 31 --out small.json"},
      {.name = "max-runs",
       .takes_value = true,
       .value_name = "M",
       .meaning = "spend at most M simulation runs, the original and the final one included "
                  "(default 200)",
       .example = "scenarios/lww-clock-skew.json --seed 31 --max-runs 50"},
      MaxEventsFlag("scenarios/lww-clock-skew.json --seed 31 --max-events 50000000"),
      MemoryBudgetFlag("scenarios/lww-clock-skew.json --seed 31 --memory-budget 8GiB"),
      SetFlag("scenarios/lww-clock-skew.json --seed 31 --set quiesce=30s"),
  };
}

std::vector<FlagSpec> AblateFlags() {
  return {
      SetFlag("scenarios/partition-heal.json --set workload.clients=3"),
      {.name = "seed",
       .takes_value = true,
       .value_name = "N",
       .meaning = "the seed every variant runs with (default: the scenario's)",
       .example = "scenarios/partition-heal.json --seed 3"},
      {.name = "seeds",
       .takes_value = true,
       .value_name = "A..B",
       .meaning = "run every variant with every seed of A..B; values are mean +- 95% interval",
       .example = "scenarios/partition-heal.json --seeds 1..5 --set duration=20s"},
      {.name = "out",
       .takes_value = true,
       .value_name = "DIR",
       .meaning = "write DIR/ablation.{md,html,json} and each variant's reports under DIR/<id>/",
       .example = "scenarios/partition-heal.json --out out/ablation"},
      MaxEventsFlag("scenarios/partition-heal.json --max-events 50000000"),
      NoWallTimeFlag(),
      {.name = "quiet",
       .meaning = "no progress on stderr (by default: a line per run, and a long run's "
                  "progress)",
       .example = "scenarios/partition-heal.json --quiet"},
  };
}

std::string FlagUsage(const FlagSpec& flag) {
  std::string text = "--" + std::string(flag.name);
  if (flag.takes_value) text += " " + std::string(flag.value_name);
  return text;
}

}  // namespace

const std::vector<Subcommand>& Subcommands() {
  static const auto* const subcommands = new std::vector<Subcommand>{
      {.name = "run",
       .synopsis = "SCENARIO [--seed N] [--set PATH=VALUE]... [--out DIR] [--trace FILE.jsonl] "
                   "[--perfetto FILE.json] [--history FILE.edn] [--trace-key KEY]... "
                   "[--trace-from D] [--trace-until D] [--bucket DURATION] [--max-events N] "
                   "[--memory-budget SIZE] [--no-wall-time] [--quiet]",
       .summary = "run one scenario; prints the summary, the checks and the digest",
       .arguments = "SCENARIO: a scenario file (docs/scenario-format.md). Exit 0 when every "
                    "check passed, 1 when one failed, 2 on bad input.",
       .flags = RunFlags(),
       .example = "scenarios/quickstart.json --seed 7 --out out/quickstart",
       .run = &RunCommand},
      {.name = "validate",
       .synopsis = "SCENARIO... [--memory-budget SIZE]",
       .summary = "check scenario files; prints \"FILE: ok\" for each",
       .arguments = "SCENARIO...: scenario files. Exit 0 when all are valid, 2 otherwise (each "
                    "error on stderr).",
       .flags = {MemoryBudgetFlag("scenarios/quickstart.json --memory-budget 1GiB")},
       .example = "scenarios/*.json",
       .run = &ValidateCommand},
      {.name = "explain",
       .synopsis = "SCENARIO [--set PATH=VALUE]...",
       .summary = "print the fully resolved scenario (defaults filled in) as JSON",
       .arguments = "SCENARIO: a scenario file.",
       .flags = ExplainFlags(),
       .example = "scenarios/quickstart.json --set cluster.replication.r=1",
       .run = &ExplainCommand},
      {.name = "report",
       .synopsis = "DIR... | SWEEP.jsonl [--out DIR]",
       .summary = "re-render report.md/.html from DIR/report.json; with several DIRs, compare "
                  "them (a DIR without report.json: its subdirectories' runs are seeds, shown as "
                  "mean +- 95% interval); SWEEP.jsonl: one HTML page across a sweep's seeds",
       .arguments = "DIR...: directories written by `run --out` (or directories of such runs, "
                    "one per seed). SWEEP.jsonl: a file `sweep --out` (or `merge --out`) wrote; "
                    "the page (SWEEP.html) shows the distributions of availability, stale reads "
                    "and lost writes, and every failing seed with its reproduce command. Exit 0, "
                    "or 2 when an input is missing or unreadable.",
       .flags = ReportFlags(),
       .example = "out/quickstart",
       .run = &ReportCommand},
      {.name = "sweep",
       .synopsis = "SCENARIO --seeds A..B [--jobs J] [--shard I/N] [--out FILE.jsonl [--resume]] "
                   "[--max-events N] [--memory-budget SIZE] [--set PATH=VALUE]... [--quiet]",
       .summary = "run many seeds; one JSON line per seed, failing seeds and aggregates",
       .arguments = "SCENARIO: a scenario file. Exit 0 when every seed passed, 1 when one "
                    "failed, 2 on bad input.",
       .flags = SweepFlags(),
       .example = "scenarios/quickstart.json --seeds 1..20 --jobs 2 --out sweep.jsonl",
       .run = &SweepCommand},
      {.name = "merge",
       .synopsis = "FILE.jsonl... [--out MERGED.jsonl]",
       .summary = "combine sweep shard files; the same summary as sweep",
       .arguments = "FILE.jsonl...: files written by `sweep --out` (shards of one sweep). Exit 0 "
                    "when every seed passed, 1 when one failed, 2 on bad input.",
       .flags = MergeFlags(),
       .example = "shard-0.jsonl shard-1.jsonl --out merged.jsonl",
       .run = &MergeCommand},
      {.name = "shrink",
       .synopsis = "SCENARIO --seed N [--check NAME] [--out FILE] [--max-runs M] "
                   "[--max-events N] [--memory-budget SIZE] [--set PATH=VALUE]...",
       .summary = "smallest scenario that still fails the same check with that seed",
       .arguments = "SCENARIO: a scenario file that fails a check with seed N. Exit 1 with a "
                    "shrunk failing scenario, 0 when nothing fails, 2 on bad input.",
       .flags = ShrinkFlags(),
       .example = "scenarios/lww-clock-skew.json --seed 31 --out small.json",
       .run = &ShrinkCommand},
      {.name = "ablate",
       .synopsis = "SCENARIO [--seed N | --seeds A..B] [--set PATH=VALUE]... [--out DIR] "
                   "[--max-events N] [--no-wall-time] [--quiet]",
       .summary = "the scenario with each repair mechanism off in turn, side by side (--seeds: "
                  "mean +- 95% interval)",
       .arguments = "SCENARIO: a scenario file. Exit 0 when every variant ran (a measurement, "
                    "not a check), 2 on bad input.",
       .flags = AblateFlags(),
       .example = "scenarios/partition-heal.json --seed 3 --out out/ablation",
       .run = &AblateCommand},
  };
  return *subcommands;
}

const Subcommand* FindSubcommand(std::string_view name) {
  for (const Subcommand& subcommand : Subcommands()) {
    if (subcommand.name == name) return &subcommand;
  }
  return nullptr;
}

const std::vector<FlagSpec>& FlagsOf(std::string_view name) {
  const Subcommand* subcommand = FindSubcommand(name);
  static const auto* const none = new std::vector<FlagSpec>;
  return subcommand == nullptr ? *none : subcommand->flags;
}

std::string HelpText(const Subcommand& subcommand) {
  const std::string command = "dynamo-sim " + std::string(subcommand.name);
  std::ostringstream out;
  out << "usage: " << command << " " << subcommand.synopsis << "\n  " << subcommand.summary
      << "\n\n"
      << subcommand.arguments << "\n\nflags:\n";
  for (const FlagSpec& flag : subcommand.flags) {
    out << "  " << FlagUsage(flag) << (flag.repeatable ? " (repeatable)" : "") << "\n      "
        << flag.meaning << "\n      e.g. " << command << " " << flag.example << "\n";
  }
  out << "  -h, --help\n      this help (also: dynamo-sim help " << subcommand.name << ")\n"
      << "\nexample:\n  " << command << " " << subcommand.example << "\n";
  return out.str();
}

void PrintUsage(std::ostream& out) {
  out << "usage: dynamo-sim <command> [arguments]\n\ncommands:\n";
  for (const Subcommand& subcommand : Subcommands()) {
    const std::string line = std::string(subcommand.name) + " " + std::string(subcommand.synopsis);
    out << "  " << line << std::string(line.size() < 44 ? 44 - line.size() : 1, ' ')
        << subcommand.summary << "\n";
  }
  const std::string version_line = "--version (or version)";
  out << "  " << version_line << std::string(44 - version_line.size(), ' ')
      << "print the release and the git commit it was built from\n";
  out << "\nexit status: 0 ok, 1 a check failed, 2 bad input or usage\n"
         "'dynamo-sim help COMMAND' (or 'dynamo-sim COMMAND --help') shows every flag of a "
         "command with its meaning and an example\n";
}

int HelpCommand(const std::vector<std::string>& args) {
  if (args.empty()) {
    PrintUsage(std::cout);
    return kExitOk;
  }
  if (args.size() > 1) {
    std::cerr << "dynamo-sim help: takes at most one COMMAND\n";
    return kExitBadInput;
  }
  const Subcommand* subcommand = FindSubcommand(args.front());
  if (subcommand == nullptr) {
    std::vector<std::string_view> names;
    for (const Subcommand& one : Subcommands()) names.push_back(one.name);
    std::cerr << "dynamo-sim help: unknown command \"" << args.front() << "\""
              << scenario::DidYouMeanSuffix(args.front(), names) << "\n";
    return kExitBadInput;
  }
  std::cout << HelpText(*subcommand);
  return kExitOk;
}

int UsageError(std::string_view name, std::string_view message) {
  const Subcommand* subcommand = FindSubcommand(name);
  std::cerr << "dynamo-sim " << name << ": " << message << "\n";
  if (subcommand != nullptr) {
    std::cerr << "usage: dynamo-sim " << name << " " << subcommand->synopsis << "\n"
              << "('dynamo-sim help " << name << "' explains every flag)\n";
  }
  return kExitBadInput;
}

int SubcommandHelp(std::string_view name) {
  const Subcommand* subcommand = FindSubcommand(name);
  if (subcommand == nullptr) return kExitBadInput;
  std::cout << HelpText(*subcommand);
  return kExitOk;
}

}  // namespace sim::cli
