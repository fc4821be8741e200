// Scheduler: the virtual clock and the event queue of one run.
//
// Events are ordered by (time, insertion sequence): two events at the same virtual time fire in
// the order they were scheduled, never by address or hash. Time only moves forward, to the time
// of the event being run. Nothing here reads a wall clock or starts a thread.
//
// Fixed-delay lanes: a run schedules many timers with the same few delays (request and client
// timeouts). Events scheduled with a delay reserved by ReserveLane() arrive in time order, so they
// go to a FIFO lane instead of the heap; the next event is the earliest of the heap's top and the
// lanes' heads. This keeps the heap small (only variable delays such as message latencies) and
// changes nothing about the order: (time, sequence) is compared across all of them.
//
// Cancellation is O(1): a TimerId names a slot and its generation; cancelling frees the slot at
// once (bumping its generation) and the queue entry, which carries the generation it was
// scheduled under, is skipped when it surfaces. Freeing at once matters: a run cancels most of its
// timeouts (a request's timer once the request is done), and a slot held until its timeout would
// come keeps the table of slots many times larger than the events really pending.
//
// An event may also carry a Guard, a pointer to an incarnation counter and the value it had when
// the event was scheduled: if the counter has moved on (the owning process crashed), the event is
// dropped. This is how a crash cancels every timer of a process without the scheduler knowing
// what a process is.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "sim/engine/inline_callback.h"
#include "sim/engine/time.h"

namespace sim {

// Identifies a scheduled event for Cancel. Default-constructed ids name nothing.
struct TimerId {
  uint32_t slot = 0;
  uint32_t generation = 0;  // 0 = invalid; live generations start at 1
  bool valid() const { return generation != 0; }
};

// An event runs only while *counter == expected.
struct Guard {
  const uint32_t* counter = nullptr;
  uint32_t expected = 0;
};

class Scheduler {
 public:
  Scheduler() = default;
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  TimeUs NowUs() const { return now_us_; }

  // Schedules `callback` at absolute virtual time `at_us`. REQUIRES: at_us >= NowUs().
  TimerId ScheduleAt(TimeUs at_us, InlineCallback callback, Guard guard = {});
  // Schedules `callback` `delay_us` from now. REQUIRES: delay_us >= 0.
  TimerId ScheduleAfter(TimeUs delay_us, InlineCallback callback, Guard guard = {}) {
    return ScheduleAt(SaturatingAdd(now_us_, delay_us), std::move(callback), guard);
  }

  // Declares `delay_us` a common fixed delay: events scheduled exactly that far ahead go to a FIFO
  // lane. At most kMaxLanes lanes; further reservations and non-positive delays are ignored.
  void ReserveLane(TimeUs delay_us);
  static constexpr std::size_t kMaxLanes = 8;

  // Cancels a pending event. Returns false if it already ran, was cancelled, or never existed.
  bool Cancel(TimerId id);

  // Runs the earliest pending event (skipping cancelled and guarded-out ones). Returns false when
  // nothing runnable is left.
  bool RunNext();

  // Runs events with time <= end_us, then sets the clock to end_us. Returns false if it stopped
  // early because `max_events` events have run in total (a runaway-loop bound) or because
  // virtual time stalled (see set_stall_limit); true otherwise.
  bool RunUntil(TimeUs end_us);

  // Bound on the total number of events a run may execute (0 = unbounded).
  void set_max_events(uint64_t max_events) { max_events_ = max_events; }
  // Bound on the events run in a row at one virtual instant (0 = unbounded). A model whose every
  // delay can be zero (zero latency, zero think time) never advances the clock; RunUntil stops
  // at this many events at one instant and stalled() then says so.
  void set_stall_limit(uint64_t events_at_one_instant) { stall_limit_ = events_at_one_instant; }
  bool stalled() const { return stall_limit_ != 0 && events_at_now_ >= stall_limit_; }

  // Events actually run so far (cancelled and guarded-out ones not counted).
  uint64_t events_run() const { return events_run_; }
  // Entries in the queue, including cancelled ones not yet skipped.
  std::size_t queued() const;
  // Events scheduled that have not yet run or been cancelled: what the slot table holds (a
  // cancelled event's slot is free at once, though its entry is queued; an event its guard will
  // drop holds its slot until it surfaces).
  std::size_t pending() const { return slots_.size() - free_slots_.size() - retired_slots_; }

 private:
  struct HeapEntry {
    TimeUs at_us;
    uint64_t sequence;
    uint32_t slot;
    uint32_t generation;  // the slot's generation when scheduled: live while they are equal
  };
  struct Lane {
    TimeUs delay_us = 0;
    std::deque<HeapEntry> entries;  // ascending (at_us, sequence) by construction
  };
  struct Slot {
    InlineCallback callback;
    Guard guard;
    // Bumped each time the slot is freed. Never wraps: a slot whose generation reaches
    // kMaxGeneration is retired, not reused, so no stale TimerId or queue entry can ever match a
    // later event in the same slot.
    uint32_t generation = 0;
  };
  static constexpr uint32_t kMaxGeneration = UINT32_MAX;

  // (at_us, sequence) as one unsigned 128-bit number (times are never negative), so comparing
  // two entries is one comparison the compiler can turn into a select instead of a branch.
  using OrderKey = unsigned __int128;
  static OrderKey KeyOf(const HeapEntry& entry) {
    return (OrderKey{static_cast<uint64_t>(entry.at_us)} << 64) | entry.sequence;
  }
  static bool Later(const HeapEntry& a, const HeapEntry& b) { return KeyOf(a) > KeyOf(b); }
  // The heap is 4-ary: half the levels of a binary heap, and a node's four children share a
  // cache line or two, so a pop touches fewer lines (std::pop_heap with Later passed as a
  // function pointer was 6% of a 64-node run). (at_us, sequence) is unique per entry, so any
  // correct heap pops the same order: the choice of heap changes no digest.
  static constexpr std::size_t kHeapArity = 4;
  void HeapPush(const HeapEntry& entry);
  HeapEntry HeapPop();  // REQUIRES: !heap_.empty()
  // Runs the earliest runnable event if its time is <= limit_us; false if there is none.
  bool RunNextAtOrBefore(TimeUs limit_us);
  // Removes and returns the earliest entry of the heap and the lanes. REQUIRES: one is non-empty.
  bool PopEarliest(TimeUs limit_us, HeapEntry* out);
  uint32_t AllocateSlot();
  void ReleaseSlot(uint32_t slot);

  TimeUs now_us_ = 0;
  uint64_t next_sequence_ = 0;
  uint64_t events_run_ = 0;
  uint64_t max_events_ = 0;
  uint64_t stall_limit_ = 0;
  uint64_t events_at_now_ = 0;  // events run in a row at now_us_
  std::vector<HeapEntry> heap_;  // 4-ary min-heap on (at_us, sequence)
  std::vector<Lane> lanes_;
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_slots_;
  std::size_t retired_slots_ = 0;  // slots whose generation ran out (never reused)
};

}  // namespace sim
