#include "sim/report/report_json.h"

#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/sim/run_result_fixture.h"

namespace sim {
namespace {

using nlohmann::json;

TEST(ReportJsonTest, HasTheExactValues) {
  const RunResult result = testing::SmallRunResult();
  const json report = ReportJson(ComputeRunSummary(result), result);
  EXPECT_EQ(report["scenario"], "two-puts");
  EXPECT_EQ(report["seed"], 42u);
  EXPECT_EQ(report["digest"], "0123456789abcdef");
  EXPECT_DOUBLE_EQ(report["sim_time_s"].get<double>(), 90.0005);
  EXPECT_DOUBLE_EQ(report["wall_time_s"].get<double>(), 0.25);
  EXPECT_EQ(report["events"], 12345u);

  const json expected_ops = json::parse(R"({
    "get": {"attempted": 4, "succeeded": 3, "availability": 0.75,
            "latency_ms": {"p50": 3.0, "p99": 8.0, "p999": 8.0, "max": 8.0}},
    "put": {"attempted": 3, "succeeded": 2, "availability": 0.6666666666666666,
            "latency_ms": {"p50": 4.0, "p99": 6.0, "p999": 6.0, "max": 6.0}}})");
  EXPECT_EQ(report["ops"], expected_ops) << report["ops"].dump(2);

  // The fixture records no final versions: both acknowledged puts count as lost.
  const json expected_consistency = json::parse(R"({
    "lost_writes": 2, "stale_reads": 1, "stale_read_fraction": 0.3333333333333333,
    "k_staleness": {"0": 2, "1": 1},
    "siblings_histogram": {"1": 2, "2": 1}, "max_siblings": 2})");
  EXPECT_EQ(report["consistency"], expected_consistency) << report["consistency"].dump(2);

  const json expected_messages = json::parse(R"({
    "sent": 300, "dropped": 7,
    "by_kind": {"get": {"count": 100, "bytes": 6400}, "put_ack": {"count": 50, "bytes": 1600},
                "gossip": {"count": 150, "bytes": 48000}}})");
  EXPECT_EQ(report["messages"], expected_messages) << report["messages"].dump(2);
}

TEST(ReportJsonTest, LeavesOutWhatTheRunCannotFill) {
  const RunResult result = testing::SmallRunResult();
  const json report = ReportJson(ComputeRunSummary(result), result);
  for (const char* key : {"timeline", "checks", "passed"}) {
    EXPECT_FALSE(report.contains(key)) << key;
  }
  for (const char* key : {"converged", "convergence_time_s"}) {
    EXPECT_FALSE(report["consistency"].contains(key)) << key;
  }
}

TEST(ReportJsonTest, RoundTripsThroughText) {
  const RunResult result = testing::SmallRunResult();
  const json report = ReportJson(ComputeRunSummary(result), result);
  const std::string text = report.dump(2);
  EXPECT_EQ(json::parse(text), report);
  EXPECT_EQ(json::parse(text).dump(2), text);
}

TEST(ReportJsonTest, KindListedTwiceIsSummed) {
  RunResult result = testing::SmallRunResult();
  result.traffic.push_back({"get", 1, 64});
  const json report = ReportJson(ComputeRunSummary(result), result);
  EXPECT_EQ(report["messages"]["by_kind"]["get"], json::parse(R"({"count": 101, "bytes": 6464})"));
}

TEST(ReportJsonTest, EmptyRun) {
  const RunResult result;
  const json report = ReportJson(ComputeRunSummary(result), result);
  EXPECT_EQ(report["ops"]["get"]["availability"], 1.0);
  EXPECT_EQ(report["ops"]["get"]["latency_ms"]["p99"], 0.0);
  EXPECT_EQ(report["consistency"]["stale_read_fraction"], 0.0);
  EXPECT_TRUE(report["consistency"]["siblings_histogram"].is_object());
  EXPECT_TRUE(report["messages"]["by_kind"].is_object());
}

}  // namespace
}  // namespace sim
