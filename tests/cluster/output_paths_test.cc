// Every output path is checked before the run starts: a bad one exits 2 at once, with nothing
// printed on stdout (no preamble: the simulation never began) and nothing written.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/cluster/sweep_test_util.h"

namespace sim::sweep_test {
namespace {

using ::testing::HasSubstr;

struct BadPathCase {
  std::vector<std::string> args;
  std::string error;
};

TEST(OutputPathsTest, BadPathsExit2BeforeTheRun) {
  const std::string dir = TempPath("outputs");
  std::filesystem::create_directories(dir);
  const std::string file = dir + "/plain_file";
  std::ofstream(file) << "x";
  const std::vector<BadPathCase> cases = {
      {{"run", kQuickstart, "--out", "/etc/passwd"},
       "--out '/etc/passwd': exists and is not a directory"},
      {{"run", kQuickstart, "--out", ""}, "--out needs a non-empty directory"},
      {{"run", kQuickstart, "--out", file + "/sub"}, file + " is not a directory"},
      {{"run", kQuickstart, "--trace", dir}, "--trace '" + dir + "': is a directory, not a file"},
      {{"run", kQuickstart, "--perfetto", "/nonexistent/p.json"},
       "--perfetto '/nonexistent/p.json': directory /nonexistent does not exist"},
      {{"run", kQuickstart, "--history", ""}, "--history needs a non-empty path"},
      {{"sweep", kQuickstart, "--seeds", "1..2", "--out", dir},
       "--out '" + dir + "': is a directory, not a file"},
      {{"shrink", kQuickstart, "--out", "/nonexistent/s.json"}, "directory /nonexistent"},
      {{"ablate", kQuickstart, "--out", "/etc/passwd"}, "exists and is not a directory"},
      {{"merge", file, "--out", "/nonexistent/m.jsonl"}, "directory /nonexistent"},
      {{"report", dir, "--out", file}, "exists and is not a directory"},
  };
  for (const BadPathCase& bad : cases) {
    const CliResult result = RunCli(bad.args);
    const std::string command = bad.args[0] + " " + bad.args[bad.args.size() - 2];
    EXPECT_EQ(result.exit_code, 2) << command << "\n" << result.err;
    EXPECT_THAT(result.err, HasSubstr(bad.error)) << command;
    EXPECT_EQ(result.out, "") << command;
  }
  // Nothing was written beside the one file this test made.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir),
                          std::filesystem::directory_iterator()),
            1);
  std::filesystem::remove_all(dir);
}

// A device is written to, never replaced by a regular file.
TEST(OutputPathsTest, ATraceToDevNullIsWrittenInPlace) {
  const CliResult result =
      RunCli(Concat({"run", kQuickstart, "--quiet", "--trace", "/dev/null", "--history",
                     "/dev/null"},
                    ShortQuickstartArgs()));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(std::filesystem::is_character_file("/dev/null"));
}

// sweep --out writes each seed's line as it finishes; --resume keeps the whole lines already in
// the file (dropping a last line the interruption cut short) and runs only the missing seeds.
TEST(OutputPathsTest, SweepResumesAnInterruptedFile) {
  const std::string out = TempPath("sweep") + ".jsonl";
  const std::vector<std::string> sweep =
      Concat({"sweep", kQuickstart, "--seeds", "1..3", "--out", out}, ShortQuickstartArgs());
  ASSERT_EQ(RunCli(sweep).exit_code, 0);
  const std::string whole = ReadFile(out);
  ASSERT_EQ(JsonLines(whole).size(), 3u);
  const size_t second_line_end = whole.find('\n', whole.find('\n') + 1);
  std::ofstream(out, std::ios::binary | std::ios::trunc) << whole.substr(0, second_line_end - 5);

  const CliResult resumed = RunCli(Concat(sweep, {"--resume"}));
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_EQ(ReadFile(out), whole);
  EXPECT_THAT(resumed.out, HasSubstr("of 3 seeds")) << resumed.out;

  std::ofstream(out, std::ios::binary | std::ios::app) << "{\"not\": \"a sweep line\"}\n";
  const CliResult bad = RunCli(Concat(sweep, {"--resume"}));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr(out + ":4:"));
  std::filesystem::remove(out);
}

TEST(OutputPathsTest, SweepJobsAreCapped) {
  const CliResult result = RunCli({"sweep", kQuickstart, "--seeds", "1..2", "--jobs", "1024"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("--jobs needs an integer from 1 to 256, got \"1024\""));
  const CliResult resume = RunCli({"sweep", kQuickstart, "--seeds", "1..2", "--resume"});
  EXPECT_EQ(resume.exit_code, 2);
  EXPECT_THAT(resume.err, HasSubstr("--resume needs --out FILE.jsonl"));
}

}  // namespace
}  // namespace sim::sweep_test
