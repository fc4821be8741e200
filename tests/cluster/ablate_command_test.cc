// `dynamo-sim ablate` end to end through the binary: exit 0 with the side-by-side table on
// stdout; with --out every file written (ablation.{md,html,json} and each variant's report
// files, which `dynamo-sim report` can compare); --no-wall-time makes them byte-identical across
// runs; bad input exits 2 and writes nothing. Also `run --no-wall-time`.
#include <algorithm>
#include <filesystem>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "sim/ablation.h"
#include "sim/scenario/memory_estimate.h"
#include "sim/scenario/scenario_loader.h"
#include "tests/scenario/scenario_test_util.h"

namespace sim {
namespace {

using scenario::test_util::CliResult;
using scenario::test_util::ReadFile;
using scenario::test_util::RunCli;
using scenario::test_util::TempPath;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kQuickstart = std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/quickstart.json";

std::vector<std::string> Ablate(std::vector<std::string> extra) {
  std::vector<std::string> args = {"ablate", kQuickstart,     "--set", "duration=2s",
                                   "--set",  "quiesce=1s",    "--set", "workload.clients=2",
                                   "--quiet"};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

TEST(AblateCommandTest, PrintsTheTableAndWritesEveryFileDeterministically) {
  const std::string first_dir = TempPath("ablate_a");
  const std::string second_dir = TempPath("ablate_b");
  const CliResult first = RunCli(Ablate({"--out", first_dir, "--no-wall-time", "--seed", "3"}));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.err, "");  // --quiet: no progress lines
  EXPECT_TRUE(first.out.starts_with("# dynamo-sim ablation: quickstart (seed 3)\n")) << first.out;
  for (const AblationVariant& variant : AblationVariants()) {
    EXPECT_THAT(first.out, HasSubstr("| " + variant.label + " |"));
    for (const char* file : {"report.json", "report.md", "report.html"}) {
      EXPECT_TRUE(std::filesystem::exists(first_dir + "/" + variant.id + "/" + file))
          << variant.id << "/" << file;
    }
  }
  EXPECT_EQ(ReadFile(first_dir + "/ablation.md"), first.out);
  // A fault-free cluster never needs a stand-in: that variant runs bit for bit as the full one
  // and says so; read repair does run.
  EXPECT_THAT(first.out, HasSubstr("| sloppy_quorum off (not exercised by this scenario) |"));
  EXPECT_THAT(first.out, HasSubstr("| sloppy_quorum off | --set cluster.sloppy_quorum=false | "
                                   "cluster.sloppy_quorum | not exercised by this scenario"));
  EXPECT_THAT(first.out, Not(HasSubstr("read_repair off (not exercised")));
  const nlohmann::json ablation = nlohmann::json::parse(ReadFile(first_dir + "/ablation.json"));
  ASSERT_EQ(ablation["variants"].size(), AblationVariants().size());
  EXPECT_EQ(ablation["seed"], 3u);
  const nlohmann::json full =
      nlohmann::json::parse(ReadFile(first_dir + "/full/report.json"));
  EXPECT_EQ(full["seed"], 3u);
  EXPECT_EQ(full["wall_time_s"], 0.0);
  EXPECT_EQ(ablation["variants"][0]["digest"], full["digest"]);
  EXPECT_THAT(ReadFile(first_dir + "/ablation.html"), HasSubstr("<svg"));
  EXPECT_THAT(ReadFile(first_dir + "/full/report.html"), Not(HasSubstr("wall time")));
  for (const auto& entry : std::filesystem::recursive_directory_iterator(first_dir)) {
    EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
  }

  // Same scenario and seed, no wall time: the same bytes in every file.
  const CliResult second = RunCli(Ablate({"--out", second_dir, "--no-wall-time", "--seed", "3"}));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.out, first.out);
  for (const char* file : {"ablation.json", "ablation.html", "no_read_repair/report.json",
                           "last_write_wins/report.html"}) {
    EXPECT_EQ(ReadFile(first_dir + "/" + file), ReadFile(second_dir + "/" + file)) << file;
  }

  // The variants' reports are ordinary reports: `report` compares them.
  const CliResult compared =
      RunCli({"report", first_dir + "/full", first_dir + "/no_read_repair", "--out",
              TempPath("ablate_cmp")});
  EXPECT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_THAT(compared.out, HasSubstr("| repair read_repairs |"));
}

// --seeds: every variant at every seed, each seed's report under <id>/seed-<N>, values as mean and
// interval; `report DIR/full DIR/<id>` compares two variants over the seeds.
TEST(AblateCommandTest, SeveralSeedsGiveIntervalsAndPerSeedReports) {
  const std::string dir = TempPath("ablate_seeds");
  const CliResult result = RunCli(Ablate({"--out", dir, "--no-wall-time", "--seeds", "4..5"}));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.out.starts_with("# dynamo-sim ablation: quickstart (seeds 4..5)\n"))
      << result.out;
  EXPECT_THAT(result.out, HasSubstr("95% interval"));
  EXPECT_THAT(result.out, HasSubstr(" ± "));
  const nlohmann::json ablation = nlohmann::json::parse(ReadFile(dir + "/ablation.json"));
  EXPECT_EQ(ablation["seeds"], nlohmann::json::array({4, 5}));
  EXPECT_FALSE(ablation.contains("seed"));
  for (const AblationVariant& variant : AblationVariants()) {
    for (const char* seed : {"4", "5"}) {
      const std::string report = dir + "/" + variant.id + "/seed-" + seed + "/report.json";
      ASSERT_TRUE(std::filesystem::exists(report)) << report;
      EXPECT_EQ(nlohmann::json::parse(ReadFile(report))["seed"], std::stoi(seed));
    }
  }
  EXPECT_EQ(ablation["variants"][3]["runs"][1]["digest"],
            nlohmann::json::parse(ReadFile(dir + "/no_read_repair/seed-5/report.json"))["digest"]);
  const CliResult compared = RunCli({"report", dir + "/full", dir + "/no_read_repair", "--out",
                                     TempPath("ablate_seeds_cmp")});
  ASSERT_EQ(compared.exit_code, 0) << compared.err;
  EXPECT_THAT(compared.out, HasSubstr("/full (2 seeds) |"));
  EXPECT_THAT(compared.out, HasSubstr("cluster.read_repair (true / false)."));
  EXPECT_EQ(RunCli(Ablate({"--seeds", "5..4"})).exit_code, 2);
  EXPECT_EQ(RunCli(Ablate({"--seeds", "1..2", "--seed", "1"})).exit_code, 2);
  EXPECT_EQ(RunCli(Ablate({"--seeds", "1..1000"})).exit_code, 2);
}

