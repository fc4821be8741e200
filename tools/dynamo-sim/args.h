// A small command-line parser for the subcommands: positional arguments and --flags, with
// "--flag value" and "--flag=value" forms, "--" ending the flags, and -h/--help always known.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/status/statusor.h"

namespace sim::cli {

struct FlagSpec {
  std::string_view name;  // without the dashes: "set"
  bool takes_value = false;
  bool repeatable = false;
  // For `help`: the value's placeholder ("PATH=VALUE"; empty for a switch), one line of meaning,
  // and an example: the arguments after the subcommand's name ("scenarios/quickstart.json
  // --seed 7").
  std::string_view value_name = {};
  std::string_view meaning = {};
  std::string_view example = {};
};

struct ParsedArgs {
  std::vector<std::string> positional;
  absl::btree_map<std::string, std::vector<std::string>> flags;  // name -> values ("" if none)
  bool help = false;

  // Every value given for `name`, in command-line order.
  std::vector<std::string> Values(std::string_view name) const;
  bool Has(std::string_view name) const { return flags.count(std::string(name)) > 0; }
};

// The value of --seed if given: nullopt when absent, InvalidArgument when it is not an unsigned
// 64-bit integer. Shared by every subcommand that takes one seed (run, shrink, ablate).
absl::StatusOr<std::optional<uint64_t>> ParseSeedFlag(const ParsedArgs& parsed);

// The value of --max-events (a positive integer), or 0 when absent: each run's event bound is
// then derived from the scenario (sim/run_bounds.h). Shared by run, sweep, shrink and ablate.
absl::StatusOr<uint64_t> ParseMaxEventsFlag(const ParsedArgs& parsed);

// The value of --memory-budget SIZE ("8GiB", "512MiB", bytes), or the loader's default budget
// when absent (sim/scenario/memory_estimate.h). Shared by run, sweep, shrink and validate.
absl::StatusOr<uint64_t> ParseMemoryBudgetFlag(const ParsedArgs& parsed);

// Both of the above, for the commands that take both (run, sweep, shrink).
absl::Status ParseRunBounds(const ParsedArgs& parsed, uint64_t* max_events,
                            uint64_t* memory_budget);

// Parses `args` against `specs`. InvalidArgument for an unknown flag (with a did-you-mean), a
// missing value, a value given to a switch, or a repeated non-repeatable flag.
absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                     const std::vector<FlagSpec>& specs);

}  // namespace sim::cli
