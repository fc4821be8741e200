#include "tools/dynamo-sim/reproduce.h"

#include <fmt/format.h>

namespace sim::cli {
namespace {

bool NeedsNoQuoting(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '/' || c == '.' || c == '_' || c == '-' || c == '+' || c == ':' || c == ',' ||
         c == '=' || c == '@' || c == '%';
}

std::string SingleQuoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

}  // namespace

std::string ShellQuoteIfNeeded(const std::string& text) {
  if (text.empty()) return "''";
  for (char c : text) {
    if (!NeedsNoQuoting(c)) return SingleQuoted(text);
  }
  return text;
}

std::string ReproduceCommand(const std::string& scenario_path, uint64_t seed,
                             const std::vector<std::string>& overrides) {
  std::string command =
      fmt::format("tools/sim run {} --seed {}", ShellQuoteIfNeeded(scenario_path), seed);
  // Always quoted, as `run` prints them: a VALUE is JSON and often holds shell characters.
  for (const std::string& set : overrides) command += " --set " + SingleQuoted(set);
  return command;
}

}  // namespace sim::cli
