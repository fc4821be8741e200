// dynamo-sim: the command-line interface. Dispatches to one subcommand per file; adding `run`,
// `sweep`, `shrink`, `ablate` or `report` means one new file and one line in Subcommands().
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "sim/build_info.h"
#include "sim/scenario/concat.h"
#include "sim/scenario/did_you_mean.h"
#include "tools/dynamo-sim/commands.h"

namespace sim::cli {
namespace {

const Subcommand* FindSubcommand(std::string_view name) {
  for (const Subcommand& subcommand : Subcommands()) {
    if (subcommand.name == name) return &subcommand;
  }
  return nullptr;
}

void PrintUsage(std::ostream& out) {
  out << "usage: dynamo-sim <command> [arguments]\n\ncommands:\n";
  for (const Subcommand& subcommand : Subcommands()) {
    const std::string line = scenario::Concat(subcommand.name, " ", subcommand.synopsis);
    out << "  " << line << std::string(line.size() < 44 ? 44 - line.size() : 1, ' ')
        << subcommand.summary << "\n";
  }
  const std::string version_line = "--version (or version)";
  out << "  " << version_line << std::string(44 - version_line.size(), ' ')
      << "print the release and the git commit it was built from\n";
  out << "\nexit status: 0 ok, 1 a check failed, 2 bad input or usage\n"
         "'dynamo-sim <command> --help' shows a command's usage\n";
}

// "dynamo-sim 0.1.0 (commit 0123456789ab)": the release from CMake's project version, the commit
// from the build (sim/build_info.h); report.json's `tool` object holds the same two.
void PrintVersion(std::ostream& out) {
  out << kToolName << " " << ToolVersion() << " (commit " << ToolCommit() << ")\n";
}

int UnknownSubcommand(std::string_view name) {
  std::vector<std::string_view> names;
  for (const Subcommand& subcommand : Subcommands()) names.push_back(subcommand.name);
  std::cerr << "dynamo-sim: unknown command \"" << name << "\""
            << scenario::DidYouMeanSuffix(name, names) << "\n\n";
  PrintUsage(std::cerr);
  return kExitBadInput;
}

int Main(const std::vector<std::string>& args) {
  if (args.empty()) {
    PrintUsage(std::cerr);
    return kExitBadInput;
  }
  const std::string& name = args.front();
  if (name == "--help" || name == "-h" || name == "help") {
    PrintUsage(std::cout);
    return kExitOk;
  }
  if (name == "--version" || name == "version") {
    PrintVersion(std::cout);
    return kExitOk;
  }
  const Subcommand* subcommand = FindSubcommand(name);
  if (subcommand == nullptr) return UnknownSubcommand(name);
  return subcommand->run(std::vector<std::string>(args.begin() + 1, args.end()));
}

}  // namespace

const std::vector<Subcommand>& Subcommands() {
  static const auto* const subcommands = new std::vector<Subcommand>{
      {"run",
       "SCENARIO [--seed N] [--set PATH=VALUE]... [--out DIR] [--trace FILE.jsonl] "
       "[--perfetto FILE.json] [--history FILE.edn] [--trace-key KEY]... [--trace-from D] "
       "[--trace-until D] [--bucket DURATION] [--max-events N] [--memory-budget SIZE] "
       "[--no-wall-time] [--quiet]",
       "run one scenario; prints the summary, the checks and the digest", &RunCommand},
      {"validate", "SCENARIO... [--memory-budget SIZE]", "check scenario files; prints \"FILE: ok\" for each",
       &ValidateCommand},
      {"explain", "SCENARIO [--set PATH=VALUE]...",
       "print the fully resolved scenario (defaults filled in) as JSON", &ExplainCommand},
      {"report", "DIR... [--out DIR]",
       "re-render report.md/.html from DIR/report.json; with several DIRs, compare them (a DIR "
       "without report.json: its subdirectories' runs are seeds, shown as mean +- 95% interval)",
       &ReportCommand},
      {"sweep",
       "SCENARIO --seeds A..B [--jobs J] [--shard I/N] [--out FILE.jsonl [--resume]] "
       "[--max-events N] [--memory-budget SIZE] [--set PATH=VALUE]...",
       "run many seeds; one JSON line per seed, failing seeds and aggregates", &SweepCommand},
      {"merge", "FILE.jsonl... [--out MERGED.jsonl]",
       "combine sweep shard files; the same summary as sweep", &MergeCommand},
      {"shrink",
       "SCENARIO --seed N [--check NAME] [--out FILE] [--max-runs M] [--max-events N] "
       "[--memory-budget SIZE] [--set PATH=VALUE]...",
       "smallest scenario that still fails the same check with that seed", &ShrinkCommand},
      {"ablate",
       "SCENARIO [--seed N | --seeds A..B] [--set PATH=VALUE]... [--out DIR] [--max-events N] "
       "[--no-wall-time] [--quiet]",
       "the scenario with each repair mechanism off in turn, side by side (--seeds: mean +- 95% "
       "interval)", &AblateCommand},
  };
  return *subcommands;
}

int UsageError(std::string_view name, std::string_view message) {
  const Subcommand* subcommand = FindSubcommand(name);
  std::cerr << "dynamo-sim " << name << ": " << message << "\n";
  if (subcommand != nullptr) {
    std::cerr << "usage: dynamo-sim " << name << " " << subcommand->synopsis << "\n";
  }
  return kExitBadInput;
}

int SubcommandHelp(std::string_view name) {
  const Subcommand* subcommand = FindSubcommand(name);
  if (subcommand == nullptr) return kExitBadInput;
  std::cout << "usage: dynamo-sim " << name << " " << subcommand->synopsis << "\n  "
            << subcommand->summary << "\n";
  return kExitOk;
}

}  // namespace sim::cli

int main(int argc, char** argv) {
  try {
    return sim::cli::Main(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& error) {
    std::cerr << "dynamo-sim: internal error: " << error.what() << "\n";
    return sim::cli::kExitBadInput;
  }
}
