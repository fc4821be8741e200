// The ablation's side-by-side report (sim/report/ablation_report.h, ablation_render.h) from
// hand-made report.json objects: the metrics each variant gets, the comparison with the full
// configuration (difference, worse or better), and the Markdown and HTML renderings.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "sim/report/ablation_render.h"
#include "sim/report/ablation_report.h"
#include "tests/sim/xml_check.h"

namespace sim {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

json FullReport() {
  return json::parse(R"({
    "scenario": "wipe", "seed": 7, "digest": "00000000000000aa", "passed": true,
    "ops": {"get": {"availability": 1.0}, "put": {"availability": 0.98}},
    "consistency": {"stale_read_fraction": 0.01, "lost_writes": 0, "converged": true,
                    "convergence_time_s": 4.5},
    "checks": [{"name": "no_lost_writes", "passed": true}, {"name": "convergence", "passed": true}],
    "messages": {"sent": 1000,
                 "by_kind": {"get": {"count": 600, "bytes": 30000},
                             "merkle_root": {"count": 400, "bytes": 20000}},
                 "by_mechanism": {"replication": {"count": 600, "bytes": 30000},
                                  "merkle": {"count": 400, "bytes": 20000}}}})");
}

// Anti-entropy off: no Merkle traffic, replicas never converge, one check fails.
json NoAntiEntropyReport() {
  json report = FullReport();
  report["digest"] = "00000000000000bb";
  report["passed"] = false;
  report["consistency"]["converged"] = false;
  report["consistency"]["convergence_time_s"] = nullptr;
  report["checks"][1]["passed"] = false;
  report["messages"]["sent"] = 600;
  report["messages"]["by_kind"].erase("merkle_root");
  report["messages"]["by_mechanism"]["merkle"] = {{"count", 0}, {"bytes", 0}};
  return report;
}

json Ablation() {
  return report::AblationJson(
      "wipe", {7},
      {{"full", "full configuration", {}, false, {FullReport()}},
       {"no_anti_entropy", "anti_entropy off", {"cluster.anti_entropy.enabled=false"}, false,
        {NoAntiEntropyReport()}}});
}

TEST(AblationJsonTest, HasEachVariantsMetrics) {
  const json ablation = Ablation();
  EXPECT_EQ(ablation["scenario"], "wipe");
  EXPECT_EQ(ablation["seed"], 7u);
  ASSERT_EQ(ablation["variants"].size(), 2u);
  const json& off = ablation["variants"][1];
  EXPECT_EQ(off["id"], "no_anti_entropy");
  EXPECT_EQ(off["report"], "no_anti_entropy/report.json");
  EXPECT_EQ(off["overrides"], json::parse(R"(["cluster.anti_entropy.enabled=false"])"));
  EXPECT_EQ(off["digest"], "00000000000000bb");
  const json expected = json::parse(R"({
    "get_availability": 1.0, "put_availability": 0.98, "stale_read_fraction": 0.01,
    "lost_writes": 0, "converged": false, "convergence_time_s": null, "checks_passed": 1,
    "checks": 2, "passed": false, "messages": 600, "bytes": 30000,
    "by_mechanism": {"replication": {"count": 600, "bytes": 30000},
                     "merkle": {"count": 0, "bytes": 0}}})");
  EXPECT_EQ(off["metrics"], expected) << off["metrics"].dump(2);
  EXPECT_EQ(ablation["variants"][0]["metrics"]["bytes"], 50000u);
}

TEST(AblationTablesTest, ComparesEveryVariantWithTheFullConfiguration) {
  const std::vector<report::AblationTable> tables = report::AblationTables(Ablation());
  ASSERT_EQ(tables.size(), 3u);
  const report::AblationTable& outcome = tables[0];
  EXPECT_EQ(outcome.variants, (std::vector<std::string>{"full configuration", "anti_entropy off"}));
  auto cell = [&](const report::AblationTable& table, size_t variant, const std::string& column) {
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (table.columns[c] == column) return table.cells[variant][c];
    }
    ADD_FAILURE() << column;
    return report::AblationCell{};
  };
  EXPECT_EQ(cell(outcome, 1, "converged").text, "no");
  EXPECT_TRUE(cell(outcome, 1, "converged").worse);
  EXPECT_EQ(cell(outcome, 1, "converged").delta, "");  // a boolean has no difference
  EXPECT_EQ(cell(outcome, 1, "checks passed (of 2)").text, "1");
  EXPECT_EQ(cell(outcome, 1, "checks passed (of 2)").delta, "-1");
  EXPECT_TRUE(cell(outcome, 1, "checks passed (of 2)").worse);
  EXPECT_EQ(cell(outcome, 1, "bytes").delta, "-20000");
  EXPECT_TRUE(cell(outcome, 1, "bytes").better);
  EXPECT_FALSE(cell(outcome, 1, "get availability").differs);
  EXPECT_FALSE(cell(outcome, 0, "bytes").differs);  // the full configuration is the baseline
  const report::AblationTable& bytes = tables[1];
  ASSERT_EQ(bytes.columns.size(), 8u);  // every mechanism, in protocol order
  EXPECT_EQ(bytes.columns.front(), "client");
  EXPECT_EQ(cell(bytes, 0, "merkle").text, "20000");
  EXPECT_EQ(cell(bytes, 1, "merkle").text, "0");
  EXPECT_TRUE(cell(bytes, 1, "merkle").better);
  EXPECT_EQ(cell(bytes, 1, "client").text, "-");  // absent from both: no comparison
  EXPECT_FALSE(cell(bytes, 1, "client").differs);
  EXPECT_EQ(cell(tables[2], 1, "merkle").delta, "-400");
}

