// `dynamo-sim run` end to end through the binary: digest printed and stable, reports and traces
// written whole, bad input refused with exit 2 and nothing written.
#include <filesystem>
#include <fstream>
#include <regex>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/scenario/scenario_test_util.h"

namespace sim {
namespace {

using scenario::test_util::CliResult;
using scenario::test_util::ReadFile;
using scenario::test_util::RunCli;
using scenario::test_util::TempPath;

const std::string kQuickstart = std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/quickstart.json";
const std::vector<std::string> kShort = {"--set", "duration=3s", "--set", "quiesce=1s"};

std::string Digest(const CliResult& result) {
  std::smatch match;
  static const std::regex kDigestLine("digest: ([0-9a-f]{16})");
  return std::regex_search(result.out, match, kDigestLine) ? match[1].str() : "";
}

std::vector<std::string> Args(std::vector<std::string> args) {
  args.insert(args.end(), kShort.begin(), kShort.end());
  return args;
}

TEST(RunCommandTest, SameSeedPrintsTheSameDigestAnotherSeedAnother) {
  const CliResult first = RunCli(Args({"run", kQuickstart, "--seed", "9"}));
  const CliResult second = RunCli(Args({"run", kQuickstart, "--seed", "9"}));
  const CliResult other = RunCli(Args({"run", kQuickstart, "--seed", "10"}));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(Digest(first).size(), 16u) << first.out;
  EXPECT_EQ(Digest(first), Digest(second));
  EXPECT_NE(Digest(first), Digest(other));
  EXPECT_NE(first.out.find("seed=9"), std::string::npos);  // the preamble names the seed
  EXPECT_NE(first.out.find("reproduce: tools/sim run"), std::string::npos);
}

TEST(RunCommandTest, WritesReportJsonAndTraceWhole) {
  const std::string out_dir = TempPath("run_out");
  const std::string trace_path = TempPath("trace") + ".jsonl";
  const CliResult result =
      RunCli(Args({"run", kQuickstart, "--out", out_dir, "--trace", trace_path, "--quiet"}));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json report = nlohmann::json::parse(ReadFile(out_dir + "/report.json"));
  EXPECT_EQ(report["digest"], Digest(result));
  EXPECT_EQ(report["scenario"], "quickstart");
  EXPECT_GT(report["ops"]["get"]["attempted"].get<int>(), 0);
  EXPECT_DOUBLE_EQ(report["ops"]["put"]["availability"].get<double>(), 1.0);
  EXPECT_GT(report["messages"]["by_kind"]["put_ack"]["count"].get<int>(), 0);
  std::ifstream trace(trace_path);
  std::string line;
  int lines = 0;
  while (std::getline(trace, line) && lines < 1000) {
    const nlohmann::json event = nlohmann::json::parse(line);
    ASSERT_TRUE(event.contains("t_us") && event.contains("kind") && event.contains("actor"));
    ++lines;
  }
  EXPECT_EQ(lines, 1000);
  EXPECT_FALSE(std::filesystem::exists(trace_path + ".tmp"));
  EXPECT_FALSE(std::filesystem::exists(out_dir + "/report.json.tmp"));
}

TEST(RunCommandTest, BadInputExitsTwoAndWritesNothing) {
  const std::string out_dir = TempPath("run_bad");
  const CliResult bad_set =
      RunCli({"run", kQuickstart, "--set", "cluster.replication.r=7", "--out", out_dir});
  EXPECT_EQ(bad_set.exit_code, 2);
  EXPECT_NE(bad_set.err.find("/cluster/replication/r"), std::string::npos) << bad_set.err;
  EXPECT_EQ(bad_set.out, "");
  const CliResult bad_seed = RunCli({"run", kQuickstart, "--seed", "minus-one"});
  EXPECT_EQ(bad_seed.exit_code, 2);
  const CliResult missing = RunCli({"run", "/nonexistent/scenario.json", "--out", out_dir});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(out_dir));
}

}  // namespace
}  // namespace sim

