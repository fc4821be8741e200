// `run --perfetto` warns (on stderr, via TraceExports::warnings) when the file is larger than
// chrome://tracing loads comfortably, and names the filters that shrink it.
#include <filesystem>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/simulation.h"
#include "tests/scenario/scenario_test_util.h"
#include "tools/dynamo-sim/trace_exports.h"

namespace sim::cli {
namespace {

using ::sim::scenario::test_util::SourcePath;
using ::sim::scenario::test_util::TempPath;
using ::testing::HasSubstr;

// Runs a short quickstart with --perfetto into a fresh file; returns the exports' warnings.
std::vector<std::string> PerfettoWarnings(uint64_t warn_bytes, uint64_t* file_bytes) {
  const absl::StatusOr<scenario::Scenario> loaded = scenario::LoadScenarioFile(
      SourcePath("scenarios/quickstart.json"), {"duration=500ms", "quiesce=500ms"});
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  TraceExportOptions options;
  options.perfetto_path = TempPath("perfetto") + ".json";
  TraceExports exports(warn_bytes);
  EXPECT_TRUE(exports.Open(options, *loaded).ok());
  SimulationOptions simulation;
  simulation.trace_sink = exports.sink();
  const absl::StatusOr<RunResult> result = RunSimulation(*loaded, 1, simulation);
  EXPECT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(exports.Commit(*result).ok());
  *file_bytes = std::filesystem::file_size(options.perfetto_path);
  return exports.warnings();
}

TEST(PerfettoWarningTest, WarnsAboveTheLimitWithTheFilters) {
  uint64_t bytes = 0;
  const std::vector<std::string> warnings = PerfettoWarnings(/*warn_bytes=*/1000, &bytes);
  ASSERT_GT(bytes, 1000u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_THAT(warnings.front(), HasSubstr("chrome://tracing"));
  EXPECT_THAT(warnings.front(), HasSubstr("--trace-from D --trace-until D"));
  EXPECT_THAT(warnings.front(), HasSubstr("--trace-key KEY"));
}

TEST(PerfettoWarningTest, SilentAtOrBelowTheLimit) {
  uint64_t bytes = 0;
  EXPECT_TRUE(PerfettoWarnings(kPerfettoWarnBytes, &bytes).empty());
  ASSERT_LT(bytes, kPerfettoWarnBytes);
  uint64_t same = 0;
  EXPECT_TRUE(PerfettoWarnings(/*warn_bytes=*/bytes, &same).empty());
  EXPECT_EQ(same, bytes);  // deterministic: the same run writes the same file
}

}  // namespace
}  // namespace sim::cli