// Resurrected items (cart removes): in a variant's metrics and a column of the outcome table only
// when its runs made removes; Ablation() (no removes) has neither (HasEachVariantsMetrics).
TEST(AblationTablesTest, ResurrectedItemsOnlyForRunsWithRemoves) {
  EXPECT_THAT(report::RenderAblationMarkdown(Ablation()), Not(HasSubstr("resurrected")));
  json full = FullReport();
  full["consistency"]["resurrected_items"] = 0;
  json off = NoAntiEntropyReport();
  off["consistency"]["resurrected_items"] = 3;
  const json ablation = report::AblationJson(
      "wipe", {7},
      {{"full", "full configuration", {}, false, {full}},
       {"no_anti_entropy", "anti_entropy off", {"cluster.anti_entropy.enabled=false"}, false,
        {off}}});
  EXPECT_EQ(ablation["variants"][1]["metrics"]["resurrected_items"], 3u);
  const report::AblationTable outcome = report::AblationTables(ablation)[0];
  ASSERT_EQ(outcome.columns[4], "resurrected items");
  EXPECT_EQ(outcome.cells[0][4].text, "0");
  EXPECT_EQ(outcome.cells[1][4].text, "3");
  EXPECT_EQ(outcome.cells[1][4].delta, "+3");
  EXPECT_TRUE(outcome.cells[1][4].worse);
  EXPECT_THAT(report::RenderAblationMarkdown(ablation), HasSubstr("| resurrected items |"));
}

TEST(AblationRenderTest, MarkdownShowsVariantsOverridesAndDifferences) {
  const std::string markdown = report::RenderAblationMarkdown(Ablation());
  EXPECT_TRUE(markdown.starts_with("# dynamo-sim ablation: wipe (seed 7)\n")) << markdown;
  // Hand-made reports hold no resolved_scenario: the keys changed are unknown ("-").
  EXPECT_THAT(markdown, HasSubstr("| full configuration | (none) | - | - | `00000000000000aa` |\n"));
  EXPECT_THAT(markdown, HasSubstr("| anti_entropy off | --set cluster.anti_entropy.enabled=false | "
                                  "- | yes | `00000000000000bb` |\n"));
  EXPECT_THAT(markdown, HasSubstr("| anti_entropy off | --set cluster.anti_entropy.enabled=false |"));
  EXPECT_THAT(markdown, HasSubstr("| full configuration | 1 | 0.98 | 0.01 | 0 | yes | 4.5 | 2 | "
                                  "1000 | 50000 |\n"));
  EXPECT_THAT(markdown, HasSubstr("| anti_entropy off | 1 | 0.98 | 0.01 | 0 | **no** (worse) | "
                                  "**-** | **1** (-1, worse) | **600** (-400, better) | "
                                  "**30000** (-20000, better) |\n"));
}

TEST(AblationRenderTest, HtmlIsSelfContainedWithAWellFormedChart) {
  const std::string html = report::RenderAblationHtml(Ablation());
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(html.ends_with("</html>\n"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("src=")));
  EXPECT_THAT(html, HasSubstr("<a href=\"no_anti_entropy/report.html\">"));
  EXPECT_THAT(html, HasSubstr("<td class=\"diff worse\">no (worse)</td>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"diff better\">0 (-20000, better)</td>"));
  const std::vector<std::string> svgs = testing::SvgElements(html);
  ASSERT_EQ(svgs.size(), 1u);
  EXPECT_EQ(testing::XmlProblem(svgs.front()), "");
  EXPECT_THAT(svgs.front(), HasSubstr("<title>merkle: 20000</title>"));
}

TEST(AblationRenderTest, SurvivesAnEmptyOrSparseAblation) {
  const json sparse = json::parse(R"({"scenario": "x", "variants": [{"id": "full"}]})");
  EXPECT_THAT(report::RenderAblationMarkdown(sparse), HasSubstr("| full | - | - |"));
  const std::string html = report::RenderAblationHtml(json::object());
  for (const std::string& svg : testing::SvgElements(html)) EXPECT_EQ(testing::XmlProblem(svg), "");
}

}  // namespace
}  // namespace sim
