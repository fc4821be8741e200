// The sweep summary (tools/dynamo-sim/sweep_summary.h), computed online as seeds finish: exact
// aggregates for hand-made lines, the same text whatever order the lines come in, and the cap on
// the failing seeds it lists.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/dynamo-sim/sweep_line.h"
#include "tools/dynamo-sim/sweep_summary.h"

namespace sim::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

SweepLine Line(uint64_t seed, double get_availability, double get_p50_ms, double get_p99_ms,
               double put_p99_ms, uint64_t lost_writes, bool converged) {
  SweepLine line;
  line.scenario = "s";
  line.seed = seed;
  line.get_availability = get_availability;
  line.put_availability = 0.99;
  line.get_p50_ms = get_p50_ms;
  line.get_p99_ms = get_p99_ms;
  line.put_p99_ms = put_p99_ms;
  line.stale_read_fraction = 0.01 * static_cast<double>(seed);
  line.lost_writes = lost_writes;
  line.converged = converged;
  line.checks = {{"no_lost_writes", lost_writes == 0, ""}, {"convergence", converged, ""}};
  line.passed = lost_writes == 0 && converged;
  line.reproduce = "tools/sim run s.json --seed " + std::to_string(seed);
  return line;
}

// Seeds 1..4, given out of order.
std::vector<SweepLine> Lines() {
  return {Line(4, 0.75, 9, 1, 8, 0, true), Line(1, 1.0, 5, 10, 7, 0, true),
          Line(3, 0.5, 4, 2, 7, 1, false), Line(2, 0.5, 3, 10, 7, 2, true)};
}

TEST(SweepSummaryTest, AggregatesAreExact) {
  EXPECT_EQ(FormatSweepSummary(Lines()),
            "sweep: scenario=s seeds=4 passed=2 failed=2\n"
            "availability across seeds:\n"
            // mean of 1, 0.5, 0.5, 0.75; the min ties at seeds 2 and 3: the lower seed
            "  get availability  mean 0.687500  min 0.500000 (seed 2)\n"
            "  put availability  mean 0.990000  min 0.990000 (seed 1)\n"
            "latency across seeds (ms, each seed's percentile):\n"
            // medians are the lower middle of 3 4 5 9, 1 2 10 10, 0 0 0 0 and 7 7 7 8
            "  get p50      median 4.000  max 9.000 (seed 4)\n"
            "  get p99      median 2.000  max 10.000 (seed 1)\n"
            "  put p50      median 0.000  max 0.000 (seed 1)\n"
            "  put p99      median 7.000  max 8.000 (seed 4)\n"
            "stale read fraction: mean 0.025000  max 0.040000 (seed 4)\n"
            "lost writes: 3 in total, in 2 of 4 seeds\n"
            "converged: 3 of 4 seeds\n"
            "failing seeds (2):\n"
            "  seed 2: no_lost_writes\n"
            "    reproduce: tools/sim run s.json --seed 2\n"
            "  seed 3: no_lost_writes, convergence\n"
            "    reproduce: tools/sim run s.json --seed 3\n");
  EXPECT_FALSE(AllSeedsPassed(Lines()));
}

// Resurrected items (cart removes) are summed over the seeds that made removes, with the seeds
// that resurrected any; a sweep without removes has no such line (checked above).
TEST(SweepSummaryTest, ResurrectedItemsOfTheSeedsWithRemoves) {
  std::vector<SweepLine> lines = Lines();
  lines[0].resurrected_items = 0;  // seed 4
  lines[1].resurrected_items = 3;  // seed 1
  lines[3].resurrected_items = 2;  // seed 2; seed 3 made no remove
  EXPECT_THAT(FormatSweepSummary(lines),
              HasSubstr("lost writes: 3 in total, in 2 of 4 seeds\n"
                        "resurrected items (cart removes): 5 in total, in 2 of 3 seeds\n"
                        "converged: 3 of 4 seeds\n"));
  EXPECT_THAT(FormatSweepSummary(Lines()), Not(HasSubstr("resurrected")));
}

TEST(SweepSummaryTest, OnlineInAnyOrderEqualsTheSortedSummary) {
  const std::vector<SweepLine> lines = Lines();
  SweepSummary online;
  for (const SweepLine& line : lines) online.Add(line);  // seeds 4, 1, 3, 2
  EXPECT_EQ(online.Format(), FormatSweepSummary(lines));
  EXPECT_FALSE(online.AllPassed());

  SweepSummary passing;
  passing.Add(Line(7, 1.0, 1, 2, 3, 0, true));
  EXPECT_TRUE(passing.AllPassed());
  EXPECT_THAT(passing.Format(), HasSubstr("sweep: scenario=s seeds=1 passed=1 failed=0\n"));
  EXPECT_THAT(passing.Format(), HasSubstr("every seed passed\n"));
  EXPECT_EQ(SweepSummary().Format(), "sweep: scenario=- seeds=0 passed=0 failed=0\n");
}

TEST(SweepSummaryTest, ListsTheLowestFailingSeedsUpToTheCap) {
  SweepSummary summary;
  const uint64_t failing = kListedFailingSeeds + 2;
  for (uint64_t seed = failing; seed >= 1; --seed) {
    summary.Add(Line(seed, 1.0, 1, 1, 1, 1, true));
  }
  const std::string text = summary.Format();
  EXPECT_THAT(text, HasSubstr("seeds=" + std::to_string(failing) + " passed=0 failed=" +
                              std::to_string(failing) + "\n"));
  EXPECT_THAT(text, HasSubstr("\n  seed 1: no_lost_writes\n"));
  EXPECT_THAT(text, HasSubstr("\n  seed " + std::to_string(kListedFailingSeeds) + ": "));
  EXPECT_THAT(text, Not(HasSubstr("\n  seed " + std::to_string(kListedFailingSeeds + 1) + ": ")));
  EXPECT_THAT(text, HasSubstr("  ... and 2 more failing seeds, not listed"));
  EXPECT_THAT(text, HasSubstr("lost writes: " + std::to_string(failing) + " in total"));
}

}  // namespace
}  // namespace sim::cli
