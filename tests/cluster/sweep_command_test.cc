// `dynamo-sim sweep` and `merge` end to end through the binary: the lines do not depend on
// --jobs, shards merge into the unsharded sweep (also through GNU parallel, the README recipe),
// every failing line's reproduce command gives that line's digest, and bad input exits 2 with
// nothing written.
#include <cstdlib>
#include <filesystem>
#include <set>

#include "gtest/gtest.h"
#include "tests/cluster/sweep_test_util.h"

namespace sim::sweep_test {
namespace {

TEST(SweepCommandTest, LinesAndSummaryDoNotDependOnJobs) {
  const std::string one_job = TempPath("sweep_j1") + ".jsonl";
  const CliResult serial = RunCli(
      Concat({"sweep", kLwwSkew, "--seeds", "1..20", "--jobs", "1", "--out", one_job},
             MixedLwwArgs()));
  // Without --out the lines stream to stdout and the summary goes to stderr.
  const CliResult parallel =
      RunCli(Concat({"sweep", kLwwSkew, "--seeds", "1..20", "--jobs", "2", "--quiet"},
                    MixedLwwArgs()));  // --quiet: no progress lines among the summary
  ASSERT_EQ(serial.exit_code, 1) << serial.err;  // some seeds lose a write
  ASSERT_EQ(parallel.exit_code, 1) << parallel.err;
  EXPECT_EQ(ReadFile(one_job), parallel.out);
  EXPECT_EQ(serial.out, parallel.err);
  const std::vector<nlohmann::json> lines = JsonLines(parallel.out);
  ASSERT_EQ(lines.size(), 20u);
  int failed = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const nlohmann::json& line = lines[i];
    EXPECT_EQ(line["seed"], i + 1);  // seed order
    EXPECT_EQ(line["digest"].get<std::string>().size(), 16u);
    EXPECT_EQ(line["passed"], line["failed_checks"].empty());
    EXPECT_TRUE(line["lost_writes"] == 0 || !line["passed"]);
    EXPECT_EQ(line["checks"][0]["name"], "no_lost_writes");
    EXPECT_TRUE(line.contains("get_p99_ms") && line.contains("put_availability") &&
                line.contains("stale_read_fraction") && line.contains("converged"));
    failed += line["passed"] ? 0 : 1;
  }
  EXPECT_GT(failed, 0);
  EXPECT_LT(failed, 20);
  EXPECT_NE(serial.out.find("seeds=20 passed=" + std::to_string(20 - failed) +
                            " failed=" + std::to_string(failed)),
            std::string::npos)
      << serial.out;
  EXPECT_FALSE(std::filesystem::exists(one_job + ".tmp"));
}

TEST(SweepCommandTest, ShardsMergeIntoTheUnshardedSweep) {
  const std::string whole = TempPath("sweep_whole") + ".jsonl";
  const std::string shard0 = TempPath("sweep_shard0") + ".jsonl";
  const std::string shard1 = TempPath("sweep_shard1") + ".jsonl";
  const std::string merged = TempPath("sweep_merged") + ".jsonl";
  const std::vector<std::string> args = Concat({"sweep", kLwwSkew, "--seeds", "3..12"}, MixedLwwArgs());
  const CliResult unsharded = RunCli(Concat(args, {"--out", whole, "--jobs", "2"}));
  const CliResult first = RunCli(Concat(args, {"--shard", "0/2", "--out", shard0}));
  const CliResult second = RunCli(Concat(args, {"--shard", "1/2", "--out", shard1}));
  ASSERT_EQ(unsharded.exit_code, 1) << unsharded.err;
  ASSERT_NE(first.exit_code, 2) << first.err;
  ASSERT_NE(second.exit_code, 2) << second.err;
  std::set<uint64_t> first_seeds;
  for (const nlohmann::json& line : JsonLines(ReadFile(shard0))) first_seeds.insert(line["seed"].get<uint64_t>());
  EXPECT_EQ(first_seeds, (std::set<uint64_t>{3, 5, 7, 9, 11}));  // index (seed - A) % 2 == 0
  // Shard 1 given first, and shard 0 twice: order and identical duplicates do not matter.
  const CliResult merge = RunCli({"merge", shard1, shard0, shard0, "--out", merged});
  EXPECT_EQ(merge.exit_code, 1) << merge.err;
  EXPECT_EQ(ReadFile(merged), ReadFile(whole));
  EXPECT_EQ(merge.out, unsharded.out);
}

TEST(SweepCommandTest, GnuParallelRecipeEndToEnd) {
  if (std::system("command -v parallel >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "GNU parallel is not on PATH (tools/setup installs it)";
  }
  const std::string dir = TempPath("sweep_parallel");
  std::filesystem::create_directories(dir);
  std::string sweep = ShellQuote(DYNAMO_SIM_CLI) + " sweep " + ShellQuote(kQuickstart) +
                      " --seeds 1..8 --shard {}/4 --out " + ShellQuote(dir) + "/shard{}.jsonl";
  for (const std::string& arg : ShortQuickstartArgs()) sweep += " " + arg;
  const std::string command = "parallel " + sweep + " ::: 0 1 2 3 >/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const CliResult merge = RunCli({"merge", dir + "/shard0.jsonl", dir + "/shard1.jsonl",
                                  dir + "/shard2.jsonl", dir + "/shard3.jsonl", "--out",
                                  dir + "/merged.jsonl"});
  ASSERT_EQ(merge.exit_code, 0) << merge.err;
  const CliResult whole =
      RunCli(Concat({"sweep", kQuickstart, "--seeds", "1..8", "--quiet"}, ShortQuickstartArgs()));
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_EQ(ReadFile(dir + "/merged.jsonl"), whole.out);
  EXPECT_EQ(merge.out, whole.err);
  EXPECT_NE(merge.out.find("seeds=8 passed=8 failed=0"), std::string::npos) << merge.out;
}

