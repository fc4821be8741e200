// Faults compose (docs/faults.md): overlapping faults of every type, scheduled and drawn by the
// nemesis, each end on their own, and at every sampled time the network and the processes behave
// exactly as the reported fault windows (RunResult::faults) say they should. The expected state
// is computed from the windows alone, by the documented rules, independently of the injector.
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "sim/cluster.h"
#include "sim/fault_injector.h"
#include "sim/nemesis.h"
#include "sim/scenario/distribution_json.h"
#include "tests/cluster/cluster_test_util.h"

namespace sim {
namespace {

// What a run looked like at one instant, read from the engine.
struct Observed {
  TimeUs at_us = 0;
  std::map<std::pair<ProcessId, ProcessId>, bool> reach;
  std::map<std::pair<ProcessId, ProcessId>, double> loss;
  std::map<std::pair<ProcessId, ProcessId>, std::vector<std::string>> extras;
  std::map<ProcessId, bool> up;
  std::map<ProcessId, TimeUs> clock_offset_us;
};

std::string DistributionText(const Distribution& distribution) {
  return scenario::DistributionToJson(distribution).dump();
}

// A run with the injector and (if the scenario has one) the nemesis, sampled every `step_us`.
class SampledRun {
 public:
  SampledRun(const scenario::Scenario& scenario, uint64_t seed)
      : scenario_(scenario), cluster_(scenario_, seed), injector_(cluster_, scenario_) {
    injector_.ScheduleAll();
    if (scenario_.nemesis) {
      nemesis_.emplace(cluster_, injector_, scenario_, seed);
      nemesis_->Schedule();
    }
    cluster_.Start();
  }

  std::vector<Observed> Run(TimeUs step_us) {
    std::vector<Observed> samples;
    const TimeUs end_us = scenario_.duration_us + scenario_.quiesce_us;
    for (TimeUs at_us = 0; at_us <= end_us; at_us += step_us) {
      cluster_.scheduler().RunUntil(at_us);
      samples.push_back(Observe(at_us));
    }
    return samples;
  }

  const std::vector<FaultWindow>& windows() const { return injector_.windows(); }
  Cluster& cluster() { return cluster_; }

 private:
  Observed Observe(TimeUs at_us) {
    Observed observed;
    observed.at_us = at_us;
    const NetworkModel& model = cluster_.network_model();
    const ProcessId processes = static_cast<ProcessId>(cluster_.processes().size());
    for (ProcessId from = 0; from < processes; ++from) {
      for (ProcessId to = 0; to < processes; ++to) {
        observed.reach[{from, to}] = model.CanReach(from, to);
        observed.loss[{from, to}] = model.LossProbability(from, to);
        for (const Distribution* extra : model.ExtraLatencies(from, to)) {
          observed.extras[{from, to}].push_back(DistributionText(*extra));
        }
      }
    }
    for (ProcessId node : cluster_.node_ids()) {
      observed.up[node] = cluster_.processes().IsUp(node);
      observed.clock_offset_us[node] = cluster_.processes().ClockOffsetUs(node);
    }
    return observed;
  }

