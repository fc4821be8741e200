// ProcessTable: the life cycle of the simulated processes (nodes and clients).
//
// A process is up or down. Crash takes it down and bumps its incarnation: every timer it started
// and every message in flight to it carries the old incarnation and is dropped (Scheduler Guard).
// Restart brings it back under the new incarnation. Wipe destroys its durable state (a replaced
// disk). What "volatile state" and "durable state" are is the owner's business: observers are
// told of each transition and rebuild or clear their objects (see DurableStore).
//
// Each process also has a wall clock: virtual time plus a settable offset (clock skew). Only the
// node logic reads wall clocks (timestamps for LWW and vector-clock truncation); the scheduler
// always runs on virtual time.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "sim/engine/check.h"
#include "sim/engine/inline_callback.h"
#include "sim/engine/scheduler.h"
#include "sim/engine/time.h"

namespace sim {

using ProcessId = uint32_t;

// Told of every life-cycle transition, after the table has changed state.
class ProcessObserver {
 public:
  virtual ~ProcessObserver() = default;
  virtual void OnCrash(ProcessId id) = 0;
  virtual void OnRestart(ProcessId id) = 0;
  virtual void OnWipe(ProcessId id) = 0;
};

class ProcessTable {
 public:
  explicit ProcessTable(Scheduler& scheduler) : scheduler_(scheduler) {}

  // Adds a process at incarnation 1, up unless `up` is false (a process that starts later, by
  // Restart, without a crash). Ids are dense, in order of addition. No observer is told.
  ProcessId Add(bool up = true);
  std::size_t size() const { return states_.size(); }

  void set_observer(ProcessObserver* observer) { observer_ = observer; }

  bool IsUp(ProcessId id) const { return State(id).up; }
  uint32_t Incarnation(ProcessId id) const { return State(id).incarnation; }

  // Take a process down / bring it back. Crash of a down process and restart of an up one are
  // no-ops (return false), so overlapping faults compose.
  bool Crash(ProcessId id);
  bool Restart(ProcessId id);
  // Destroys durable state. REQUIRES: the process is down.
  void Wipe(ProcessId id);

  // Starts a timer owned by `id`: it never fires if the process crashes first.
  // REQUIRES: the process is up.
  TimerId StartTimer(ProcessId id, TimeUs delay_us, InlineCallback callback);
  // A guard that holds while `id` stays in its current incarnation.
  Guard CurrentIncarnationGuard(ProcessId id) const;

  // Wall clock of a process: virtual now plus its skew.
  TimeUs WallClockUs(ProcessId id) const {
    return SaturatingAdd(scheduler_.NowUs(), State(id).clock_offset_us);
  }
  void SetClockOffset(ProcessId id, TimeUs offset_us) { MutableState(id).clock_offset_us = offset_us; }
  TimeUs ClockOffsetUs(ProcessId id) const { return State(id).clock_offset_us; }

 private:
  struct ProcessState {
    bool up = true;
    uint32_t incarnation = 1;
    TimeUs clock_offset_us = 0;
  };
  // Inline: the network asks IsUp and Incarnation at every send and delivery.
  const ProcessState& State(ProcessId id) const {
    SIM_CHECK(id < states_.size(), "unknown process");
    return states_[id];
  }
  ProcessState& MutableState(ProcessId id) {
    SIM_CHECK(id < states_.size(), "unknown process");
    return states_[id];
  }

  Scheduler& scheduler_;
  ProcessObserver* observer_ = nullptr;
  // A deque keeps element addresses stable as processes join: guards point at `incarnation`.
  std::deque<ProcessState> states_;
};

// State that survives a crash but not a wipe. The owner calls Wipe() from OnWipe.
template <typename T>
class DurableStore {
 public:
  T& Get() { return value_; }
  const T& Get() const { return value_; }
  void Wipe() { value_ = T{}; }

 private:
  T value_{};
};

}  // namespace sim
