#include "tools/dynamo-sim/args.h"

#include "absl/strings/numbers.h"

#include "sim/scenario/concat.h"
#include "sim/scenario/did_you_mean.h"
#include "sim/scenario/memory_estimate.h"

namespace sim::cli {
namespace {

const FlagSpec* FindSpec(const std::vector<FlagSpec>& specs, std::string_view name) {
  for (const FlagSpec& spec : specs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

absl::Status UnknownFlag(const std::vector<FlagSpec>& specs, std::string_view name) {
  std::vector<std::string_view> names;
  for (const FlagSpec& spec : specs) names.push_back(spec.name);
  std::string hint;
  if (const auto match = scenario::ClosestMatch(name, names)) {
    hint = scenario::Concat("; did you mean --", *match, "?");
  }
  return absl::InvalidArgumentError(scenario::Concat("unknown flag --", name, hint));
}

// Handles the flag at args[*index] (which starts with "--"), advancing *index past its value.
absl::Status ParseFlag(const std::vector<std::string>& args, size_t* index,
                       const std::vector<FlagSpec>& specs, ParsedArgs& parsed) {
  std::string_view text = std::string_view(args[*index]).substr(2);
  std::string_view name = text.substr(0, text.find('='));
  const bool inline_value = name.size() < text.size();
  const FlagSpec* spec = FindSpec(specs, name);
  if (spec == nullptr) return UnknownFlag(specs, name);
  std::string value;
  if (spec->takes_value && inline_value) {
    value = std::string(text.substr(name.size() + 1));
  } else if (spec->takes_value) {
    if (*index + 1 >= args.size()) {
      return absl::InvalidArgumentError(scenario::Concat("--", name, " needs a value"));
    }
    value = args[++*index];
  } else if (inline_value) {
    return absl::InvalidArgumentError(scenario::Concat("--", name, " takes no value"));
  }
  std::vector<std::string>& values = parsed.flags[std::string(name)];
  if (!values.empty() && !spec->repeatable) {
    return absl::InvalidArgumentError(scenario::Concat("--", name, " may be given only once"));
  }
  values.push_back(std::move(value));
  return absl::OkStatus();
}

}  // namespace

std::vector<std::string> ParsedArgs::Values(std::string_view name) const {
  const auto it = flags.find(std::string(name));
  return it == flags.end() ? std::vector<std::string>{} : it->second;
}

absl::StatusOr<ParsedArgs> ParseArgs(const std::vector<std::string>& args,
                                     const std::vector<FlagSpec>& specs) {
  ParsedArgs parsed;
  bool flags_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (flags_done || arg == "-" || !arg.starts_with("-")) {
      parsed.positional.push_back(arg);
    } else if (arg == "--") {
      flags_done = true;
    } else if (arg == "-h" || arg == "--help") {
      parsed.help = true;
    } else if (!arg.starts_with("--")) {
      return absl::InvalidArgumentError(scenario::Concat("unknown flag ", arg));
    } else if (absl::Status status = ParseFlag(args, &i, specs, parsed); !status.ok()) {
      return status;
    }
  }
  return parsed;
}

absl::StatusOr<std::optional<uint64_t>> ParseSeedFlag(const ParsedArgs& parsed) {
  if (!parsed.Has("seed")) return std::nullopt;
  uint64_t seed = 0;
  if (!absl::SimpleAtoi(parsed.Values("seed").front(), &seed)) {
    return absl::InvalidArgumentError("--seed needs an unsigned 64-bit integer");
  }
  return seed;
}

absl::StatusOr<uint64_t> ParseMemoryBudgetFlag(const ParsedArgs& parsed) {
  if (!parsed.Has("memory-budget")) return scenario::kDefaultMemoryBudgetBytes;
  absl::StatusOr<uint64_t> budget = scenario::ParseByteSize(parsed.Values("memory-budget").front());
  if (!budget.ok()) {
    return absl::InvalidArgumentError(
        scenario::Concat("--memory-budget: ", std::string(budget.status().message())));
  }
  return budget;
}

absl::Status ParseRunBounds(const ParsedArgs& parsed, uint64_t* max_events,
                            uint64_t* memory_budget) {
  absl::StatusOr<uint64_t> events = ParseMaxEventsFlag(parsed);
  if (!events.ok()) return events.status();
  absl::StatusOr<uint64_t> budget = ParseMemoryBudgetFlag(parsed);
  if (!budget.ok()) return budget.status();
  *max_events = *events;
  *memory_budget = *budget;
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> ParseMaxEventsFlag(const ParsedArgs& parsed) {
  if (!parsed.Has("max-events")) return 0;
  uint64_t max_events = 0;
  if (!absl::SimpleAtoi(parsed.Values("max-events").front(), &max_events) || max_events == 0) {
    return absl::InvalidArgumentError("--max-events needs a positive integer");
  }
  return max_events;
}

}  // namespace sim::cli