  scenario::Scenario scenario_;
  Cluster cluster_;
  FaultInjector injector_;
  std::optional<Nemesis> nemesis_;
};

// ---- the expected state, from the windows alone ---------------------------------------------

bool Lasting(const FaultWindow& window) { return !window.ended_by.empty(); }
bool InForce(const FaultWindow& window, TimeUs at_us) {
  return Lasting(window) && window.start_us <= at_us && at_us < window.end_us;
}
bool Names(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

class Expectation {
 public:
  Expectation(const std::vector<FaultWindow>& windows, std::vector<std::string> names,
              double base_loss)
      : windows_(windows), names_(std::move(names)), base_loss_(base_loss) {}

  bool Reach(ProcessId from, ProcessId to, TimeUs at_us) const {
    for (const FaultWindow& w : windows_) {
      if (!InForce(w, at_us)) continue;
      if (w.type == "partition") {
        const int a = GroupOf(w, names_[from]);
        const int b = GroupOf(w, names_[to]);
        if (a >= 0 && b >= 0 && a != b) return false;
      }
      if (w.type == "one_way" && Names(w.fault.from, names_[from]) &&
          Names(w.fault.to, names_[to])) {
        return false;
      }
    }
    return true;
  }

  // 1 - (1 - base) * product over the drop windows that touch the message of (1 - rate).
  double Loss(ProcessId from, ProcessId to, TimeUs at_us) const {
    double survive = 1 - base_loss_;
    for (const FaultWindow& w : windows_) {
      if (!InForce(w, at_us) || w.type != "drop") continue;
      if (w.fault.nodes.empty() || Names(w.fault.nodes, names_[from]) ||
          Names(w.fault.nodes, names_[to])) {
        survive *= 1 - w.fault.rate;
      }
    }
    return 1 - survive;
  }

  // One sample per latency window naming the sender, then per window naming the receiver.
  std::vector<std::string> Extras(ProcessId from, ProcessId to, TimeUs at_us) const {
    std::vector<std::string> extras;
    for (ProcessId end : {from, to}) {
      for (const FaultWindow& w : windows_) {
        if (InForce(w, at_us) && w.type == "latency" && Names(w.fault.nodes, names_[end])) {
          extras.push_back(DistributionText(w.fault.extra));
        }
      }
    }
    return extras;
  }

  // Down while a crash (or a wipe that lasts) holding it is in force and no restart of it came
  // since that fault started.
  bool Up(ProcessId node, TimeUs at_us) const {
    const std::string& name = names_[node];
    for (const FaultWindow& w : windows_) {
      if (!InForce(w, at_us) || (w.type != "crash" && w.type != "wipe")) continue;
      if (!Names(w.fault.nodes, name)) continue;
      const bool restarted = std::any_of(windows_.begin(), windows_.end(), [&](const FaultWindow& r) {
        return r.type == "restart" && Names(r.fault.nodes, name) && r.start_us >= w.start_us &&
               r.start_us <= at_us;
      });
      if (!restarted) return false;
    }
    return true;
  }

  TimeUs ClockOffsetUs(ProcessId node, TimeUs at_us) const {
    TimeUs offset_us = 0;
    for (const FaultWindow& w : windows_) {
      if (InForce(w, at_us) && w.type == "clock_skew" && Names(w.fault.nodes, names_[node])) {
        offset_us += w.fault.offset_us;
      }
    }
    return offset_us;
  }

 private:
  // The group a process is in, or -1 for a client no group lists (it reaches every node).
  static int GroupOf(const FaultWindow& window, const std::string& name) {
    for (size_t g = 0; g < window.fault.groups.size(); ++g) {
      if (Names(window.fault.groups[g], name)) return static_cast<int>(g);
    }
    return -1;
  }

  const std::vector<FaultWindow>& windows_;
  std::vector<std::string> names_;
  double base_loss_;
};

void ExpectSamplesMatchWindows(SampledRun& run, const std::vector<Observed>& samples,
                               double base_loss) {
  const Expectation expected(run.windows(), run.cluster().process_names(), base_loss);
  int mismatches = 0;
  for (const Observed& o : samples) {
    const TimeUs t = o.at_us;
    for (const auto& [pair, reach] : o.reach) {
      const auto [from, to] = pair;
      if (reach != expected.Reach(from, to, t)) {
        ADD_FAILURE() << "reach " << from << "->" << to << " at " << t << "us: " << reach;
        ++mismatches;
      }
      EXPECT_NEAR(o.loss.at(pair), expected.Loss(from, to, t), 1e-12)
          << from << "->" << to << " at " << t << "us";
      const auto it = o.extras.find(pair);
      const std::vector<std::string> extras = it == o.extras.end() ? std::vector<std::string>{}
                                                                   : it->second;
      EXPECT_EQ(extras, expected.Extras(from, to, t)) << from << "->" << to << " at " << t << "us";
    }
    for (const auto& [node, up] : o.up) {
      EXPECT_EQ(up, expected.Up(node, t)) << "node " << node << " at " << t << "us";
      EXPECT_EQ(o.clock_offset_us.at(node), expected.ClockOffsetUs(node, t))
          << "node " << node << " at " << t << "us";
    }
    if (mismatches > 20) return;  // enough to diagnose
  }
}

// Every type overlapping another of its kind (and a heal, a restart and an instantaneous wipe
// cutting across them), plus a nemesis drawing every type it can every 1.5 s on top.
constexpr const char* kOverlapping = R"({
  "name": "overlap", "duration": "20s", "quiesce": "2s",
  "cluster": {"nodes": 5},
  "network": {"drop_rate": 0.01},
  "workload": {"clients": 2, "keys": 10, "think_time": "20ms"},
  "faults": [
    {"at": "2s", "until": "15s", "type": "partition", "groups": [["n1", "n2", "c1"], ["n3", "n4"]]},
    {"at": "4s", "until": "6s", "type": "one_way", "from": ["n3"], "to": ["n4", "n5"]},
    {"at": "5s", "until": "8s", "type": "partition", "groups": [["n1", "n3"], ["n2", "n4", "n5"]]},
    {"at": "5500ms", "until": "9s", "type": "one_way", "from": ["n3"], "to": ["n4"]},
    {"at": "12s", "type": "heal"},
    {"at": "13s", "type": "partition", "groups": [["n5"]]},
    {"at": "3s", "until": "9s", "type": "latency", "nodes": ["n1"], "extra": "10ms"},
    {"at": "5s", "until": "7s", "type": "latency", "nodes": ["n1", "n2"],
     "extra": {"distribution": "uniform", "min": "1ms", "max": "3ms"}},
    {"at": "3s", "until": "9s", "type": "drop", "rate": 0.1},
    {"at": "4s", "until": "12s", "type": "drop", "rate": 0.2, "nodes": ["n2"]},
    {"at": "6s", "until": "7s", "type": "drop", "rate": 0.5, "nodes": ["n2", "n3"]},
    {"at": "1s", "until": "9s", "type": "clock_skew", "nodes": ["n3"], "offset": "2s"},
    {"at": "5s", "until": "7s", "type": "clock_skew", "nodes": ["n3", "n4"], "offset": "-500ms"},
    {"at": "6s", "until": "11s", "type": "crash", "nodes": ["n5"]},
    {"at": "8s", "until": "10s", "type": "crash", "nodes": ["n5", "n4"]},
    {"at": "9500ms", "type": "restart", "nodes": ["n4"]},
    {"at": "14s", "until": "16s", "type": "wipe", "nodes": ["n1"]},
    {"at": "15s", "until": "17s", "type": "crash", "nodes": ["n1", "n2"]},
    {"at": "15500ms", "type": "wipe", "nodes": ["n2"]},
    {"at": "18s", "type": "wipe", "nodes": ["n3"]}
  ],
  "nemesis": {"interval": "1500ms", "max_down": 2,
              "faults": ["partition", "one_way", "crash", "wipe", "latency", "drop", "clock_skew"]}
})";

TEST(FaultCompositionTest, EveryTypeOverlappingBehavesAsTheReportedWindowsSay) {
  const scenario::Scenario scenario = ScenarioFromJson(kOverlapping);
  for (uint64_t seed : {1, 2, 3}) {
    SampledRun run(scenario, seed);
    const std::vector<Observed> samples = run.Run(250 * kMillisecond);
    ExpectSamplesMatchWindows(run, samples, 0.01);
    // Every window ended, by what the scenario says.
    for (const FaultWindow& w : run.windows()) {
      EXPECT_LE(w.start_us, w.end_us);
      EXPECT_LE(w.end_us, scenario.duration_us);
    }
  }
}

// The scheduled faults' windows in this scenario (seed 1): ids in order of start, ends as the
// composition rules say, whatever the nemesis did in between.
TEST(FaultCompositionTest, WindowsEndWhenTheirFaultStoppedActing) {
  scenario::Scenario scenario = ScenarioFromJson(kOverlapping);
  scenario.nemesis.reset();
  SampledRun run(scenario, 1);
  run.Run(scenario.duration_us + scenario.quiesce_us);
  std::map<std::string, const FaultWindow*> by_key;
  for (const FaultWindow& w : run.windows()) {
    EXPECT_EQ(w.source, "scheduled");
    EXPECT_EQ(static_cast<uint32_t>(&w - run.windows().data() + 1), w.id);
    by_key[w.type + "@" + std::to_string(w.start_us / kMillisecond)] = &w;
  }
  auto window = [&](const std::string& key) -> const FaultWindow& {
    EXPECT_TRUE(by_key.contains(key)) << key;
    static const FaultWindow kNone;
    return by_key.contains(key) ? *by_key.at(key) : kNone;
  };
  // The heal at 12 s ends the first partition, not the one-way cut's `until` at 6 s.
  EXPECT_EQ(window("partition@2000").end_us, 12 * kSecond);
  EXPECT_EQ(window("partition@2000").ended_by, "heal");
  EXPECT_EQ(window("partition@5000").end_us, 8 * kSecond);
  EXPECT_EQ(window("partition@5000").ended_by, "until");
  // A partition without `until` lasts until quiesce; its groups name the unlisted nodes too.
  EXPECT_EQ(window("partition@13000").end_us, 20 * kSecond);
  EXPECT_EQ(window("partition@13000").ended_by, "quiesce");
  EXPECT_EQ(window("partition@13000").fault.groups,
            (std::vector<std::vector<std::string>>{{"n5"}, {"n1", "n2", "n3", "n4"}}));
  // The restart of n4 at 9.5 s releases it from the crash {n5, n4}, which still holds n5.
  EXPECT_EQ(window("crash@8000").end_us, 10 * kSecond);
  EXPECT_EQ(window("crash@8000").ended_by, "until");
  EXPECT_EQ(window("restart@9500").end_us, 9500 * kMillisecond);
  EXPECT_EQ(window("restart@9500").ended_by, "");
  EXPECT_EQ(window("wipe@14000").end_us, 16 * kSecond);  // a wipe with until lasts
  EXPECT_EQ(window("wipe@18000").end_us, 18 * kSecond);  // one without is over at once
  EXPECT_EQ(window("drop@4000").fault.nodes, std::vector<std::string>{"n2"});
}

// Issue 10's example: a one-way cut ending at 6 s no longer heals a partition lasting to 15 s.
TEST(FaultCompositionTest, EndingACutLeavesThePartitionInForce) {
  const scenario::Scenario scenario = ScenarioFromJson(R"({
    "name": "cut-in-partition", "duration": "20s", "quiesce": "1s",
    "cluster": {"nodes": 5}, "workload": {"clients": 2, "keys": 10},
    "faults": [
      {"at": "2s", "until": "15s", "type": "partition", "groups": [["n1", "n2"], ["n3", "n4", "n5"]]},
      {"at": "4s", "until": "6s", "type": "one_way", "from": ["n1"], "to": ["n2"]}]})");
  SampledRun run(scenario, 1);
  run.cluster().scheduler().RunUntil(7 * kSecond);
  EXPECT_FALSE(run.cluster().network_model().CanReach(0, 2));  // n1 -> n3: partitioned
  EXPECT_TRUE(run.cluster().network_model().CanReach(0, 1));   // the cut is over
  run.cluster().scheduler().RunUntil(15 * kSecond);
  EXPECT_TRUE(run.cluster().network_model().CanReach(0, 2));
  ASSERT_EQ(run.windows().size(), 2u);
  EXPECT_EQ(run.windows()[0].end_us, 15 * kSecond);
  EXPECT_EQ(run.windows()[1].end_us, 6 * kSecond);
}

