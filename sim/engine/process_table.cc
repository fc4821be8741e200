#include "sim/engine/process_table.h"

#include "sim/engine/check.h"

namespace sim {

ProcessId ProcessTable::Add(bool up) {
  states_.emplace_back();
  states_.back().up = up;
  return static_cast<ProcessId>(states_.size() - 1);
}

bool ProcessTable::Crash(ProcessId id) {
  ProcessState& state = MutableState(id);
  if (!state.up) return false;
  state.up = false;
  ++state.incarnation;  // every guard taken before now fails from here on
  if (observer_ != nullptr) observer_->OnCrash(id);
  return true;
}

bool ProcessTable::Restart(ProcessId id) {
  ProcessState& state = MutableState(id);
  if (state.up) return false;
  state.up = true;
  if (observer_ != nullptr) observer_->OnRestart(id);
  return true;
}

void ProcessTable::Wipe(ProcessId id) {
  SIM_CHECK(!State(id).up, "wipe a process only while it is down");
  if (observer_ != nullptr) observer_->OnWipe(id);
}

Guard ProcessTable::CurrentIncarnationGuard(ProcessId id) const {
  const ProcessState& state = State(id);
  return Guard{&state.incarnation, state.incarnation};
}

TimerId ProcessTable::StartTimer(ProcessId id, TimeUs delay_us, InlineCallback callback) {
  SIM_CHECK(State(id).up, "a down process cannot start timers");
  return scheduler_.ScheduleAfter(delay_us, std::move(callback), CurrentIncarnationGuard(id));
}

}  // namespace sim
