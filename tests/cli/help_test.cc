// `dynamo-sim help [COMMAND]` and `COMMAND --help`: every flag a subcommand's parser accepts
// (its FlagsOf table, the very list its ParseArgs call takes) is in its help text with a line of
// meaning and an example that uses it, and in its usage line.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scenario/scenario_test_util.h"
#include "tools/dynamo-sim/args.h"
#include "tools/dynamo-sim/commands.h"

namespace sim::cli {
namespace {

using ::sim::scenario::test_util::CliResult;
using ::sim::scenario::test_util::RunCli;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text) {
    if (c == ' ') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

// The arguments that make ParseArgs see `flag` once.
std::vector<std::string> ArgsWith(const FlagSpec& flag) {
  std::vector<std::string> args = {"--" + std::string(flag.name)};
  if (flag.takes_value) args.push_back("x");
  return args;
}

TEST(HelpTest, EveryFlagTheParserAcceptsIsExplainedWithAnExample) {
  ASSERT_GE(Subcommands().size(), 8u);
  for (const Subcommand& subcommand : Subcommands()) {
    SCOPED_TRACE(std::string(subcommand.name));
    const std::vector<FlagSpec>& flags = FlagsOf(subcommand.name);
    EXPECT_EQ(&flags, &subcommand.flags);
    const std::string help = HelpText(subcommand);
    const std::string command = "dynamo-sim " + std::string(subcommand.name) + " ";
    EXPECT_THAT(help, StartsWith("usage: " + command + std::string(subcommand.synopsis) + "\n"));
    for (const FlagSpec& flag : flags) {
      const std::string dashed = "--" + std::string(flag.name);
      SCOPED_TRACE(dashed);
      // The parser accepts it (and help does not document a flag the parser would refuse).
      EXPECT_TRUE(ParseArgs(ArgsWith(flag), flags).ok());
      EXPECT_FALSE(flag.meaning.empty());
      EXPECT_EQ(flag.takes_value, !flag.value_name.empty());
      const std::string usage = dashed + (flag.takes_value ? " " + std::string(flag.value_name) : "");
      EXPECT_THAT(help, HasSubstr("  " + usage));
      EXPECT_THAT(help, HasSubstr("      " + std::string(flag.meaning) + "\n"));
      EXPECT_THAT(std::string(flag.example), HasSubstr(dashed));
      EXPECT_THAT(help, HasSubstr("      e.g. " + command + std::string(flag.example) + "\n"));
      EXPECT_THAT(std::string(subcommand.synopsis), HasSubstr(dashed));
      EXPECT_TRUE(ParseArgs(Words(flag.example), flags).ok()) << flag.example;
    }
    EXPECT_TRUE(ParseArgs(Words(subcommand.example), flags).ok()) << subcommand.example;
    EXPECT_THAT(help, HasSubstr("-h, --help"));
    EXPECT_TRUE(ParseArgs({"--help"}, flags)->help);
    EXPECT_FALSE(ParseArgs({"--no-such-flag"}, flags).ok());
  }
}

TEST(HelpTest, HelpCommandAndDashDashHelpPrintTheSameText) {
  for (const Subcommand& subcommand : Subcommands()) {
    const std::string name(subcommand.name);
    const CliResult help = RunCli({"help", name});
    EXPECT_EQ(help.exit_code, 0) << name;
    EXPECT_EQ(help.out, HelpText(subcommand));
    const CliResult dashed = RunCli({name, "--help"});
    EXPECT_EQ(dashed.exit_code, 0) << name;
    EXPECT_EQ(dashed.out, help.out);
  }
}

TEST(HelpTest, HelpWithoutACommandListsEveryCommand) {
  const CliResult help = RunCli({"help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const Subcommand& subcommand : Subcommands()) {
    EXPECT_THAT(help.out, HasSubstr("  " + std::string(subcommand.name) + " "));
  }
  EXPECT_THAT(help.out, HasSubstr("dynamo-sim help COMMAND"));
}

TEST(HelpTest, HelpOfAnUnknownCommandExits2WithASuggestion) {
  const CliResult help = RunCli({"help", "sweeep"});
  EXPECT_EQ(help.exit_code, 2);
  EXPECT_THAT(help.err, HasSubstr("unknown command \"sweeep\"; did you mean \"sweep\"?"));
  EXPECT_EQ(help.out, "");
}

}  // namespace
}  // namespace sim::cli