// The nemesis ending its own fault leaves a scheduled fault of the same type in force.
TEST(FaultCompositionTest, NemesisEndsOnlyItsOwnFault) {
  const scenario::Scenario scenario = ScenarioFromJson(R"({
    "name": "nemesis-over-scheduled", "duration": "20s", "quiesce": "1s",
    "cluster": {"nodes": 5}, "workload": {"clients": 2, "keys": 10},
    "faults": [
      {"at": "1s", "until": "19s", "type": "partition", "groups": [["n1", "n2"], ["n3", "n4", "n5"]]},
      {"at": "1s", "until": "19s", "type": "drop", "rate": 0.25},
      {"at": "1s", "until": "19s", "type": "clock_skew", "nodes": ["n1"], "offset": "1s"}],
    "nemesis": {"interval": "3s", "faults": ["partition", "drop", "clock_skew"]}})");
  SampledRun run(scenario, 7);
  ExpectSamplesMatchWindows(run, run.Run(100 * kMillisecond), 0);
  int nemesis_windows = 0;
  for (const FaultWindow& w : run.windows()) {
    if (w.source == "scheduled") {
      EXPECT_EQ(w.end_us, 19 * kSecond) << w.type;
      EXPECT_EQ(w.ended_by, "until");
    } else {
      ++nemesis_windows;
      EXPECT_EQ(w.end_us, std::min<TimeUs>(w.start_us + 3 * kSecond, 20 * kSecond));
      EXPECT_EQ(w.ended_by, w.end_us == 20 * kSecond ? "quiesce" : "nemesis");
    }
  }
  EXPECT_EQ(nemesis_windows, 6);  // draws at 3, 6, ..., 18 s
}

