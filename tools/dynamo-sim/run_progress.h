// Progress of one simulation run on stderr, for `run`: silent for the first second of wall time
// (short runs print nothing), then "run: t=12.3s of 90s (13%)  1.25M events/s  ETA 41s". On a
// terminal the line is redrawn in place about ten times a second and cleared at the end;
// otherwise (a log file) one plain line every kPlainIntervalS seconds. Only the display reads the
// wall clock: the simulation calls Update at fixed points of virtual time
// (SimulationOptions::progress) and nothing here feeds back into it.
#pragma once

#include <chrono>
#include <cstdint>

#include "sim/engine/time.h"

namespace sim::cli {

class RunProgress {
 public:
  static constexpr double kPlainIntervalS = 5;

  // Draws nothing when `enabled` is false (--quiet), and nothing before `quiet_start_s` seconds
  // of wall time (tests pass 0).
  explicit RunProgress(bool enabled, double quiet_start_s = 1);
  // The run reached virtual time `now_us` of `end_us` after `events` events.
  void Update(TimeUs now_us, TimeUs end_us, uint64_t events);
  // Clears a terminal line so the next output starts on a clean line.
  void Finish();

 private:
  using Clock = std::chrono::steady_clock;
  const bool enabled_;
  const bool terminal_;
  const std::chrono::duration<double> quiet_start_;
  const Clock::time_point start_;
  Clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace sim::cli
