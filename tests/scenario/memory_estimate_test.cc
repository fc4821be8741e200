// The loader's memory estimate (sim/scenario/memory_estimate.h): the issue's cases are refused
// with the keys to change, ordinary scenarios fit, and the --memory-budget syntax.
#include "sim/scenario/memory_estimate.h"

#include <regex>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/scenario/scenario_test_util.h"

namespace sim::scenario {
namespace {

using test_util::CliResult;
using test_util::Parse;
using test_util::Patched;
using test_util::RunCli;
using test_util::SourcePath;
using ::testing::HasSubstr;
using ::testing::Not;

std::string BudgetError(const std::string& patch) {
  const absl::StatusOr<Scenario> scenario = Parse(Patched(patch));
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  if (!scenario.ok()) return "";
  const absl::Status fits = CheckMemoryBudget(*scenario, kDefaultMemoryBudgetBytes, "test.json");
  EXPECT_FALSE(fits.ok());
  return std::string(fits.message());
}

// keys: 2^40 with Zipf used to allocate an 8 TiB table and die in std::bad_alloc.
TEST(MemoryEstimateTest, ZipfOverTwoToTheFortyKeysIsRefused) {
  const std::string error = BudgetError(
      R"({"workload": {"keys": 1099511627776, "key_distribution": {"type": "zipf", "s": 1}}})");
  EXPECT_THAT(error, HasSubstr("test.json: the run would need about 8 TiB of memory (estimated), "
                               "more than the budget of 4 GiB (--memory-budget changes it): "
                               "Zipf key table about 8 TiB (lower workload.keys, "
                               "workload.key_distribution)"));
}

// 1,000 nodes with 2^20 partitions: a ring of 2^20 tokens on every node (20 nodes took 626 MB).
TEST(MemoryEstimateTest, AThousandNodesWithTwoToTheTwentyPartitionsAreRefused) {
  const std::string error =
      BudgetError(R"({"cluster": {"nodes": 1000, "partitioning": {"partitions": 1048576}}})");
  // 1,000 x 2^20 tokens x 48 bytes.
  EXPECT_THAT(error, HasSubstr("ring copies (nodes x partitions) about 46.9 GiB (lower "
                               "cluster.nodes, cluster.partitioning.partitions, "
                               "cluster.partitioning.tokens_per_node)"));
  const absl::StatusOr<Scenario> twenty =
      Parse(Patched(R"({"cluster": {"nodes": 20, "partitioning": {"partitions": 1048576}}})"));
  ASSERT_TRUE(twenty.ok());
  EXPECT_TRUE(CheckMemoryBudget(*twenty, kDefaultMemoryBudgetBytes, "x").ok());
}

// One hot cart key and 20 closed-loop writers for 30 s took more than 22 GB when every get kept a
// copy of the cart it read; the history now keeps runs of put positions (sim/history.h), so only
// the replicas' carts and those in flight grow with the cart.
TEST(MemoryEstimateTest, OneHotCartKeyWithTwentyWritersFits) {
  const absl::StatusOr<Scenario> hot =
      Parse(Patched(R"({"duration": "30s", "workload": {"clients": 20, "keys": 1}})"));
  ASSERT_TRUE(hot.ok());
  // 20 clients x 30 s / (4 x 1 ms median) = 150,000 ops, half puts: a cart of 75,000 items in
  // 3 replicas + 20 clients x 2 x 3 in flight = 123 copies of 64 bytes an item.
  for (const MemoryTerm& term : EstimateMemory(*hot)) {
    if (term.what.starts_with("cart values")) {
      EXPECT_EQ(term.bytes, 123ull * 75'000 * 64);
    }
  }
  EXPECT_TRUE(CheckMemoryBudget(*hot, kDefaultMemoryBudgetBytes, "x").ok());
}

// 200 writers on one hot cart for 300 s: 15,000,000 ops, carts of 7,500,000 items, 1,203 copies.
TEST(MemoryEstimateTest, TwoHundredWritersOnOneCartForFiveMinutesAreRefused) {
  const std::string error =
      BudgetError(R"({"duration": "300s", "workload": {"clients": 200, "keys": 1}})");
  EXPECT_THAT(error, HasSubstr("cart values held by replicas and messages (copies x cart size) "
                               "about 537.8 GiB (lower workload.keys, duration"));
}

uint64_t HistoryBytes(const std::string& patch) {
  const absl::StatusOr<Scenario> scenario = Parse(Patched(patch));
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  if (!scenario.ok()) return 0;
  for (const MemoryTerm& term : EstimateMemory(*scenario)) {
    if (term.what == "history (ops)") return term.bytes;
  }
  ADD_FAILURE() << "no history term";
  return 0;
}

// workload.reads_after_put adds one get per offset after every put: with puts only and three
// offsets, an open-loop history holds four ops per user-level op.
TEST(MemoryEstimateTest, ReadsAfterPutCountInTheHistory) {
  const uint64_t plain = HistoryBytes(R"({"workload": {"mix": {"put": 1}, "rate": 100}})");
  const uint64_t probed = HistoryBytes(
      R"({"workload": {"mix": {"put": 1}, "rate": 100, "reads_after_put": ["0us", "1ms", "2ms"]}})");
  ASSERT_GT(plain, 0u);
  EXPECT_NEAR(static_cast<double>(probed), 4.0 * static_cast<double>(plain), 4.0);
}

// A closed-loop client waits for its last reads_after_put get before its next op: with a 1 ms
// constant latency (4 hops: 4 ms a put) and the last offset at 2 ms, a cycle takes 6 ms instead
// of 4, so the client issues 4/6 as many puts, each with 3 gets (pbs-lnkd-disk was estimated at
// 19.9 GiB, 70x its measured peak, before the wait was counted).
TEST(MemoryEstimateTest, ClosedLoopClientsWaitForTheirReadsAfterPut) {
  const std::string base =
      R"("network": {"latency": {"distribution": "constant", "value": "1ms"}},
         "workload": {"mix": {"put": 1}, "think_time": "0s")";
  const uint64_t plain = HistoryBytes("{" + base + "}}");
  const uint64_t probed = HistoryBytes("{" + base + R"(, "reads_after_put": ["0us", "1ms", "2ms"]}})");
  ASSERT_GT(plain, 0u);
  EXPECT_NEAR(static_cast<double>(probed), 4.0 * 4.0 / 6.0 * static_cast<double>(plain), 4.0);
}

uint64_t TermBytes(const std::string& patch, const std::string& what) {
  const absl::StatusOr<Scenario> scenario = Parse(Patched(patch));
  EXPECT_TRUE(scenario.ok()) << scenario.status();
  if (!scenario.ok()) return 0;
  for (const MemoryTerm& term : EstimateMemory(*scenario)) {
    if (term.what == what) return term.bytes;
  }
  return 0;
}

// Every written key is stored by N replicas: an open loop of 100 puts a second for 60 s writes
// 6,000 of 10^8 keys, and with only 10 keys, 10 are written however many puts there are.
TEST(MemoryEstimateTest, ReplicaStoresHoldTheWrittenKeysNTimes) {
  const std::string store = "replica stores (written keys x N)";
  EXPECT_EQ(TermBytes(R"({"workload": {"keys": 100000000, "mix": {"put": 1}, "rate": 100},
                         "cluster": {"replication": {"n": 3, "r": 2, "w": 2}}})",
                      store),
            6'000u * 3 * 512);
  EXPECT_EQ(TermBytes(R"({"workload": {"keys": 10, "mix": {"put": 1}, "rate": 100}})", store),
            10u * 3 * 512);
}

// Under last-write-wins a cart run also keeps scattered runs and whole carts in its history; with
// vector clocks it does not. One key, 100 ops a second for 60 s, half puts: 3,000 items.
TEST(MemoryEstimateTest, LastWriteWinsCartsCountTheirHistory) {
  const std::string lww_carts = "carts in the history under last_write_wins (ops x cart size)";
  const std::string cart = R"("workload": {"keys": 1, "rate": 100, "read_modify_write": true})";
  EXPECT_EQ(TermBytes("{" + cart + R"(, "cluster": {"conflict_resolution": "last_write_wins"}})",
                      lww_carts),
            6'000u * 3'000 * 16);
  EXPECT_EQ(TermBytes("{" + cart + "}", lww_carts), 0u);
}

// The process's own share is in every estimate, and a refusal names no keys for it.
TEST(MemoryEstimateTest, TheProcessItselfIsPartOfEveryEstimate) {
  EXPECT_EQ(TermBytes("{}", "the process itself"), 32u << 20);
  const absl::StatusOr<Scenario> minimal = Parse(Patched("{}"));
  ASSERT_TRUE(minimal.ok());
  const absl::Status refused = CheckMemoryBudget(*minimal, 1, "x.json");
  EXPECT_THAT(std::string(refused.message()), Not(HasSubstr("(lower )")));
}

TEST(MemoryEstimateTest, OrdinaryScenariosFit) {
  const absl::StatusOr<Scenario> minimal = Parse(Patched("{}"));
  ASSERT_TRUE(minimal.ok());
  // 5 nodes, 4 clients, 100 keys, 60 s: a few hundred MB at most even counted conservatively.
  EXPECT_LT(EstimatedBytes(EstimateMemory(*minimal)), kDefaultMemoryBudgetBytes / 8);
  EXPECT_TRUE(CheckMemoryBudget(*minimal, kDefaultMemoryBudgetBytes, "x").ok());
}

TEST(MemoryEstimateTest, TheCommandLineTakesABudget) {
  const std::string quickstart = SourcePath("scenarios/quickstart.json");
  const CliResult tiny = RunCli({"validate", quickstart, "--memory-budget", "1KiB"});
  EXPECT_EQ(tiny.exit_code, 2);
  EXPECT_THAT(tiny.err, HasSubstr("more than the budget of 1 KiB (--memory-budget changes it)"));
  const CliResult run = RunCli({"run", quickstart, "--memory-budget", "1KiB"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  const CliResult bad = RunCli({"validate", quickstart, "--memory-budget", "lots"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--memory-budget: expected a size such as 4GiB"));
}

TEST(MemoryEstimateTest, ByteSizesAndTheirText) {
  EXPECT_EQ(*ParseByteSize("4GiB"), uint64_t{4} << 30);
  EXPECT_EQ(*ParseByteSize("1.5GiB"), uint64_t{3} << 29);
  EXPECT_EQ(*ParseByteSize("512MiB"), uint64_t{512} << 20);
  EXPECT_EQ(*ParseByteSize("2GB"), 2'000'000'000u);
  EXPECT_EQ(*ParseByteSize("123"), 123u);
  for (const char* bad : {"", "0", "-1GiB", "GiB", "lots", "1e30"}) {
    EXPECT_FALSE(ParseByteSize(bad).ok()) << bad;
  }
  EXPECT_EQ(FormatBytes(900), "900 B");
  EXPECT_EQ(FormatBytes(uint64_t{3} << 29), "1.5 GiB");
  EXPECT_EQ(FormatBytes(uint64_t{8} << 40), "8 TiB");
}

// docs/scenario-format.md gives the per-op size of the history and the per-key size of a
// replica store; the estimate must use the same (the doc said 1,152 bytes an op for months after
// the code moved to 768).
TEST(MemoryEstimateTest, TheFormatDocGivesTheSizesTheEstimateUses) {
  const std::string doc = test_util::ReadFile(test_util::SourcePath("docs/scenario-format.md"));
  std::smatch match;
  const std::string flat = std::regex_replace(doc, std::regex(R"(\s+)"), " ");
  ASSERT_TRUE(std::regex_search(flat, match, std::regex(R"(the history, ops x ([0-9,]+) bytes)")));
  const uint64_t per_op = std::stoull(std::regex_replace(match[1].str(), std::regex(","), ""));
  ASSERT_TRUE(std::regex_search(
      flat, match, std::regex(R"(`cluster\.replication\.n` x ([0-9,]+) bytes;)")));
  const uint64_t per_key = std::stoull(std::regex_replace(match[1].str(), std::regex(","), ""));
  // An open loop of 100 puts a second for 60 s: 6,000 ops, 6,000 written keys.
  const std::string run =
      R"({"duration": "60s", "workload": {"keys": 100000000, "mix": {"put": 1}, "rate": 100},
          "cluster": {"replication": {"n": 3, "r": 2, "w": 2}}})";
  EXPECT_EQ(TermBytes(run, "history (ops)"), 6'000u * per_op);
  EXPECT_EQ(TermBytes(run, "replica stores (written keys x N)"), 6'000u * 3 * per_key);
}

}  // namespace
}  // namespace sim::scenario
