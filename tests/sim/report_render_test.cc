// report.md and report.html (sim/report/) rendered from report.json alone: every section is
// there, the HTML is one self-contained file and each of its SVG charts is well-formed XML; and
// the comparison of two reports marks what differs and what is worse.
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "sim/report/report_compare.h"
#include "sim/report/report_html.h"
#include "sim/report/report_json.h"
#include "sim/report/report_markdown.h"
#include "sim/report/svg.h"
#include "tests/sim/run_result_fixture.h"
#include "tests/sim/xml_check.h"

namespace sim {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using nlohmann::json;

json SmallReport() {
  const RunResult result = testing::SmallRunResult();
  return ReportJson(ComputeRunSummary(result), result);
}

TEST(ReportRoundTripTest, DumpParseDumpIsTheIdentity) {
  const json report = SmallReport();
  for (int indent : {-1, 2}) {
    const std::string text = report.dump(indent);
    EXPECT_EQ(json::parse(text).dump(indent), text);
    EXPECT_EQ(json::parse(text), report);
  }
}

TEST(XmlCheckTest, CatchesWhatItMust) {
  EXPECT_EQ(testing::XmlProblem("<svg a=\"1\"><g><text>a &amp; b</text></g></svg>"), "");
  EXPECT_NE(testing::XmlProblem("<svg><g></svg>"), "");
  EXPECT_NE(testing::XmlProblem("<svg a=1></svg>"), "");
  EXPECT_NE(testing::XmlProblem("<svg a=\"1\" a=\"2\"></svg>"), "");
  EXPECT_NE(testing::XmlProblem("<svg><text>a & b</text></svg>"), "");
  EXPECT_NE(testing::XmlProblem("<svg><text>a < b</text></svg>"), "");
  EXPECT_NE(testing::XmlProblem("<svg>"), "");
}

TEST(ReportHtmlTest, HasEverySectionAndWellFormedSvg) {
  const std::string html = report::RenderHtml(SmallReport());
  for (const char* section :
       {"id=\"checks\"", "id=\"ops\"", "id=\"consistency\"", "id=\"t-visibility\"",
        "id=\"versions\"", "id=\"repair\"", "id=\"messages\"", "id=\"node-load\"", "id=\"faults\"",
        "id=\"timeline\"", "Availability over time", "p99 latency over time",
        "Latency CDF", "t-visibility: P(get sees", "Versions returned per successful get",
        "Per-node load", "Stale reads over time", "Messages sent over time",
        "id=\"mechanisms\"", "Bytes sent by mechanism", "Throughput over time",
        "id=\"outages\"", "id=\"recovery\""}) {
    EXPECT_THAT(html, HasSubstr(section));
  }
  // Fault windows are shaded and labelled; axes carry units.
  EXPECT_THAT(html, HasSubstr(">partition</text>"));
  EXPECT_THAT(html, HasSubstr(">crash</text>"));
  EXPECT_THAT(html, HasSubstr("virtual time (s)"));
  EXPECT_THAT(html, HasSubstr("latency (ms, log scale)"));
  EXPECT_THAT(html, HasSubstr("class=\"fail\">FAIL</td>"));
  // Self-contained: no script, no external reference.
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("src=")));
  EXPECT_THAT(html, Not(HasSubstr("href=")));
  const std::vector<std::string> svgs = testing::SvgElements(html);
  EXPECT_EQ(svgs.size(), 10u);
  for (const std::string& svg : svgs) EXPECT_EQ(testing::XmlProblem(svg), "") << svg;
  EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(html.ends_with("</html>\n"));
}

