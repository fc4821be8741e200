// Simulation: runs one scenario with one seed, start to finish: builds the cluster, schedules the
// faults, runs the workload for `duration`, then the quiesce phase, and returns what happened.
#pragma once

#include <cstdint>
#include <functional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "sim/engine/trace.h"
#include "sim/run_result.h"
#include "sim/scenario/scenario.h"

namespace sim {

struct SimulationOptions {
  TraceSink* trace_sink = nullptr;  // not owned; nullptr = no trace file
  uint64_t max_events = 0;          // runaway bound; 0 = DefaultMaxEvents (sim/run_bounds.h)
  // Timeline bucket size (sim/analysis/timeline.h); 0 = chosen from duration + quiesce.
  TimeUs timeline_bucket_us = 0;
  // Called every sample interval of virtual time (sim/convergence_monitor.h) with the virtual
  // time, the run's end (duration + quiesce) and the events run so far; for progress displays
  // (the CLI reads the wall clock there, the simulator never does). It must not touch the run,
  // so it changes nothing: not the event order, the digest or the result.
  std::function<void(TimeUs now_us, TimeUs end_us, uint64_t events)> progress = {};
};

// Runs `scenario` with `seed`. REQUIRES: `scenario` was loaded by the scenario loader (every
// scenario it accepts can run). wall_time_s is left 0
// (the simulator reads no wall clock; callers time the run). Both phases run in steps so replica
// convergence can be sampled, after the last heal under load and during quiesce
// (sim/convergence_monitor.h); neither the steps nor the sampling change the event order or the
// digest.
absl::StatusOr<RunResult> RunSimulation(const scenario::Scenario& scenario, uint64_t seed,
                                        const SimulationOptions& options);

}  // namespace sim
