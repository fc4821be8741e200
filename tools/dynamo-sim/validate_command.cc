// dynamo-sim validate SCENARIO...: checks each file; "FILE: ok" on stdout per valid file, the
// error on stderr per invalid one. Exit 0 when all are valid, 2 otherwise.
#include <iostream>

#include "sim/scenario/scenario_loader.h"
#include "tools/dynamo-sim/args.h"
#include "tools/dynamo-sim/commands.h"

namespace sim::cli {

int ValidateCommand(const std::vector<std::string>& args) {
  const absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, FlagsOf("validate"));
  if (!parsed.ok()) return UsageError("validate", std::string(parsed.status().message()));
  if (parsed->help) return SubcommandHelp("validate");
  if (parsed->positional.empty()) return UsageError("validate", "needs at least one SCENARIO");
  int status = kExitOk;
  for (const std::string& path : parsed->positional) {
    const absl::StatusOr<scenario::Scenario> loaded = scenario::LoadScenarioFile(path, {});
    if (loaded.ok()) {
      std::cout << path << ": ok\n";
    } else {
      std::cerr << loaded.status().message() << "\n";
      status = kExitBadInput;
    }
  }
  return status;
}

}  // namespace sim::cli
