// FaultInjector: applies the scenario's scheduled faults to the cluster at their virtual times,
// ends lasting faults at `until`, and at the end of `duration` heals everything and restarts
// crashed nodes (the quiesce phase).
//
// Faults act on the engine (network model and process table) only; the node logic sees their
// effects, never the faults themselves.
#pragma once

#include <vector>

#include "sim/cluster.h"
#include "sim/scenario/scenario.h"

namespace sim {

class FaultInjector {
 public:
  FaultInjector(Cluster& cluster, const scenario::Scenario& scenario)
      : cluster_(cluster), scenario_(scenario) {}

  // Schedules every fault of the scenario and the quiesce transition at `duration`.
  void ScheduleAll();

  // Fault windows for reports: what happened when.
  struct Window {
    scenario::FaultType type;
    TimeUs start_us = 0;
    TimeUs end_us = 0;  // == start for instantaneous faults
  };
  const std::vector<Window>& windows() const { return windows_; }

  // Applies a fault now / ends a lasting fault now (the nemesis uses these for its own faults).
  void Apply(const scenario::Fault& fault);
  void End(const scenario::Fault& fault);
  // Records a fault window for reports.
  void AddWindow(Window window) { windows_.push_back(window); }

 private:
  void Quiesce();
  void Restart(ProcessId node);
  ProcessId Resolve(const std::string& name) const;
  void ApplyPartition(const scenario::Fault& fault);

  Cluster& cluster_;
  const scenario::Scenario& scenario_;
  std::vector<Window> windows_;
};

}  // namespace sim