// The provenance line names the tool from report.json's `tool`; an old report without it says so.
TEST(ReportProvenanceTest, MarkdownAndHtmlNameTheTool) {
  json report = SmallReport();
  report["tool"] = {{"name", "dynamo-sim"}, {"version", "9.8.7"}, {"commit", "0123456789ab"}};
  EXPECT_THAT(report::RenderMarkdown(report),
              HasSubstr("\nProduced by dynamo-sim 9.8.7, commit 0123456789ab.\n"));
  EXPECT_THAT(report::RenderHtml(report),
              HasSubstr("<p class=\"provenance\">Produced by dynamo-sim 9.8.7, commit "
                        "0123456789ab.</p>"));
  report.erase("tool");
  EXPECT_THAT(report::RenderMarkdown(report),
              HasSubstr("Produced by unknown (report.json has no tool)."));
}

// Mean latency beside the percentiles; t-visibility with its exact t = 0 row and cumulative form.
TEST(ReportMarkdownTest, OpsTableHasTheMeanAndTVisibilityTheCumulativeForm) {
  json report = SmallReport();
  const std::string markdown = report::RenderMarkdown(report);
  EXPECT_THAT(markdown, HasSubstr("| op | attempted | succeeded | availability | mean (ms) | "
                                  "p50 (ms) |"));
  EXPECT_THAT(markdown, HasSubstr("| put | 3 | 2 | 0.666667 | 5 | 4 | 6 | 6 | 6 |"));
  report["consistency"]["t_visibility"] = json::parse(R"([
      {"t_ms": 0, "t_end_ms": 0, "exact": true, "gets": 3, "saw": 1, "probability": 0.25,
       "cumulative_gets": 3, "cumulative_saw": 1, "cumulative_probability": 0.25},
      {"t_ms": 1, "t_end_ms": 2, "exact": false, "gets": 2, "saw": 1, "probability": 0.5,
       "cumulative_gets": 5, "cumulative_saw": 2, "cumulative_probability": 0.4}])");
  const std::string with_curve = report::RenderMarkdown(report);
  EXPECT_THAT(with_curve, HasSubstr("| 0 (exact) | 0 | 3 | 1 | 0.25 | 3 | 0.25 |\n"
                                    "| 1 | 2 | 2 | 1 | 0.5 | 5 | 0.4 |\n"));
}

TEST(ReportHtmlTest, BytesByMechanismInProtocolOrderWithShares) {
  const std::string markdown = report::RenderMarkdown(SmallReport());
  // 8000 of 56000 bytes are replication, 48000 gossip; rows in mechanism order, not alphabetical.
  EXPECT_THAT(markdown, HasSubstr("| mechanism | count | bytes | share of bytes |\n|---|---|---|---|\n"
                                  "| client | 0 | 0 | 0.0% |\n| coordination | 0 | 0 | 0.0% |\n"
                                  "| replication | 150 | 8000 | 14.3% |\n"));
  EXPECT_THAT(markdown, HasSubstr("| gossip | 150 | 48000 | 85.7% |\n| range_transfer | 0 | 0 | 0.0% |\n"));
  const std::string html = report::RenderHtml(SmallReport());
  EXPECT_THAT(html, HasSubstr("<title>replication: 8000</title>"));
}

TEST(ReportHtmlTest, WallTimeNotMeasuredIsLeftOut) {
  json report = SmallReport();
  EXPECT_THAT(report::RenderHtml(report), HasSubstr("wall time (s)"));
  report["wall_time_s"] = 0.0;
  EXPECT_THAT(report::RenderHtml(report), Not(HasSubstr("wall time")));
  EXPECT_THAT(report::RenderMarkdown(report), Not(HasSubstr("wall time")));
}

TEST(ReportHtmlTest, EscapesTextFromTheReport) {
  json report = SmallReport();
  report["scenario"] = "a<b & \"c\"";
  report["faults"][0]["type"] = "<evil>";
  const std::string html = report::RenderHtml(report);
  EXPECT_THAT(html, HasSubstr("a&lt;b &amp; &quot;c&quot;"));
  EXPECT_THAT(html, Not(HasSubstr("<evil>")));
  for (const std::string& svg : testing::SvgElements(html)) {
    EXPECT_EQ(testing::XmlProblem(svg), "");
  }
}