namespace sim {
namespace {

// The repair counters of report.json: a wiped node is rebuilt by anti-entropy, which shows.
TEST(RunCommandTest, ReportCountsRepairWork) {
  const std::string out_dir = TempPath("run_repair");
  const std::string scenario = scenario::test_util::WriteTempFile("wipe", R"({
    "name": "wipe", "duration": "10s", "quiesce": "20s",
    "cluster": {"nodes": 4, "read_repair": false, "anti_entropy": {"interval": "1s"}},
    "workload": {"clients": 4, "keys": 100, "stop": "5s"},
    "faults": [{"at": "6s", "type": "wipe", "nodes": ["n2"]}],
    "checks": {"convergence": false}})");
  // Anti-entropy rebuilds n2 one range per tick: far longer than this quiesce, so convergence is
  // not checked here (tests/cluster/checks_scenarios_test.cc covers it).
  const CliResult result = RunCli({"run", scenario, "--out", out_dir, "--quiet"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json report = nlohmann::json::parse(ReadFile(out_dir + "/report.json"));
  EXPECT_GT(report["repair"]["merkle_exchanges"].get<int>(), 0);
  EXPECT_GT(report["repair"]["keys_repaired"].get<int>(), 0);
  EXPECT_EQ(report["repair"]["read_repairs"].get<int>(), 0);
  EXPECT_EQ(report["consistency"]["lost_writes"].get<int>(), 0);
}

}  // namespace
}  // namespace sim

namespace sim {
namespace {

const std::string kLwwSkew = std::string(DYNAMO_SIM_SOURCE_DIR) + "/scenarios/lww-clock-skew.json";

TEST(RunCommandChecksTest, AFailedCheckExitsOneWithItsDetailAndTheReproduceLine) {
  const std::string out_dir = TempPath("run_failed_check");
  const CliResult result = RunCli({"run", kLwwSkew, "--out", out_dir});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.err.find("check failed: no_lost_writes: "), std::string::npos) << result.err;
  EXPECT_NE(result.out.find("  FAIL no_lost_writes: "), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("reproduce: tools/sim run " + kLwwSkew + " --seed 31"),
            std::string::npos)
      << result.out;
  const nlohmann::json report = nlohmann::json::parse(ReadFile(out_dir + "/report.json"));
  EXPECT_EQ(report["passed"], false);
  EXPECT_GT(report["consistency"]["lost_writes"].get<int>(), 0);
  EXPECT_NE(ReadFile(out_dir + "/report.md").find("**FAIL**"), std::string::npos);
  EXPECT_NE(ReadFile(out_dir + "/report.html").find("<svg"), std::string::npos);
}

TEST(RunCommandChecksTest, BucketFlagSetsTheTimeline) {
  const std::string out_dir = TempPath("run_bucket");
  const CliResult result =
      RunCli(Args({"run", kQuickstart, "--bucket", "500ms", "--out", out_dir, "--quiet"}));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const nlohmann::json report = nlohmann::json::parse(ReadFile(out_dir + "/report.json"));
  EXPECT_EQ(report["timeline_bucket_s"], 0.5);
  EXPECT_EQ(report["timeline"].size(), 8u);  // 3 s + 1 s in 0.5 s buckets
  uint64_t messages = 0;
  for (const nlohmann::json& bucket : report["timeline"]) messages += bucket["messages"].get<uint64_t>();
  EXPECT_EQ(messages, report["messages"]["sent"].get<uint64_t>());
  EXPECT_EQ(RunCli(Args({"run", kQuickstart, "--bucket", "5"})).exit_code, 2);
  EXPECT_EQ(RunCli(Args({"run", kQuickstart, "--bucket", "1us"})).exit_code, 2);
}

TEST(ReportCommandTest, ReRendersAndComparesFromReportJsonAlone) {
  const std::string a = TempPath("report_a");
  const std::string b = TempPath("report_b");
  ASSERT_EQ(RunCli(Args({"run", kQuickstart, "--out", a, "--quiet"})).exit_code, 0);
  ASSERT_EQ(RunCli(Args({"run", kQuickstart, "--seed", "2", "--out", b, "--quiet"})).exit_code, 0);
  const std::string html = ReadFile(a + "/report.html");
  std::filesystem::remove(a + "/report.html");
  std::filesystem::remove(a + "/report.md");
  const CliResult rerender = RunCli({"report", a});
  ASSERT_EQ(rerender.exit_code, 0) << rerender.err;
  EXPECT_EQ(ReadFile(a + "/report.html"), html);  // the same bytes from report.json alone
  EXPECT_TRUE(std::filesystem::exists(a + "/report.md"));

  const CliResult compare = RunCli({"report", a, b});
  ASSERT_EQ(compare.exit_code, 0) << compare.err;
  EXPECT_NE(compare.out.find("| digest |"), std::string::npos) << compare.out;
  EXPECT_NE(compare.out.find("**"), std::string::npos);  // other seed, other digest: highlighted
  EXPECT_TRUE(std::filesystem::exists(a + "/comparison.html"));
}

TEST(ReportCommandTest, BadInputExitsTwoAndWritesNothing) {
  const std::string good = TempPath("report_good");
  ASSERT_EQ(RunCli(Args({"run", kQuickstart, "--out", good, "--quiet"})).exit_code, 0);
  const std::string missing = TempPath("report_missing");
  const CliResult no_dir = RunCli({"report", good, missing});
  EXPECT_EQ(no_dir.exit_code, 2);
  EXPECT_NE(no_dir.err.find(missing), std::string::npos) << no_dir.err;
  EXPECT_FALSE(std::filesystem::exists(good + "/comparison.html"));

  const std::string broken = TempPath("report_broken");
  std::filesystem::create_directories(broken);
  std::ofstream(broken + "/report.json") << "{\"scenario\": ";
  const CliResult invalid = RunCli({"report", broken});
  EXPECT_EQ(invalid.exit_code, 2);
  EXPECT_NE(invalid.err.find("not a valid report"), std::string::npos) << invalid.err;
  EXPECT_FALSE(std::filesystem::exists(broken + "/report.html"));
  EXPECT_FALSE(std::filesystem::exists(broken + "/report.md"));
  EXPECT_EQ(RunCli({"report"}).exit_code, 2);
}

}  // namespace
}  // namespace sim
