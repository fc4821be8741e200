// Comparisons over several seeds (sim/report/report_compare.h with report groups): a difference
// inside the seeds' spread is "within noise", not worse or better; a clear one is marked; a
// one-seed comparison says so; the scenario keys in which the columns differ are named.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "sim/report/ablation_render.h"
#include "sim/report/ablation_report.h"
#include "sim/report/report_compare.h"
#include "sim/report/scenario_keys.h"

namespace sim {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

json RunReport(uint64_t seed, double get_availability, int r) {
  return {{"scenario", "q"},
          {"seed", seed},
          {"digest", "d" + std::to_string(seed) + "r" + std::to_string(r)},
          {"passed", true},
          {"ops", {{"get", {{"availability", get_availability}}}}},
          {"resolved_scenario",
           {{"name", "q"}, {"cluster", {{"nodes", 5}, {"replication", {{"n", 3}, {"r", r}}}}}}}};
}

report::ReportGroup Group(const std::vector<double>& availabilities, int r) {
  report::ReportGroup group;
  for (size_t i = 0; i < availabilities.size(); ++i) {
    group.push_back(RunReport(i + 1, availabilities[i], r));
  }
  return group;
}

report::ComparisonRow Row(const std::vector<report::ComparisonRow>& rows, const std::string& metric) {
  for (const report::ComparisonRow& row : rows) {
    if (row.metric == metric) return row;
  }
  ADD_FAILURE() << metric;
  return {};
}

TEST(ReportCompareSeedsTest, ADifferenceInsideTheSpreadIsWithinNoise) {
  // Baseline 0.90, 0.95, 1.00: mean 0.95, half-width 4.3027 * 0.05 / sqrt(3) = 0.124208,
  // shown to three significant digits of the half-width.
  // Other 0.92, 0.97, 0.99: mean 0.96, overlapping: neither better nor worse.
  const std::vector<report::ReportGroup> groups = {Group({0.90, 0.95, 1.00}, 2),
                                                   Group({0.92, 0.97, 0.99}, 2)};
  const report::ComparisonRow row = Row(report::CompareReports(groups), "get availability");
  EXPECT_EQ(row.values[0], "0.95 ± 0.124");
  EXPECT_TRUE(row.differs[1]);
  EXPECT_TRUE(row.within_noise[1]);
  EXPECT_FALSE(row.better[1]);
  EXPECT_FALSE(row.worse[1]);
  EXPECT_EQ(row.delta[1], "+0.01");
  const std::string markdown = report::RenderComparisonMarkdown({"a", "b"}, groups);
  EXPECT_THAT(markdown,
              HasSubstr("| get availability | 0.95 ± 0.124 | **0.96 ± 0.0896** (within noise) |"));
  EXPECT_THAT(markdown, Not(HasSubstr("(better) |")));
  EXPECT_THAT(markdown, HasSubstr("| metric | a (3 seeds) | b (3 seeds) |"));
  EXPECT_THAT(markdown, HasSubstr("95% interval"));
  // Seeds and digests are listed, not averaged.
  EXPECT_EQ(Row(report::CompareReports(groups), "seed").values[0], "1, 2, 3");
}

TEST(ReportCompareSeedsTest, AClearEffectOverTheSeedsIsMarked) {
  const std::vector<report::ReportGroup> groups = {Group({0.90, 0.95, 1.00}, 2),
                                                   Group({0.50, 0.52, 0.51}, 2)};
  const report::ComparisonRow row = Row(report::CompareReports(groups), "get availability");
  EXPECT_TRUE(row.worse[1]);
  EXPECT_FALSE(row.within_noise[1]);
  EXPECT_THAT(report::RenderComparisonMarkdown({"a", "b"}, groups), HasSubstr("(worse) |"));
}

TEST(ReportCompareSeedsTest, OneSeedMarksEveryDifferenceAndSaysItIsOneSeed) {
  const std::vector<report::ReportGroup> groups = {Group({0.95}, 2), Group({0.96}, 2)};
  const report::ComparisonRow row = Row(report::CompareReports(groups), "get availability");
  EXPECT_TRUE(row.better[1]);
  EXPECT_FALSE(row.within_noise[1]);
  const std::string markdown = report::RenderComparisonMarkdown({"a", "b"}, groups);
  EXPECT_THAT(markdown, HasSubstr("One seed per column"));
  EXPECT_THAT(markdown, HasSubstr("| get availability | 0.95 | **0.96** (better) |"));
}

TEST(ReportCompareSeedsTest, NamesTheScenarioKeysInWhichColumnsDiffer) {
  const std::vector<report::ReportGroup> groups = {Group({0.95}, 2), Group({0.95}, 1)};
  EXPECT_THAT(report::RenderComparisonMarkdown({"a", "b"}, groups),
              HasSubstr("Scenario keys that differ between the columns (values in column order): "
                        "cluster.replication.r (2 / 1)."));
  EXPECT_THAT(report::RenderComparisonHtml({"a", "b"}, groups),
              HasSubstr("cluster.replication.r (2 / 1)."));
  const std::vector<report::ReportGroup> same = {Group({0.95}, 2), Group({0.9}, 2)};
  EXPECT_THAT(report::RenderComparisonMarkdown({"a", "b"}, same),
              HasSubstr("(values in column order): none."));
  json old = RunReport(1, 0.9, 2);
  old.erase("resolved_scenario");
  EXPECT_THAT(report::RenderComparisonMarkdown({"a", "b"}, {Group({0.95}, 2), {old}}),
              HasSubstr("Scenario keys that differ: unknown"));
}

// Resurrected items (cart removes): a row only when some run has the figure, averaged over the
// seeds that have it.
TEST(ReportCompareSeedsTest, ResurrectedItemsOnlyWhenSomeRunHasRemoves) {
  const std::vector<report::ReportGroup> plain = {Group({0.95}, 2), Group({0.96}, 2)};
  EXPECT_THAT(report::RenderComparisonMarkdown({"a", "b"}, plain), Not(HasSubstr("resurrected")));
  report::ReportGroup removes = Group({0.95, 0.95}, 2);
  removes[0]["consistency"]["resurrected_items"] = 2;
  removes[1]["consistency"]["resurrected_items"] = 4;
  report::ReportGroup one = Group({0.95, 0.95}, 2);
  one[1]["consistency"]["resurrected_items"] = 1;
  const std::vector<report::ReportGroup> groups = {removes, one};
  const report::ComparisonRow row = Row(report::CompareReports(groups), "resurrected_items");
  EXPECT_EQ(row.values[0], "3 ± 12.7");
  EXPECT_EQ(row.values[1], "1 ± 0 (1 of 2 seeds)");
  EXPECT_EQ(row.delta[1], "-2");
  EXPECT_THAT(report::RenderComparisonMarkdown({"a", "b"}, groups),
              HasSubstr("| resurrected_items | 3 ± 12.7 | **1 ± 0 (1 of 2 seeds)** (within noise) |"));
  EXPECT_THAT(report::RenderComparisonHtml({"a", "b"}, groups),
              HasSubstr("<td>resurrected_items</td><td>3 ± 12.7</td>"));
}

TEST(ScenarioKeysTest, FlattensObjectsAndKeepsArraysWhole) {
  const json scenario = {{"cluster", {{"replication", {{"r", 2}}}, {"sloppy_quorum", true}}},
                         {"faults", json::array({{{"type", "crash"}}})},
                         {"name", "q"}};
  const auto flat = report::FlattenScenario(scenario);
  ASSERT_EQ(flat.size(), 4u);
  EXPECT_EQ(flat.at("cluster.replication.r"), "2");
  EXPECT_EQ(flat.at("cluster.sloppy_quorum"), "true");
  EXPECT_EQ(flat.at("faults"), R"([{"type":"crash"}])");
  EXPECT_EQ(flat.at("name"), "q");
  json other = scenario;
  other["cluster"]["sloppy_quorum"] = false;
  other.erase("name");
  const std::vector<report::DifferingKey> keys = report::DifferingScenarioKeys({&scenario, &other});
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].key, "cluster.sloppy_quorum");
  EXPECT_EQ(keys[1].key, "name");
  EXPECT_EQ(keys[1].values, (std::vector<std::string>{"q", "-"}));
}

