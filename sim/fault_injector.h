// FaultInjector: applies the scenario's scheduled faults (and the nemesis's) to the cluster at
// their virtual times, ends lasting faults at `until`, and at the end of `duration` ends every
// fault and restarts crashed nodes (the quiesce phase).
//
// Faults compose (docs/faults.md). Every fault started gets a window id, and a lasting fault is
// kept in force under that id until it ends; ending it ends only it:
//   partition, one_way, latency, drop: the network model composes the faults in force
//     (network_model.h): groups intersect, cuts add up, loss rates drop independently, extra
//     latencies add;
//   crash, wipe with `until`: a node stays down while any such fault holds it; a `restart`
//     releases the nodes it names from every one of them;
//   clock_skew: a node's wall clock is off by the sum of the offsets in force on it;
//   heal: ends every partition and one-way cut in force.
// The windows record what really happened, parameters included (run_result.h, FaultWindow).
//
// Faults act on the engine (network model and process table) only; the node logic sees their
// effects, never the faults themselves.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "absl/container/btree_map.h"
#include "sim/cluster.h"
#include "sim/run_result.h"
#include "sim/scenario/scenario.h"

namespace sim {

class FaultInjector {
 public:
  FaultInjector(Cluster& cluster, const scenario::Scenario& scenario)
      : cluster_(cluster), scenario_(scenario) {}

  // Schedules every fault of the scenario and the quiesce transition at `duration`.
  void ScheduleAll();

  // Starts `fault` now (its at/until are ignored) and returns its window id. An instantaneous
  // fault's window starts and ends now; a lasting one stays in force until End or quiesce.
  uint32_t Start(const scenario::Fault& fault, std::string_view source);
  // Ends the lasting fault `id` now, recording `cause` as what ended it; nothing if it is no
  // longer in force (a heal, a restart or quiesce ended it first).
  void End(uint32_t id, std::string_view cause);

  // Whether some lasting fault is in force now (its window has not ended).
  bool AnyInForce() const { return !active_.empty(); }

  // Every fault window so far, in order of start (ids are 1-based indexes into it).
  const std::vector<FaultWindow>& windows() const { return windows_; }

 private:
  // A lasting fault in force. `nodes`: crash and wipe, the nodes it still holds down;
  // clock_skew, the nodes it shifts.
  struct Active {
    scenario::FaultType type;
    std::vector<ProcessId> nodes;
    TimeUs offset_us = 0;
  };

  bool Lasts(const scenario::Fault& fault) const;
  void Apply(uint32_t id, const scenario::Fault& fault);
  void Close(uint32_t id, std::string_view cause);  // records the end of a window
  void Heal();
  void RestartNode(ProcessId node);
  bool HeldDown(ProcessId node) const;
  void UpdateClockOffsets(const std::vector<ProcessId>& nodes);
  void Quiesce();
  void Restart(ProcessId node);
  ProcessId Resolve(const std::string& name) const;
  std::vector<ProcessId> ResolveAll(const std::vector<std::string>& names) const;
  std::vector<std::vector<std::string>> ResolvedGroups(const scenario::Fault& fault) const;
  void ApplyPartition(uint32_t id, const std::vector<std::vector<std::string>>& groups);

  Cluster& cluster_;
  const scenario::Scenario& scenario_;
  std::vector<FaultWindow> windows_;
  absl::btree_map<uint32_t, Active> active_;  // by window id
  std::vector<uint32_t> scheduled_ids_;       // window id of each scenario fault, once started
};

}  // namespace sim
