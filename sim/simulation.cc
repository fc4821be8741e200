#include "sim/simulation.h"

#include <algorithm>

#include <fmt/format.h>

#include "absl/status/statusor.h"
#include "sim/analysis/timeline.h"
#include "sim/cluster.h"
#include "sim/convergence_monitor.h"
#include "sim/fault_injector.h"
#include "sim/nemesis.h"
#include "sim/run_bounds.h"

namespace sim {
namespace {

RunResult Collect(Cluster& cluster, const FaultInjector& faults,
                  const scenario::Scenario& scenario, uint64_t seed) {
  RunResult result;
  result.scenario = scenario.name;
  result.seed = seed;
  result.digest = cluster.trace().DigestHex();
  result.sim_time_us = cluster.scheduler().NowUs();
  result.events = cluster.scheduler().events_run();
  result.carts = scenario.workload.read_modify_write;
  result.last_write_wins =
      scenario.cluster.conflict_resolution == scenario::ConflictResolution::kLastWriteWins;
  result.final_versions = cluster.FinalReplicaVersions();  // reads the history's written keys
  result.membership = cluster.MembershipOutcomes(result.final_versions);
  result.history = std::move(cluster.history());
  result.repair = cluster.RepairTotals();
  result.node_names = scenario.cluster.node_names;
  result.quiesce_start_us = scenario.duration_us;
  result.checks = scenario.checks;
  result.node_load = cluster.NodeLoads();
  result.faults = faults.windows();  // each ends when its fault really stopped acting
  const NetworkStats& stats = cluster.network().stats();
  result.messages_sent = stats.sent();
  result.messages_dropped = stats.dropped();
  result.messages_by_bucket = stats.sent_by_bucket();
  for (MessageKind kind = 0; kind < cluster.network_model().message_kinds(); ++kind) {
    const KindTraffic traffic = stats.traffic(kind);
    result.traffic.push_back(
        MessageTraffic{cluster.network_model().MessageKindName(kind), traffic.count, traffic.bytes});
  }
  return result;
}

}  // namespace

absl::StatusOr<RunResult> RunSimulation(const scenario::Scenario& scenario, uint64_t seed,
                                        const SimulationOptions& options) {
  Cluster cluster(scenario, seed);
  cluster.trace().set_sink(options.trace_sink);
  const uint64_t max_events =
      options.max_events != 0 ? options.max_events : DefaultMaxEvents(scenario);
  cluster.scheduler().set_max_events(max_events);
  cluster.scheduler().set_stall_limit(StallEventLimit(scenario));
  FaultInjector faults(cluster, scenario);
  faults.ScheduleAll();
  std::optional<Nemesis> nemesis;
  if (scenario.nemesis) {
    nemesis.emplace(cluster, faults, scenario, seed);
    nemesis->Schedule();
  }
  const TimeUs end_us = scenario.duration_us + scenario.quiesce_us;
  const TimeUs bucket_us = options.timeline_bucket_us > 0 ? options.timeline_bucket_us
                                                          : ChooseTimelineBucketUs(end_us);
  cluster.network().mutable_stats().set_bucket_us(bucket_us);
  cluster.Start();
  ConvergenceMonitor convergence(cluster, faults, scenario.quiesce_us);
  if (options.progress) {
    convergence.set_after_step([&options, &cluster, end_us] {
      options.progress(cluster.scheduler().NowUs(), end_us, cluster.scheduler().events_run());
    });
  }
  if (!convergence.RunWorkload(scenario.duration_us) || !convergence.RunQuiesce(end_us)) {
    const TimeUs now_us = cluster.scheduler().NowUs();
    if (cluster.scheduler().stalled()) {
      return absl::InvalidArgumentError(fmt::format(
          "virtual time stopped advancing at t={}us: {} events in a row at that instant ({}); "
          "give the model a delay that cannot be zero",
          now_us, StallEventLimit(scenario), StallCause(scenario)));
    }
    return absl::ResourceExhaustedError(fmt::format(
        "the run reached its event bound ({} events{}) at t={}us; --max-events raises it",
        max_events, options.max_events != 0 ? ", --max-events" : ", derived from the scenario",
        now_us));
  }
  cluster.trace().set_sink(nullptr);
  RunResult result = Collect(cluster, faults, scenario, seed);
  result.timeline_bucket_us = bucket_us;
  TimeUs reference_us = scenario.duration_us;  // quiesce heals everything at its start
  for (const FaultWindow& window : result.faults) {
    reference_us = std::max(reference_us, window.end_us);
  }
  result.convergence = convergence.Result(reference_us);
  return result;
}

}  // namespace sim
