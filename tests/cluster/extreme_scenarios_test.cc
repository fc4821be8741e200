// Scenarios at the edges of what the loader accepts, through the binary: each one that
// `validate` accepts must run to an answer (exit 0 or 1), never abort.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scenario/scenario_test_util.h"

namespace sim {
namespace {

using scenario::test_util::CliResult;
using scenario::test_util::RunCli;
using scenario::test_util::WriteTempFile;
using ::testing::HasSubstr;

// The issue's case: a Pareto latency with a tiny shape plus a latency fault overflowed the sum of
// the two delays, and the run aborted (exit 134) after `validate` said ok.
TEST(ExtremeScenariosTest, ParetoWithATinyShapePlusALatencyFaultRuns) {
  const std::string path = WriteTempFile("tiny_pareto", R"({
    "name": "tiny-pareto", "duration": "2s", "quiesce": "1s",
    "cluster": {"nodes": 3},
    "network": {"latency": {"distribution": "pareto", "scale": "1ms", "shape": 0.001}},
    "workload": {"clients": 2, "keys": 10},
    "faults": [{"at": "0s", "until": "2s", "type": "latency", "nodes": ["n1", "n2", "n3"],
                "extra": {"distribution": "pareto", "scale": "1ms", "shape": 0.001}}]
  })");
  const CliResult validate = RunCli({"validate", path});
  ASSERT_EQ(validate.exit_code, 0) << validate.err;
  const CliResult run = RunCli({"run", path});
  EXPECT_THAT(run.exit_code, ::testing::AnyOf(0, 1)) << run.err;
  EXPECT_THAT(run.out, HasSubstr("digest: "));
}

// Zero latency with zero think time: a client's op completes in the instant it began, and the
// next one begins there too, so virtual time never advances. The run used to spin with growing
// memory; now the stall detector stops it with exit 2 and names the keys that allow it.
TEST(ExtremeScenariosTest, ZeroLatencyWithZeroThinkTimeStopsAsAStall) {
  const std::string path = WriteTempFile("zero_latency", R"({
    "name": "zero-latency", "duration": "2s", "quiesce": "1s",
    "cluster": {"nodes": 3},
    "network": {"latency": {"distribution": "constant", "value": "0us"}},
    "workload": {"clients": 2, "keys": 100000}
  })");
  const CliResult run = RunCli({"run", path, "--quiet"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.err, HasSubstr("virtual time stopped advancing at t=0us: 105000 events in a row "
                                 "at that instant (network.latency can be 0us, "
                                 "workload.think_time is 0us)"));
  for (const char* command : {"sweep", "ablate"}) {
    const std::vector<std::string> args =
        std::string(command) == "sweep" ? std::vector<std::string>{"sweep", path, "--seeds", "1..1"}
                                        : std::vector<std::string>{"ablate", path, "--quiet"};
    const CliResult result = RunCli(args);
    EXPECT_EQ(result.exit_code, 2) << command;
    EXPECT_THAT(result.err, HasSubstr("virtual time stopped advancing")) << command;
  }
}

// Every command that runs simulations takes --max-events; without it the bound is derived from
// the scenario, and reaching it is exit 2 naming the flag.
TEST(ExtremeScenariosTest, EveryRunningCommandTakesMaxEvents) {
  const std::string quickstart = std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/quickstart.json";
  const std::vector<std::vector<std::string>> commands = {
      {"run", quickstart},
      {"sweep", quickstart, "--seeds", "1..1"},
      {"shrink", quickstart},
      {"ablate", quickstart, "--quiet"}};
  for (std::vector<std::string> args : commands) {
    args.insert(args.end(), {"--max-events", "1000"});
    const CliResult result = RunCli(args);
    EXPECT_EQ(result.exit_code, 2) << args[0] << ": " << result.err;
    EXPECT_THAT(result.err, HasSubstr("the run reached its event bound (1000 events, "
                                      "--max-events)"))
        << args[0];
  }
  const CliResult zero = RunCli({"run", quickstart, "--max-events", "0"});
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_THAT(zero.err, HasSubstr("--max-events needs a positive integer"));
}

}  // namespace
}  // namespace sim
