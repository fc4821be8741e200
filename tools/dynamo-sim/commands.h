// The subcommands of dynamo-sim, one file each (validate_command.cc, explain_command.cc, ...).
// A subcommand receives the arguments after its name and returns the process exit status.
// It writes results to stdout and messages to stderr, and nothing to stdout on an error.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "tools/dynamo-sim/args.h"

namespace sim::cli {

// Exit statuses of the contract (scenario-format.md, CLI).
inline constexpr int kExitOk = 0;           // ran, and every check passed
inline constexpr int kExitCheckFailed = 1;  // ran, and a check failed
inline constexpr int kExitBadInput = 2;     // bad input or usage

struct Subcommand {
  std::string_view name;
  std::string_view synopsis;    // arguments, as in the usage line
  std::string_view summary;     // one line
  std::string_view arguments;   // what the positional arguments are, and the exit statuses
  std::vector<FlagSpec> flags;  // every flag the command accepts: its ParseArgs takes these
  std::string_view example;     // a whole command line, after "dynamo-sim <name> "
  int (*run)(const std::vector<std::string>& args);
};

// Every subcommand, in the order usage lists them (subcommands.cc).
const std::vector<Subcommand>& Subcommands();
// The subcommand called `name`, or nullptr.
const Subcommand* FindSubcommand(std::string_view name);
// The flags of subcommand `name` (none for an unknown name), for its ParseArgs call.
const std::vector<FlagSpec>& FlagsOf(std::string_view name);
// What `dynamo-sim help NAME` and `NAME --help` print: usage, arguments, every flag with its
// meaning and an example, and an example command.
std::string HelpText(const Subcommand& subcommand);
// The list of commands (`dynamo-sim help`, and on stderr after a usage error).
void PrintUsage(std::ostream& out);
// `dynamo-sim help [COMMAND]`.
int HelpCommand(const std::vector<std::string>& args);

// Prints "dynamo-sim <name>: <message>" and the subcommand's usage line to stderr; returns
// kExitBadInput.
int UsageError(std::string_view name, std::string_view message);
// Prints HelpText of the subcommand to stdout; returns kExitOk.
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