// A scheduled heal ends the nemesis's partition too, and a scheduled restart its crash.
TEST(FaultCompositionTest, ScheduledHealAndRestartEndTheNemesisFaults) {
  const scenario::Scenario scenario = ScenarioFromJson(R"({
    "name": "heal-nemesis", "duration": "10s", "quiesce": "1s",
    "cluster": {"nodes": 5}, "workload": {"clients": 2, "keys": 10},
    "faults": [{"at": "4s", "type": "heal"},
               {"at": "7s", "type": "restart", "nodes": ["n1", "n2", "n3", "n4", "n5"]}],
    "nemesis": {"interval": "3s", "max_down": 5, "faults": ["partition", "crash"]}})");
  int heals = 0;
  int restarts = 0;
  for (uint64_t seed = 1; seed <= 8; ++seed) {
    SampledRun run(scenario, seed);
    ExpectSamplesMatchWindows(run, run.Run(500 * kMillisecond), 0);
    for (const FaultWindow& w : run.windows()) {
      if (w.source != "nemesis" || w.start_us == 9 * kSecond) continue;
      const bool partition_at_3s = w.type == "partition" && w.start_us == 3 * kSecond;
      const bool crash_at_6s = w.type == "crash" && w.start_us == 6 * kSecond;
      heals += partition_at_3s;
      restarts += crash_at_6s;
      if (partition_at_3s) {
        EXPECT_EQ(w.ended_by, "heal");
      }
      if (crash_at_6s) {
        EXPECT_EQ(w.ended_by, "restart");
      }
      if (partition_at_3s || crash_at_6s) {
        EXPECT_EQ(w.end_us, w.start_us + kSecond);
      } else {
        EXPECT_EQ(w.ended_by, "nemesis");
      }
    }
  }
  EXPECT_GT(heals, 0);  // the seeds draw both cases
  EXPECT_GT(restarts, 0);
}

}  // namespace
}  // namespace sim