TEST(AblateCommandTest, ProgressGoesToStderrAndWallTimeIsMeasuredByDefault) {
  const std::string dir = TempPath("ablate_progress");
  std::vector<std::string> args = Ablate({"--out", dir});
  args.erase(std::find(args.begin(), args.end(), "--quiet"));
  const CliResult result = RunCli(args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("ablate: full configuration (1/7)\n"));
  EXPECT_THAT(result.err, HasSubstr("ablate: last_write_wins (7/7)\n"));
  EXPECT_THAT(result.out, Not(HasSubstr("ablate: ")));
  const nlohmann::json full = nlohmann::json::parse(ReadFile(dir + "/full/report.json"));
  EXPECT_GT(full["wall_time_s"].get<double>(), 0.0);
}

TEST(AblateCommandTest, BadInputExitsTwoAndWritesNothing) {
  const std::string dir = TempPath("ablate_bad");
  const CliResult bad_set = RunCli(Ablate({"--set", "cluster.replication.r=7", "--out", dir}));
  EXPECT_EQ(bad_set.exit_code, 2);
  EXPECT_THAT(bad_set.err, HasSubstr("/cluster/replication/r"));
  EXPECT_EQ(bad_set.out, "");
  EXPECT_EQ(RunCli({"ablate", "/nonexistent/scenario.json", "--out", dir}).exit_code, 2);
  EXPECT_EQ(RunCli(Ablate({"--seed", "-1", "--out", dir})).exit_code, 2);
  EXPECT_EQ(RunCli(Ablate({"--bogus"})).exit_code, 2);
  EXPECT_EQ(RunCli({"ablate"}).exit_code, 2);
  EXPECT_EQ(RunCli({"ablate", kQuickstart, kQuickstart}).exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir));
  EXPECT_EQ(RunCli({"ablate", "--help"}).exit_code, 0);
}

TEST(RunCommandTest, NoWallTimeMakesReportFilesIdentical) {
  const std::string a = TempPath("run_nowall_a");
  const std::string b = TempPath("run_nowall_b");
  for (const std::string& dir : {a, b}) {
    const CliResult result = RunCli({"run", kQuickstart, "--set", "duration=2s", "--set",
                                     "quiesce=1s", "--out", dir, "--no-wall-time"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("wall time: not measured\n"));
  }
  for (const char* file : {"report.json", "report.md", "report.html"}) {
    EXPECT_EQ(ReadFile(a + "/" + file), ReadFile(b + "/" + file)) << file;
  }
  EXPECT_EQ(nlohmann::json::parse(ReadFile(a + "/report.json"))["wall_time_s"], 0.0);
  EXPECT_FALSE(nlohmann::json::parse(ReadFile(a + "/report.json")).contains("peak_rss_bytes"));
  EXPECT_FALSE(
      nlohmann::json::parse(ReadFile(a + "/report.json")).contains("memory_estimate_bytes"));
}

// Without --no-wall-time, `run` records its process's peak resident set: at least the 1 MiB
// any process of this size holds, at most the 4 GiB memory budget, and shown in every format;
// next to it, the loader's estimate for the scenario as run (with its --set overrides).
TEST(RunCommandTest, RecordsPeakRss) {
  const std::string dir = TempPath("run_peak_rss");
  const CliResult result = RunCli({"run", kQuickstart, "--set", "duration=2s", "--set",
                                   "quiesce=1s", "--out", dir});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("peak RSS: "));
  const uint64_t peak = nlohmann::json::parse(ReadFile(dir + "/report.json"))["peak_rss_bytes"];
  EXPECT_GT(peak, 1u << 20);
  EXPECT_LT(peak, 4ull << 30);
  EXPECT_THAT(ReadFile(dir + "/report.md"), HasSubstr("peak RSS (MiB)"));

  const absl::StatusOr<scenario::Scenario> loaded =
      scenario::LoadScenarioFile(kQuickstart, {"duration=2s", "quiesce=1s"});
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const uint64_t estimate = scenario::EstimatedBytes(scenario::EstimateMemory(*loaded));
  EXPECT_EQ(nlohmann::json::parse(ReadFile(dir + "/report.json"))["memory_estimate_bytes"],
            estimate);
  EXPECT_THAT(result.out, HasSubstr("memory estimate: "));
  EXPECT_THAT(ReadFile(dir + "/report.md"), HasSubstr("memory estimate (MiB)"));
}

}  // namespace
}  // namespace sim
