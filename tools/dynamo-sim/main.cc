// dynamo-sim: the command-line interface. Dispatches to one subcommand per file; adding a
// subcommand means one new file and one entry in Subcommands() (subcommands.cc).
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
  if (name == "--help" || name == "-h") {
    PrintUsage(std::cout);
    return kExitOk;
  }
  if (name == "help") return HelpCommand(std::vector<std::string>(args.begin() + 1, args.end()));
  if (name == "--version" || name == "version") {
    PrintVersion(std::cout);
    return kExitOk;
  }
  const Subcommand* subcommand = FindSubcommand(name);
  if (subcommand == nullptr) return UnknownSubcommand(name);
  return subcommand->run(std::vector<std::string>(args.begin() + 1, args.end()));
}

}  // namespace

}  // namespace sim::cli

int main(int argc, char** argv) {
  try {
    return sim::cli::Main(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::exception& error) {
    std::cerr << "dynamo-sim: internal error: " << error.what() << "\n";
    return sim::cli::kExitBadInput;
  }
}