TEST(SweepCommandTest, ReproduceCommandGivesTheLinesDigest) {
  const CliResult sweep =
      RunCli(Concat({"sweep", kLwwSkew, "--seeds", "1..4"}, MixedLwwArgs()));
  ASSERT_EQ(sweep.exit_code, 1) << sweep.err;
  int checked = 0;
  for (const nlohmann::json& line : JsonLines(sweep.out)) {
    if (line["passed"]) continue;
    std::string command = line["reproduce"];
    ASSERT_EQ(command.rfind("tools/sim run ", 0), 0u) << command;
    EXPECT_NE(sweep.err.find("reproduce: " + command), std::string::npos);  // in the summary
    // tools/sim builds the release binary first; the test runs the binary under test instead.
    command = ShellQuote(DYNAMO_SIM_CLI) + command.substr(std::string("tools/sim").size()) +
              " --quiet";
    const std::string out_path = TempPath("reproduce_out");
    const int status = std::system((command + " >" + out_path + " 2>/dev/null").c_str());
    EXPECT_EQ(WEXITSTATUS(status), 1) << command;
    EXPECT_EQ(DigestIn(ReadFile(out_path)), line["digest"]) << command;
    ++checked;
  }
  EXPECT_GT(checked, 0);
}

TEST(SweepCommandTest, BadInputExitsTwoAndWritesNothing) {
  const std::string out = TempPath("sweep_bad") + ".jsonl";
  const std::vector<std::vector<std::string>> bad = {
      {"sweep", kQuickstart, "--seeds", "5..1", "--out", out},
      {"sweep", kQuickstart, "--seeds", "1-5", "--out", out},
      {"sweep", kQuickstart, "--seeds", "-1..5", "--out", out},
      {"sweep", kQuickstart, "--out", out},
      {"sweep", kQuickstart, "--seeds", "1..5", "--jobs", "0", "--out", out},
      {"sweep", kQuickstart, "--seeds", "1..5", "--shard", "2/2", "--out", out},
      {"sweep", kQuickstart, "--seeds", "1..5", "--shard", "1/0", "--out", out},
      {"sweep", kQuickstart, "--seeds", "1..5", "--shard", "1", "--out", out},
      {"sweep", kQuickstart, "--seeds", "1..5", "--set", "cluster.nodes=0", "--out", out},
      {"sweep", "/nonexistent/scenario.json", "--seeds", "1..5", "--out", out},
      {"sweep", kQuickstart, "--seeds", "1..5", "--out", "/nonexistent/dir/x.jsonl"},
      {"merge", "/nonexistent/shard.jsonl", "--out", out},
      {"shrink", kQuickstart, "--seed", "1", "--check", "no_such_check", "--out", out, "--set",
       "duration=1s", "--set", "quiesce=1s"},
      {"shrink", kQuickstart, "--seed", "1", "--max-runs", "1", "--out", out},
  };
  for (const std::vector<std::string>& args : bad) {
    const CliResult result = RunCli(args);
    EXPECT_EQ(result.exit_code, 2) << args[0] << " " << args[2] << " " << args[3];
    EXPECT_EQ(result.out, "");
    EXPECT_NE(result.err, "");
    EXPECT_FALSE(std::filesystem::exists(out));
  }
}

TEST(SweepCommandTest, MergeRefusesBadLinesAndConflictingDigests) {
  const std::string good = TempPath("merge_good") + ".jsonl";
  ASSERT_EQ(RunCli(Concat({"sweep", kQuickstart, "--seeds", "1..2", "--out", good},
                          ShortQuickstartArgs()))
                .exit_code,
            0);
  const std::string text = ReadFile(good);
  std::string conflicting = text;
  const size_t digest = conflicting.find("\"digest\":\"") + 10;
  conflicting[digest] = conflicting[digest] == '0' ? '1' : '0';
  const std::string conflict_path = scenario::test_util::WriteTempFile("merge_conflict", conflicting);
  const std::string broken_path =
      scenario::test_util::WriteTempFile("merge_broken", text + "{\"seed\":3}\n");
  const std::string out = TempPath("merge_out") + ".jsonl";
  const CliResult conflict = RunCli({"merge", good, conflict_path, "--out", out});
  EXPECT_EQ(conflict.exit_code, 2);
  EXPECT_NE(conflict.err.find("seed 1 has digest"), std::string::npos) << conflict.err;
  const CliResult broken = RunCli({"merge", good, broken_path, "--out", out});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.err.find(":3: /scenario: expected a string"), std::string::npos) << broken.err;
  EXPECT_EQ(conflict.out + broken.out, "");
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace sim::sweep_test