TEST(AblationNotExercisedTest, AVariantWithTheFullDigestAtEverySeedIsNotExercised) {
  // Seeds 1 and 2. sloppy quorum off: the same digests as the full run (never needed);
  // read repair off: the same at seed 1 but not at seed 2, so exercised.
  json full_1 = RunReport(1, 0.9, 2);
  json full_2 = RunReport(2, 0.95, 2);
  json repair_2 = full_2;
  repair_2["digest"] = "other";
  json sloppy_1 = full_1;
  sloppy_1["resolved_scenario"]["cluster"]["sloppy_quorum"] = false;
  json sloppy_2 = full_2;
  sloppy_2["resolved_scenario"]["cluster"]["sloppy_quorum"] = false;
  const json ablation = report::AblationJson(
      "q", {1, 2},
      {{"full", "full configuration", {}, false, {full_1, full_2}},
       {"no_sloppy_quorum", "sloppy_quorum off", {"cluster.sloppy_quorum=false"}, false,
        {sloppy_1, sloppy_2}},
       {"no_read_repair", "read_repair off", {"cluster.read_repair=false"}, false,
        {full_1, repair_2}}});
  EXPECT_EQ(ablation["seeds"], json::array({1, 2}));
  EXPECT_FALSE(ablation["variants"][0]["not_exercised"]);
  EXPECT_TRUE(ablation["variants"][1]["not_exercised"]);
  EXPECT_FALSE(ablation["variants"][2]["not_exercised"]);
  EXPECT_EQ(ablation["variants"][1]["differs_from_full"], json::array({"cluster.sloppy_quorum"}));
  EXPECT_EQ(ablation["variants"][1]["runs"][1]["report"], "no_sloppy_quorum/seed-2/report.json");
  const std::string markdown = report::RenderAblationMarkdown(ablation);
  EXPECT_THAT(markdown, HasSubstr("# dynamo-sim ablation: q (seeds 1..2)"));
  EXPECT_THAT(markdown, HasSubstr("| sloppy_quorum off (not exercised by this scenario) |"));
  EXPECT_THAT(markdown, HasSubstr("| sloppy_quorum off | --set cluster.sloppy_quorum=false | "
                                  "cluster.sloppy_quorum | not exercised by this scenario"));
  EXPECT_THAT(markdown, Not(HasSubstr("read_repair off (not exercised")));
  EXPECT_THAT(report::RenderAblationHtml(ablation),
              HasSubstr("<a href=\"no_read_repair/seed-2/report.html\">"));
}

}  // namespace
}  // namespace sim
