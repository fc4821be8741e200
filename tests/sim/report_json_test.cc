#include "sim/report/report_json.h"

#include <iterator>
#include <regex>
#include <string>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "sim/build_info.h"
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
  EXPECT_FALSE(report.contains("peak_rss_bytes"));  // not measured by the library
  EXPECT_EQ(report["events"], 12345u);

  const json expected_ops = json::parse(R"({
    "get": {"attempted": 4, "succeeded": 3, "availability": 0.75,
            "latency_ms": {"mean": 4.333333333333333, "p50": 3.0, "p99": 8.0, "p999": 8.0,
                           "max": 8.0}},
    "put": {"attempted": 3, "succeeded": 2, "availability": 0.6666666666666666,
            "latency_ms": {"mean": 5.0, "p50": 4.0, "p99": 6.0, "p999": 6.0, "max": 6.0}}})");
  json ops = report["ops"];
  // The CDF at fixed quantiles: gets took 2, 3 and 8 ms.
  ASSERT_EQ(ops["get"]["latency_cdf_ms"].size(), std::size(kCdfPartsPerMillion));
  EXPECT_EQ(ops["get"]["latency_cdf_ms"].front(), json::parse(R"({"q": 0.000001, "ms": 2.0})"));
  EXPECT_EQ(ops["get"]["latency_cdf_ms"][7], json::parse(R"({"q": 0.5, "ms": 3.0})"));
  EXPECT_EQ(ops["get"]["latency_cdf_ms"].back(), json::parse(R"({"q": 1.0, "ms": 8.0})"));
  ops["get"].erase("latency_cdf_ms");
  ops["put"].erase("latency_cdf_ms");
  EXPECT_EQ(ops, expected_ops) << report["ops"].dump(2);

  // The fixture records no final versions: both acknowledged puts count as lost.
  const json& consistency = report["consistency"];
  EXPECT_EQ(consistency["lost_writes"], 2u);
  EXPECT_EQ(consistency["acknowledged_puts"], 2u);
  EXPECT_EQ(consistency["lost_puts"][0],
            json::parse(R"({"key": 1, "put_op": 0, "client": "c1", "item": "100",
                            "acknowledged_s": 0.004})"));
  EXPECT_EQ(consistency["stale_reads"], 1u);
  EXPECT_EQ(consistency["stale_read_fraction"], 0.3333333333333333);
  EXPECT_EQ(consistency["k_staleness"], json::parse(R"({"0": 2, "1": 1})"));
  EXPECT_EQ(consistency["siblings_histogram"], json::parse(R"({"1": 2, "2": 1})"));
  EXPECT_EQ(consistency["max_siblings"], 2);
  // The fixture did not converge (nothing was sampled): no convergence time.
  EXPECT_EQ(consistency["converged"], false);
  EXPECT_TRUE(consistency["convergence_time_s"].is_null());

  const json expected_messages = json::parse(R"({
    "sent": 300, "dropped": 7,
    "by_kind": {"get": {"count": 100, "bytes": 6400}, "put_ack": {"count": 50, "bytes": 1600},
                "gossip": {"count": 150, "bytes": 48000}},
    "by_mechanism": {"client": {"count": 0, "bytes": 0}, "coordination": {"count": 0, "bytes": 0},
                     "replication": {"count": 150, "bytes": 8000},
                     "read_repair": {"count": 0, "bytes": 0},
                     "hinted_handoff": {"count": 0, "bytes": 0}, "merkle": {"count": 0, "bytes": 0},
                     "gossip": {"count": 150, "bytes": 48000},
                     "range_transfer": {"count": 0, "bytes": 0}}})");
  EXPECT_EQ(report["messages"], expected_messages) << report["messages"].dump(2);
}

