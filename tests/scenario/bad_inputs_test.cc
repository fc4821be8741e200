// Malformed scenario files (testdata/bad/*.json), each paired with what its error must say. Each
// goes through the library and through the CLI (validate and explain): exit 2, the JSON path in
// stderr, nothing on stdout.
#include <filesystem>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sim/scenario/scenario_loader.h"
#include "tests/scenario/scenario_test_util.h"

namespace sim::scenario {
namespace {

using ::sim::scenario::test_util::FilesIn;
using ::sim::scenario::test_util::RunCli;
using ::sim::scenario::test_util::SourcePath;
using ::testing::HasSubstr;
using ::testing::StartsWith;

struct BadInput {
  std::string file;     // under tests/scenario/testdata/bad/
  std::string where;    // the JSON path (or the line and column of a syntax error)
  std::string message;  // the rest of what the error must say
};

const std::vector<BadInput>& BadInputs() {
  static const auto* const inputs = new std::vector<BadInput>{
      {"availability_out_of_range.json", "/checks/availability/get", "must be in [0, 1], got 1.01"},
      {"bad_partition_member.json", "/faults/0/groups/0/1", "unknown node or client \"c9\""},
      {"bare_number_duration.json", "/duration",
       "expected a duration string with a unit such as \"20ms\", got 30"},
      {"clock_skew_bare_offset.json", "/faults/0/offset", "expected a duration string"},
      {"duplicate_key.json", "/cluster/nodes", "duplicate key"},
      {"duration_without_unit.json", "/quiesce", "with a unit such as \"20ms\", got \"60\""},
      {"empirical_last_quantile.json", "/network/latency/quantiles/1",
       "the last quantile must be exactly 1.0"},
      {"empirical_not_increasing.json", "/storage/read_latency/quantiles/1/0",
       "quantiles must increase strictly"},
      {"empty_bug_name.json", "/bugs/1", "must not be empty"},
      {"empty_file.json", "line 1, column 1", "invalid JSON"},
      {"fault_after_duration.json", "/faults/0/at", "must be < duration (60s), got \"90s\""},
      {"fault_key_of_other_type.json", "/faults/0/groups",
       "fault type \"crash\" does not take \"groups\""},
      {"heal_with_until.json", "/faults/0/until", "\"heal\" is instantaneous"},
      {"invalid_json.json", "line 4, column 11", "invalid JSON"},
      {"join_existing_node.json", "/faults/0/nodes/0", "node \"n2\" already exists"},
      {"joined_node_used_before_join.json", "/faults/1/nodes/0", "unknown node \"n6\""},
      {"lognormal_p99_below_median.json", "/network/latency/p99",
       "must be >= median (10ms), got \"5ms\""},
      {"member_in_two_groups.json", "/faults/0/groups/1/1", "\"c1\" is in more than one group"},
      {"merkle_depth_too_deep.json", "/cluster/anti_entropy/merkle_depth", "must be <= 20, got 21"},
      {"missing_cluster_nodes.json", "/cluster/nodes", "required key is missing"},
      {"missing_name.json", "/name", "required key is missing"},
      {"misspelled_fault_type.json", "/faults/0/type", "did you mean \"partition\"?"},
      {"misspelled_always_writeable.json", "/workload/always_writable",
       "unknown key \"always_writable\"; did you mean \"always_writeable\"?"},
      {"max_outage_zero.json", "/checks/availability/max_outage", "must be greater than 0s"},
      {"client_refresh_zero.json", "/cluster/client_refresh", "must be greater than 0s"},
      {"misspelled_coordination.json", "/cluster/coordination",
       "did you mean \"client_library\"?"},
      {"t_visibility_not_ascending.json", "/checks/t_visibility/at/1",
       "durations must be strictly ascending"},
      {"reads_after_put_negative.json", "/workload/reads_after_put/1", "must not be negative"},
      {"misspelled_key.json", "/cluster/replicaton",
       "unknown key \"replicaton\"; did you mean \"replication\"?"},
      {"misspelled_message_kind.json", "/network/by_message/put_acks",
       "unknown message kind \"put_acks\"; did you mean \"put_ack\"?"},
      {"mix_not_summing_to_one.json", "/workload/mix", "get + put must be 1"},
      {"mix_with_remove_above_one.json", "/workload/mix",
       "get + put + remove must be 1, got 0.5 + 0.4 + 0.2 = "},
      {"remove_above_one.json", "/workload/mix/remove", "must be in [0, 1], got 1.5"},
      {"remove_with_registers.json", "/workload/mix/remove",
       "removes need carts (workload.read_modify_write true)"},
      {"mixture_negative_weight.json", "/network/latency/parts/0/weight", "must be > 0, got -1"},
      {"n_greater_than_nodes.json", "/cluster/replication/n", "must be <= nodes (3), got 5"},
      {"negative_fault_time.json", "/faults/0/at", "must not be negative"},
      {"negative_seed.json", "/seed", "must be >= 0, got -1"},
      {"nemesis_unknown_fault.json", "/nemesis/faults/1", "must be one of \"partition\""},
      {"node_name_like_client.json", "/cluster/node_names/0", "reserved for clients"},
      {"node_names_duplicate.json", "/cluster/node_names/1", "\"a\" is listed twice"},
      {"node_names_wrong_length.json", "/cluster/node_names",
       "must list exactly `nodes` (3) names, got 2"},
      {"nodes_wrong_type.json", "/cluster/nodes", "expected an integer, got \"5\""},
      {"not_an_object.json", "(root)", "expected an object"},
      {"one_way_overlap.json", "/faults/0/to/0", "\"n2\" is in both from and to"},
      {"pareto_zero_shape.json", "/network/latency/shape", "must be > 0, got 0"},
      {"probability_above_one.json", "/network/drop_rate", "must be in [0, 1], got 1.5"},
      {"r_greater_than_n.json", "/cluster/replication/r", "must be <= n (3), got 4"},
      {"pw_greater_than_n.json", "/cluster/replication/pw", "must be <= n (3), got 4"},
      {"pr_negative.json", "/cluster/replication/pr", "must be >= 0, got -1"},
      {"bound_entry_with_client_library.json", "/workload/entry",
       "\"bound\" needs cluster.coordination \"server\""},
      {"datacenter_entry_with_client_library.json", "/workload/entry",
       "\"datacenter\" needs cluster.coordination \"server\""},
      {"datacenter_entry_without_datacenters.json", "/workload/entry",
       "\"datacenter\" needs network.datacenters"},
      {"fanout_quorum_with_server_coordination.json", "/cluster/replication/fanout",
       "\"quorum\" needs cluster.coordination \"client_library\""},
      {"fanout_quorum_with_vector_clock.json", "/cluster/replication/fanout",
       "\"quorum\" needs cluster.conflict_resolution \"last_write_wins\""},
      {"fanout_quorum_with_read_repair.json", "/cluster/replication/fanout",
       "\"quorum\" needs cluster.read_repair false"},
      {"fanout_quorum_with_anti_entropy.json", "/cluster/replication/fanout",
       "\"quorum\" needs cluster.anti_entropy.enabled false"},
      {"fanout_quorum_with_sloppy_quorum.json", "/cluster/replication/fanout",
       "\"quorum\" needs cluster.sloppy_quorum false"},
      {"fanout_quorum_pr_above_r.json", "/cluster/replication/pr",
       "must be <= r (1) with fanout \"quorum\""},
      {"misspelled_fanout.json", "/cluster/replication/fanout", "did you mean \"quorum\"?"},
      {"failure_backoff_open_loop.json", "/workload/failure_backoff",
       "applies to closed-loop clients only"},
      {"misspelled_entry.json", "/workload/entry", "did you mean \"bound\"?"},
      {"stop_after_duration.json", "/workload/stop", "must be <= duration (60s)"},
      {"strategy3_too_few_partitions.json", "/cluster/partitioning/partitions",
       "must be >= nodes with strategy 3 (5), got 4"},
      {"sub_microsecond_duration.json", "/cluster/request_timeout", "microsecond resolution"},
      {"uniform_min_above_max.json", "/storage/write_latency/max", "must be >= min (5ms)"},
      {"unknown_distribution.json", "/network/latency/distribution", "did you mean \"lognormal\"?"},
      {"unknown_enum_value.json", "/cluster/conflict_resolution",
       "must be one of \"vector_clock\", \"last_write_wins\", got \"last_writer_wins\"; did you "
       "mean \"last_write_wins\"?"},
      {"unknown_gossip_seed.json", "/cluster/gossip/seeds/0", "unknown node \"n7\""},
      {"unknown_key.json", "/frobnicate", "unknown key \"frobnicate\" (known keys: name,"},
      {"unknown_latency_check.json", "/checks/latency/get_p95", "unknown key \"get_p95\""},
      {"unknown_node_in_fault.json", "/faults/1/nodes/0", "unknown node \"n9\""},
      {"until_before_at.json", "/faults/0/until", "must be after at (20s), got \"10s\""},
      {"zero_clients.json", "/workload/clients", "must be >= 1, got 0"},
      {"zipf_without_s.json", "/workload/key_distribution/s", "required key is missing"},
      {"datacenter_unknown_node.json", "/network/datacenters/east/nodes/1", "unknown node \"n9\""},
      {"datacenter_node_in_two.json", "/network/datacenters/west/nodes/0",
       "node \"n2\" is in more than one datacenter"},
      {"datacenter_missing_node.json", "/network/datacenters", "node \"n4\" is in no datacenter"},
      {"datacenter_missing_joined_node.json", "/network/datacenters",
       "node \"n5\" is in no datacenter; with datacenters every node, joined ones included"},
      {"datacenter_empty_nodes.json", "/network/datacenters/east/nodes", "must not be empty"},
      {"datacenter_named_like_node.json", "/network/datacenters/n1",
       "\"n1\" names both a node and a datacenter"},
      {"datacenter_named_like_client.json", "/network/datacenters/c7",
       "datacenter names follow the rule of node names: node name \"c7\" has the form c<number>"},
      {"datacenter_unknown_client.json", "/network/datacenters/east/clients/0",
       "unknown client \"c9\"; clients are c1..c3"},
      {"datacenter_client_in_two.json", "/network/datacenters/west/clients/1",
       "client \"c1\" is in more than one datacenter"},
      {"datacenter_latency_without_datacenters.json", "/network/datacenter_latency",
       "needs network.datacenters"},
      {"datacenter_pair_unknown.json", "/network/datacenter_latency_by_pair/east|south",
       "expected \"dc1|dc2\", two datacenters of network.datacenters"},
      {"datacenter_pair_twice.json", "/network/datacenter_latency_by_pair/west|east",
       "the pair \"west\" and \"east\" is given twice"},
      {"datacenter_pair_same.json", "/network/datacenter_latency_by_pair/east|east",
       "names datacenter \"east\" twice"},
      {"replication_datacenters_zero.json", "/cluster/replication/datacenters", "must be >= 1, got 0"},
      {"replication_datacenters_above_n.json", "/cluster/replication/datacenters",
       "must be <= n (2), got 3"},
      {"replication_datacenters_above_count.json", "/cluster/replication/datacenters",
       "must be <= the datacenters (2), got 3"},
      {"replication_datacenters_without_datacenters.json", "/cluster/replication/datacenters",
       "must be 1 without network.datacenters, got 2"},
      {"partition_datacenter_overlap.json", "/faults/0/groups/1/0",
       "\"n1\" (of datacenter \"east\") is in more than one group"},
  };
  return *inputs;
}

std::string BadPath(const std::string& file) {
  return SourcePath("tests/scenario/testdata/bad/" + file);
}

// "<file>: <where>: ..." for paths; for syntax errors the line and column follow "invalid JSON".
std::string ExpectedPrefix(const BadInput& input) {
  if (input.where.front() == '/' || input.where == "(root)") {
    return BadPath(input.file) + ": " + input.where + ": ";
  }
  return BadPath(input.file) + ": ";
}

class ScenarioBadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(ScenarioBadInputTest, LibraryRejectsWithPathAndReason) {
  const BadInput& input = GetParam();
  const absl::StatusOr<Scenario> loaded = LoadScenarioFile(BadPath(input.file), {});
  ASSERT_FALSE(loaded.ok()) << input.file << " loaded";
  const std::string message(loaded.status().message());
  EXPECT_THAT(message, StartsWith(ExpectedPrefix(input)));
  EXPECT_THAT(message, HasSubstr(input.where));
  EXPECT_THAT(message, HasSubstr(input.message));
}

TEST_P(ScenarioBadInputTest, CliValidateExits2WithPathOnStderr) {
  const BadInput& input = GetParam();
  const test_util::CliResult result = RunCli({"validate", BadPath(input.file)});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr(input.where));
  EXPECT_THAT(result.err, HasSubstr(input.message));
  EXPECT_EQ(result.out, "");
}

TEST_P(ScenarioBadInputTest, CliExplainExits2WithPathOnStderr) {
  const BadInput& input = GetParam();
  const test_util::CliResult result = RunCli({"explain", BadPath(input.file)});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr(input.where));
  EXPECT_EQ(result.out, "");
}

std::string TestName(const ::testing::TestParamInfo<BadInput>& info) {
  std::string name = std::filesystem::path(info.param.file).stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(AllBadFiles, ScenarioBadInputTest, ::testing::ValuesIn(BadInputs()),
                         TestName);

TEST(ScenarioBadInputTableTest, EveryBadFileHasAnExpectationAndViceVersa) {
  std::vector<std::string> listed;
  for (const BadInput& input : BadInputs()) listed.push_back(BadPath(input.file));
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(FilesIn(SourcePath("tests/scenario/testdata/bad"), ".json"), listed);
  EXPECT_GE(listed.size(), 20u);
}

}  // namespace
}  // namespace sim::scenario
