// dynamo-sim explain SCENARIO [--set PATH=VALUE]...: prints the fully resolved scenario as JSON
// (2-space indent), every default filled in. Exit 0, or 2 with the error on stderr.
#include <iostream>

#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/scenario_to_json.h"
#include "tools/dynamo-sim/args.h"
#include "tools/dynamo-sim/commands.h"

namespace sim::cli {

int ExplainCommand(const std::vector<std::string>& args) {
  const absl::StatusOr<ParsedArgs> parsed = ParseArgs(args, FlagsOf("explain"));
  if (!parsed.ok()) return UsageError("explain", std::string(parsed.status().message()));
  if (parsed->help) return SubcommandHelp("explain");
  if (parsed->positional.size() != 1) {
    return UsageError("explain", "needs exactly one SCENARIO");
  }
  const absl::StatusOr<scenario::Scenario> loaded =
      scenario::LoadScenarioFile(parsed->positional.front(), parsed->Values("set"));
  if (!loaded.ok()) {
    std::cerr << loaded.status().message() << "\n";
    return kExitBadInput;
  }
  std::cout << scenario::ScenarioToJson(*loaded).dump(
                   2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
            << "\n";
  return kExitOk;
}

}  // namespace sim::cli
