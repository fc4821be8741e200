// dynamo-sim validate SCENARIO... [--memory-budget SIZE]: checks each file (a run that would need
// more memory than the budget is invalid too); "FILE: ok" on stdout per valid file, the
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
  const absl::StatusOr<uint64_t> budget = ParseMemoryBudgetFlag(*parsed);
  if (!budget.ok()) return UsageError("validate", std::string(budget.status().message()));
  int status = kExitOk;
  for (const std::string& path : parsed->positional) {
    const absl::StatusOr<scenario::Scenario> loaded = scenario::LoadScenarioFile(path, {}, *budget);
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