TEST(ReportHtmlTest, SurvivesAReportWithMissingKeys) {
  const json sparse = json::parse(R"({"scenario": "old", "ops": {"get": {"attempted": 3}}})");
  const std::string html = report::RenderHtml(sparse);
  EXPECT_THAT(html, HasSubstr("dynamo-sim report: old"));
  for (const std::string& svg : testing::SvgElements(html)) {
    EXPECT_EQ(testing::XmlProblem(svg), "");
  }
  EXPECT_THAT(report::RenderMarkdown(sparse), HasSubstr("| get | 3 | - |"));
}

TEST(ReportMarkdownTest, HasTheVerdictChecksAndTables) {
  const std::string markdown = report::RenderMarkdown(SmallReport());
  EXPECT_TRUE(markdown.starts_with("# dynamo-sim report: two-puts\n\n**FAILED** (seed 42"));
  EXPECT_THAT(markdown, HasSubstr("| no_lost_writes | **FAIL** | 2 of 2 acknowledged puts lost"));
  EXPECT_THAT(markdown, HasSubstr("| get | 4 | 3 | 0.75 | 4.333333 | 3 | 8 | 8 | 8 |"));
  EXPECT_THAT(markdown, HasSubstr("| partition | 10 | 25 |"));
  EXPECT_THAT(markdown, HasSubstr("| n2 | 12 | 3 | 6 | 4 | 10 | 7 | 0 | 0 | 2 | 0 | 9 |"));
  EXPECT_THAT(markdown, HasSubstr("## Timeline"));
}

TEST(ReportCompareTest, MarksDifferencesAndWhatIsWorse) {
  const json baseline = SmallReport();
  json other = baseline;
  other["ops"]["get"]["availability"] = 0.5;   // worse
  other["ops"]["put"]["latency_ms"]["p99"] = 1.0;  // better
  other["digest"] = "fedcba9876543210";         // neither
  const std::vector<report::ComparisonRow> rows = report::CompareReports({{baseline}, {other}});
  auto row = [&](const std::string& metric) {
    for (const report::ComparisonRow& r : rows) {
      if (r.metric == metric) return r;
    }
    ADD_FAILURE() << metric;
    return report::ComparisonRow{};
  };
  EXPECT_TRUE(row("get availability").differs[1]);
  EXPECT_TRUE(row("get availability").worse[1]);
  EXPECT_TRUE(row("put p99 (ms)").differs[1]);
  EXPECT_FALSE(row("put p99 (ms)").worse[1]);
  EXPECT_TRUE(row("put p99 (ms)").better[1]);
  EXPECT_FALSE(row("get availability").better[1]);
  EXPECT_TRUE(row("digest").differs[1]);
  EXPECT_FALSE(row("digest").worse[1]);
  EXPECT_FALSE(row("digest").better[1]);
  EXPECT_FALSE(row("get p50 (ms)").differs[1]);
  EXPECT_EQ(row("check no_lost_writes").values[0], "FAIL");
  const std::string markdown = report::RenderComparisonMarkdown({"a", "b"}, {{baseline}, {other}});
  EXPECT_THAT(markdown, HasSubstr("| get availability | 0.75 | **0.5** (worse) |"));
  EXPECT_THAT(markdown, HasSubstr("| put p99 (ms) | 6 | **1** (better) |"));
  const std::string html = report::RenderComparisonHtml({"a", "b"}, {{baseline}, {other}});
  EXPECT_THAT(html, HasSubstr("<td class=\"diff worse\">0.5 (worse)</td>"));
  EXPECT_EQ(row("get availability").delta[1], "-0.25");
  EXPECT_EQ(row("put p99 (ms)").delta[1], "-5");
  EXPECT_EQ(row("get availability").delta[0], "");
  EXPECT_EQ(row("digest").delta[1], "");  // not a number
}

}  // namespace
}  // namespace sim
