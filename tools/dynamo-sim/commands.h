// The subcommands of dynamo-sim, one file each (validate_command.cc, explain_command.cc, ...).
// A subcommand receives the arguments after its name and returns the process exit status.
// It writes results to stdout and messages to stderr, and nothing to stdout on an error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sim::cli {

// Exit statuses of the contract (scenario-format.md, CLI).
inline constexpr int kExitOk = 0;           // ran, and every check passed
inline constexpr int kExitCheckFailed = 1;  // ran, and a check failed
inline constexpr int kExitBadInput = 2;     // bad input or usage

struct Subcommand {
  std::string_view name;
  std::string_view synopsis;  // arguments, as in the usage line
  std::string_view summary;   // one line
  int (*run)(const std::vector<std::string>& args);
};

// Every subcommand, in the order usage lists them.
const std::vector<Subcommand>& Subcommands();

// Prints "dynamo-sim <name>: <message>" and the subcommand's usage line to stderr; returns
// kExitBadInput.
int UsageError(std::string_view name, std::string_view message);
// Prints the subcommand's usage line to stdout; returns kExitOk.
int SubcommandHelp(std::string_view name);

int ValidateCommand(const std::vector<std::string>& args);
int ExplainCommand(const std::vector<std::string>& args);
int RunCommand(const std::vector<std::string>& args);
int ReportCommand(const std::vector<std::string>& args);
int SweepCommand(const std::vector<std::string>& args);
int MergeCommand(const std::vector<std::string>& args);
int ShrinkCommand(const std::vector<std::string>& args);
int AblateCommand(const std::vector<std::string>& args);

}  // namespace sim::cli
