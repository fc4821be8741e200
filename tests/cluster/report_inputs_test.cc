// `report` and `merge` validate their inputs like the loader does: a crafted report.json or sweep
// file gets exit 2 naming the file (and key or line), never a crash or an unbounded allocation.
#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cluster/sweep_test_util.h"

namespace sim::sweep_test {
namespace {

using ::testing::HasSubstr;

// A directory holding `text` as its report.json.
std::string ReportDir(const std::string& stem, const std::string& text) {
  const std::string dir = TempPath(stem);
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/report.json", std::ios::binary) << text;
  return dir;
}

TEST(ReportInputsTest, CraftedReportsExit2NamingTheProblem) {
  const std::string deep = ReportDir("deep", std::string(100000, '[') + std::string(100000, ']'));
  const std::string seed = ReportDir("seed", R"({"scenario": "x", "seed": "seven"})");
  const std::string name = ReportDir("name", R"({"scenario": 3})");
  const std::string huge = ReportDir("huge", "{\"pad\": \"" + std::string(65 << 20, 'x') + "\"}");
  const struct {
    std::string dir;
    std::string error;
  } cases[] = {
      {deep, deep + "/report.json: not a valid report: nested more than 64 levels deep"},
      {seed, seed + "/report.json: /seed: not a valid report (expected an unsigned integer)"},
      {name, name + "/report.json: /scenario: not a valid report (expected a string)"},
      {huge, huge + "/report.json: not a valid report: 68157451 bytes (a report.json is at most "
                    "64 MiB)"},
  };
  for (const auto& bad : cases) {
    const CliResult result = RunCli({"report", bad.dir});
    EXPECT_EQ(result.exit_code, 2) << bad.dir;
    EXPECT_THAT(result.err, HasSubstr(bad.error));
    EXPECT_FALSE(std::filesystem::exists(bad.dir + "/report.md"));
    std::filesystem::remove_all(bad.dir);
  }
}

TEST(ReportInputsTest, MergeRefusesAnOverlongOrDeepLine) {
  const std::string long_line = TempPath("long") + ".jsonl";
  std::ofstream(long_line, std::ios::binary) << std::string(2 << 20, 'x') << "\n";
  const CliResult too_long = RunCli({"merge", long_line});
  EXPECT_EQ(too_long.exit_code, 2);
  EXPECT_THAT(too_long.err, HasSubstr(long_line + ":1: 2097152 bytes long: not a sweep line (at "
                                                  "most 1024 KiB)"));
  const std::string deep = TempPath("deep") + ".jsonl";
  std::ofstream(deep, std::ios::binary) << std::string(1000, '[') << "\n";
  const CliResult too_deep = RunCli({"merge", deep});
  EXPECT_EQ(too_deep.exit_code, 2);
  EXPECT_THAT(too_deep.err, HasSubstr(deep + ":1: nested more than 64 levels deep"));
  std::filesystem::remove(long_line);
  std::filesystem::remove(deep);
}

}  // namespace
}  // namespace sim::sweep_test
