// `dynamo-sim report SWEEP.jsonl`: one self-contained HTML page across a sweep's seeds.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scenario/scenario_test_util.h"
#include "tools/dynamo-sim/sweep_line.h"
#include "tools/dynamo-sim/sweep_report_html.h"

namespace sim::cli {
namespace {

using ::sim::scenario::test_util::CliResult;
using ::sim::scenario::test_util::ReadFile;
using ::sim::scenario::test_util::RunCli;
using ::sim::scenario::test_util::TempPath;
using ::testing::HasSubstr;
using ::testing::Not;

SweepLine Line(uint64_t seed, double get_availability, uint64_t lost_writes) {
  SweepLine line;
  line.scenario = "lww";
  line.seed = seed;
  line.digest = "0123456789abcdef";
  line.get_availability = get_availability;
  line.put_availability = 0.99;
  line.stale_read_fraction = 0.01 * static_cast<double>(seed);
  line.lost_writes = lost_writes;
  line.passed = lost_writes == 0;
  line.checks = {{"no_lost_writes", lost_writes == 0,
                  lost_writes == 0 ? "" : "put of k3 acknowledged at 4.1s is lost"},
                 {"convergence", true, ""}};
  line.reproduce = "tools/sim run scenarios/lww.json --seed " + std::to_string(seed) +
                   " --set 'checks.stale_reads={\"max_fraction\":0}'";
  return line;
}

std::vector<SweepLine> Lines() { return {Line(1, 1.0, 0), Line(2, 0.9, 2), Line(3, 0.95, 0)}; }

TEST(SweepReportTest, PageHasTheVerdictDistributionsAndFailingSeeds) {
  const std::string html = RenderSweepReportHtml(Lines(), "sweep.jsonl");
  EXPECT_THAT(html, HasSubstr("3 seeds (1..3): 2 passed, 1 failed"));
  // Mean, min and max with their seeds.
  EXPECT_THAT(html, HasSubstr("<td>get availability</td><td>0.9500</td><td>0.9000 (seed 2)</td>"
                              "<td>1.0000 (seed 1)</td>"));
  EXPECT_THAT(html, HasSubstr("<td>lost writes</td><td>0.67</td><td>0 (seed 1)</td>"
                              "<td>2 (seed 2)</td>"));
  // Checks: no_lost_writes failed at one seed, first at seed 2.
  EXPECT_THAT(html, HasSubstr("<td>no_lost_writes</td><td class=\"fail\">FAIL</td><td>2</td>"
                              "<td>1</td><td>2</td>"));
  // One histogram per distribution.
  EXPECT_THAT(html, HasSubstr("Distribution over seeds: get availability"));
  EXPECT_THAT(html, HasSubstr("Distribution over seeds: put availability"));
  EXPECT_THAT(html, HasSubstr("Distribution over seeds: stale read fraction"));
  EXPECT_THAT(html, HasSubstr("Distribution over seeds: lost writes"));
  // The failing seed with its detail and its reproduce command (escaped), and only that one.
  EXPECT_THAT(html, HasSubstr("Failing seeds (1)"));
  EXPECT_THAT(html, HasSubstr("no_lost_writes: put of k3 acknowledged at 4.1s is lost"));
  EXPECT_THAT(html, HasSubstr("--seed 2 --set &#39;checks.stale_reads={&quot;max_fraction&quot;:0}"
                              "&#39;"));
  EXPECT_THAT(html, Not(HasSubstr("--seed 1 --set")));
  // Self-contained.
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("src=")));
  EXPECT_EQ(html, RenderSweepReportHtml(Lines(), "sweep.jsonl"));
}

// Resurrected items (cart removes): a row and a histogram only when some seed made removes; a
// seed without removes counts 0.
TEST(SweepReportTest, ResurrectedItemsOnlyForSweepsWithRemoves) {
  EXPECT_THAT(RenderSweepReportHtml(Lines(), "sweep.jsonl"), Not(HasSubstr("resurrected")));
  std::vector<SweepLine> lines = Lines();
  lines[0].resurrected_items = 4;
  lines[2].resurrected_items = 1;
  const std::string html = RenderSweepReportHtml(lines, "sweep.jsonl");
  EXPECT_THAT(html, HasSubstr("<td>lost writes</td><td>0.67</td><td>0 (seed 1)</td>"
                              "<td>2 (seed 2)</td></tr>\n<tr><td>resurrected items</td><td>1.67</td>"
                              "<td>0 (seed 2)</td><td>4 (seed 1)</td>"));
  EXPECT_THAT(html, HasSubstr("Distribution over seeds: resurrected items"));
}

TEST(SweepReportTest, CommandWritesThePageNextToTheFileOrIntoOut) {
  const std::string dir = TempPath("sweep_report");
  std::filesystem::create_directories(dir);
  std::ofstream file(dir + "/sweep.jsonl");
  for (const SweepLine& line : Lines()) file << SweepLineToJson(line) << "\n";
  file.close();
  const CliResult next_to = RunCli({"report", dir + "/sweep.jsonl"});
  ASSERT_EQ(next_to.exit_code, 0) << next_to.err;
  EXPECT_EQ(next_to.out, "wrote " + dir + "/sweep.html\n");
  EXPECT_EQ(ReadFile(dir + "/sweep.html"), RenderSweepReportHtml(Lines(), dir + "/sweep.jsonl"));
  const CliResult into = RunCli({"report", dir + "/sweep.jsonl", "--out", dir + "/pages"});
  ASSERT_EQ(into.exit_code, 0) << into.err;
  EXPECT_TRUE(std::filesystem::exists(dir + "/pages/sweep.html"));
}

TEST(SweepReportTest, BadOrMissingFileExits2) {
  const std::string dir = TempPath("sweep_report_bad");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/bad.jsonl") << "{\"seed\": 1}\n";
  const CliResult bad = RunCli({"report", dir + "/bad.jsonl"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("bad.jsonl:1"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/bad.html"));
  const CliResult missing = RunCli({"report", dir + "/none.jsonl"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("none.jsonl: no such file"));
}

}  // namespace
}  // namespace sim::cli
