// One scenario and seed, one digest: the whole cluster (nodes, clients, network, faults) run
// twice gives the same digest and the same history; another seed gives another digest.
#include <algorithm>
#include <vector>

#include "gtest/gtest.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

constexpr const char* kScenario = R"({
  "name": "determinism", "duration": "5s", "quiesce": "2s",
  "cluster": {"nodes": 5},
  "network": {"drop_rate": 0.01, "duplicate_rate": 0.01},
  "workload": {"clients": 6, "keys": 100},
  "faults": [{"at": "1s", "until": "3s", "type": "partition", "groups": [["n1", "n2"]]},
             {"at": "2s", "until": "4s", "type": "crash", "nodes": ["n3"]}]
})";

TEST(ClusterDeterminismTest, SameSeedSameDigestAndHistory) {
  const scenario::Scenario s = ScenarioFromJson(kScenario);
  const RunResult first = RunScenario(s, 5);
  const RunResult second = RunScenario(s, 5);
  EXPECT_EQ(first.digest, second.digest);
  EXPECT_EQ(first.events, second.events);
  ASSERT_EQ(first.history.ops().size(), second.history.ops().size());
  for (size_t i = 0; i < first.history.ops().size(); ++i) {
    EXPECT_EQ(first.history.ops()[i].complete_us, second.history.ops()[i].complete_us);
  }
}

// The progress hook (`run`'s display) only reads the run's position: the same digest and event
// count with and without it, and it sees virtual time and events grow up to the run's end.
TEST(ClusterDeterminismTest, ProgressCallbackChangesNothing) {
  const scenario::Scenario s = ScenarioFromJson(kScenario);
  const RunResult plain = RunScenario(s, 5);
  SimulationOptions options;
  std::vector<TimeUs> times;
  uint64_t last_events = 0;
  options.progress = [&](TimeUs now_us, TimeUs end_us, uint64_t events) {
    EXPECT_EQ(end_us, 7 * kSecond);
    EXPECT_GE(events, last_events);
    last_events = events;
    times.push_back(now_us);
  };
  const absl::StatusOr<RunResult> watched = RunSimulation(s, 5, options);
  ASSERT_TRUE(watched.ok()) << watched.status();
  EXPECT_EQ(watched->digest, plain.digest);
  EXPECT_EQ(watched->events, plain.events);
  ASSERT_GE(times.size(), 10u);  // every sample interval (100ms here) of 7s
  EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
  EXPECT_LT(times.back(), 7 * kSecond);
  EXPECT_GT(last_events, 0u);
}

TEST(ClusterDeterminismTest, OtherSeedOtherDigest) {
  const scenario::Scenario s = ScenarioFromJson(kScenario);
  EXPECT_NE(RunScenario(s, 5).digest, RunScenario(s, 6).digest);
}

// Every sampler that goes through the simulator's own math (sim/engine/det_math.h) in one short
// run: lognormal network latency (both tails of the normal quantile), exponential and Pareto
// delays, a Pareto latency fault, Zipf keys and open-loop (exponential) arrival gaps.
constexpr const char* kEverySamplerScenario = R"({
  "name": "every-sampler", "duration": "2s", "quiesce": "1s",
  "cluster": {"nodes": 4},
  "network": {"latency": {"distribution": "lognormal", "median": "1ms", "p99": "10ms"},
              "by_message": {"put": {"distribution": "exponential", "mean": "1500us"},
                             "put_ack": {"distribution": "pareto", "scale": "400us", "shape": 2.5}}},
  "storage": {"write_latency": {"distribution": "exponential", "mean": "200us"}},
  "workload": {"clients": 4, "keys": 50, "key_distribution": {"type": "zipf", "s": 0.99},
               "rate": 400},
  "faults": [{"at": "500ms", "until": "1500ms", "type": "latency", "nodes": ["n1"],
              "extra": {"distribution": "pareto", "scale": "1ms", "shape": 1.5}}]
})";

// Pins one whole run's digest. The debug build (g++) and the sanitize build (clang++) run this
// same expected value, so it proves both compilers give the same run. It changes whenever a run's
// behaviour changes on purpose: update it then, from a run, and say so in the commit.
TEST(ClusterDeterminismTest, GoldenDigestIsTheSameUnderEveryCompiler) {
  const RunResult result = RunScenario(ScenarioFromJson(kEverySamplerScenario), 7);
  EXPECT_GT(result.history.ops().size(), 500u);  // the open-loop clients really ran
  EXPECT_EQ(result.digest, "b1b139233181d988");
}

}  // namespace
}  // namespace sim