TEST(ReportJsonTest, FillsTimelineChecksAndVerdict) {
  const RunResult result = testing::SmallRunResult();
  const json report = ReportJson(ComputeRunSummary(result), result);
  // 90.0005 s in 30 s buckets: 4 buckets; every op was invoked in the first.
  ASSERT_EQ(report["timeline"].size(), 4u);
  EXPECT_EQ(report["timeline_bucket_s"], 30.0);
  EXPECT_EQ(report["timeline"][0]["gets"], 4u);
  EXPECT_EQ(report["timeline"][0]["get_availability"], 0.75);
  EXPECT_EQ(report["timeline"][1]["t_s"], 30.0);
  EXPECT_EQ(report["timeline"][1]["gets"], 0u);
  ASSERT_EQ(report["checks"].size(), 2u);
  EXPECT_EQ(report["checks"][0]["name"], "no_lost_writes");
  EXPECT_EQ(report["checks"][0]["passed"], false);
  EXPECT_EQ(report["checks"][1]["name"], "convergence");
  EXPECT_EQ(report["passed"], false);
  EXPECT_TRUE(report["repair"].contains("keys_repaired"));
  EXPECT_TRUE(report["consistency"]["t_visibility"].is_array());
}

// The tool that wrote the report (sim/build_info.h): what `dynamo-sim --version` prints.
TEST(ReportJsonTest, NamesTheToolVersionAndCommit) {
  const RunResult result = testing::SmallRunResult();
  const json report = ReportJson(ComputeRunSummary(result), result);
  ASSERT_TRUE(report.contains("tool")) << report.dump(2);
  EXPECT_EQ(report["tool"]["name"], "dynamo-sim");
  EXPECT_EQ(report["tool"]["version"], ToolVersion());
  EXPECT_EQ(report["tool"]["commit"], ToolCommit());
  EXPECT_EQ(report["tool"].size(), 3u);
  // A release is MAJOR.MINOR.PATCH; a commit is 12 hex digits (perhaps "-dirty") or "unknown".
  EXPECT_TRUE(std::regex_match(report["tool"]["version"].get<std::string>(),
                               std::regex(R"(\d+\.\d+\.\d+)")));
  EXPECT_TRUE(std::regex_match(report["tool"]["commit"].get<std::string>(),
                               std::regex(R"([0-9a-f]{12}(-dirty)?|unknown)")))
      << report["tool"]["commit"];
}

TEST(ReportJsonTest, NodeLoadHasRequestsServedAsCoordinatorAndReplica) {
  const RunResult result = testing::SmallRunResult();
  const json nodes = ReportJson(ComputeRunSummary(result), result)["node_load"];
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[1], json::parse(R"({"node": "n2", "client_requests": 12, "forwarded": 3,
      "gets_coordinated": 6, "puts_coordinated": 4, "gets_as_replica": 10, "puts_as_replica": 7,
      "hints_stored": 0, "hints_delivered": 0, "hints_held": 2, "keys_repaired": 0,
      "keys_stored": 9})"));
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

TEST(ReportJsonTest, ByMechanismSumsKindsOfOneMechanismAndKeepsUnknownKindsApart) {
  RunResult result = testing::SmallRunResult();
  result.traffic.push_back({"merkle_root", 3, 120});
  result.traffic.push_back({"repair_push", 2, 100});
  result.traffic.push_back({"membership_reply", 1, 10});
  result.traffic.push_back({"telepathy", 4, 4});
  const json by_mechanism = ReportJson(ComputeRunSummary(result), result)["messages"]["by_mechanism"];
  EXPECT_EQ(by_mechanism["merkle"], json::parse(R"({"count": 5, "bytes": 220})"));
  EXPECT_EQ(by_mechanism["gossip"], json::parse(R"({"count": 151, "bytes": 48010})"));
  EXPECT_EQ(by_mechanism["other"], json::parse(R"({"count": 4, "bytes": 4})"));
  EXPECT_EQ(by_mechanism.size(), 9u);
}

TEST(ReportJsonTest, EmptyRun) {
  const RunResult result;
  const json report = ReportJson(ComputeRunSummary(result), result);
  EXPECT_EQ(report["ops"]["get"]["availability"], 1.0);
  EXPECT_EQ(report["ops"]["get"]["latency_ms"]["p99"], 0.0);
  EXPECT_EQ(report["consistency"]["stale_read_fraction"], 0.0);
  EXPECT_TRUE(report["consistency"]["siblings_histogram"].is_object());
  EXPECT_TRUE(report["messages"]["by_kind"].is_object());
  // Every mechanism is listed, even with no traffic at all.
  EXPECT_EQ(report["messages"]["by_mechanism"].size(), 8u);
  EXPECT_EQ(report["messages"]["by_mechanism"]["merkle"], json::parse(R"({"count": 0, "bytes": 0})"));
}

}  // namespace
}  // namespace sim
