#include "sim/engine/scheduler.h"

#include <algorithm>

#include "sim/engine/check.h"

namespace sim {

uint32_t Scheduler::AllocateSlot() {
  if (!free_slots_.empty()) {
    const uint32_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  SIM_CHECK(slots_.size() < UINT32_MAX, "too many pending events");
  slots_.emplace_back();
  return static_cast<uint32_t>(slots_.size() - 1);
}

void Scheduler::ReleaseSlot(uint32_t slot) {
  Slot& entry = slots_[slot];
  entry.callback.Reset();
  entry.guard = {};
  // Bump the generation so stale TimerIds and queue entries no longer match.
  ++entry.generation;
  if (entry.generation != kMaxGeneration) {
    free_slots_.push_back(slot);
  } else {
    ++retired_slots_;
  }
}

TimerId Scheduler::ScheduleAt(TimeUs at_us, InlineCallback callback, Guard guard) {
  SIM_CHECK(at_us >= now_us_, "cannot schedule an event in the past");
  SIM_CHECK(static_cast<bool>(callback), "event needs a callback");
  const uint32_t slot = AllocateSlot();
  Slot& entry = slots_[slot];
  if (entry.generation == 0) entry.generation = 1;
  entry.callback = std::move(callback);
  entry.guard = guard;
  const HeapEntry queued{at_us, next_sequence_++, slot, entry.generation};
  const TimeUs delay_us = at_us - now_us_;
  for (Lane& lane : lanes_) {
    if (lane.delay_us == delay_us) {
      lane.entries.push_back(queued);
      return TimerId{slot, entry.generation};
    }
  }
  HeapPush(queued);
  return TimerId{slot, entry.generation};
}

void Scheduler::ReserveLane(TimeUs delay_us) {
  if (delay_us <= 0 || lanes_.size() >= kMaxLanes) return;
  for (const Lane& lane : lanes_) {
    if (lane.delay_us == delay_us) return;
  }
  lanes_.push_back(Lane{delay_us, {}});
}

std::size_t Scheduler::queued() const {
  std::size_t total = heap_.size();
  for (const Lane& lane : lanes_) total += lane.entries.size();
  return total;
}

bool Scheduler::PopEarliest(TimeUs limit_us, HeapEntry* out) {
  Lane* source = nullptr;
  const HeapEntry* best = heap_.empty() ? nullptr : &heap_.front();
  for (Lane& lane : lanes_) {
    if (lane.entries.empty()) continue;
    if (best == nullptr || Later(*best, lane.entries.front())) {
      best = &lane.entries.front();
      source = &lane;
    }
  }
  if (best == nullptr || best->at_us > limit_us) return false;
  if (source != nullptr) {
    *out = source->entries.front();
    source->entries.pop_front();
    return true;
  }
  *out = HeapPop();
  return true;
}

void Scheduler::HeapPush(const HeapEntry& entry) {
  // Sift up: move later parents down into the hole until entry's place is found.
  std::size_t hole = heap_.size();
  heap_.push_back(entry);
  while (hole > 0) {
    const std::size_t parent = (hole - 1) / kHeapArity;
    if (!Later(heap_[parent], entry)) break;
    heap_[hole] = heap_[parent];
    hole = parent;
  }
  heap_[hole] = entry;
}

Scheduler::HeapEntry Scheduler::HeapPop() {
  const HeapEntry top = heap_.front();
  const HeapEntry last = heap_.back();
  heap_.pop_back();
  const std::size_t size = heap_.size();
  if (size == 0) return top;
  // Sift `last` down from the root: move the earliest child up while it is earlier than `last`.
  // The earliest of four children is a tournament of selects, not branches: which child is
  // earliest is a coin toss the branch predictor lost about half the time (this was 8% of a
  // 64-node run), and the two first rounds are independent of each other.
  HeapEntry* const heap = heap_.data();
  const OrderKey last_key = KeyOf(last);
  const auto earlier = [heap](std::size_t a, std::size_t b) {
    return KeyOf(heap[b]) < KeyOf(heap[a]) ? b : a;
  };
  static_assert(kHeapArity == 4, "the tournament below picks among four children");
  std::size_t hole = 0;
  while (true) {
    const std::size_t first_child = hole * kHeapArity + 1;
    if (first_child >= size) break;
    std::size_t earliest;
    if (first_child + kHeapArity <= size) {
      earliest = earlier(earlier(first_child, first_child + 1),
                         earlier(first_child + 2, first_child + 3));
    } else {  // the last parent: one to three children
      earliest = first_child;
      for (std::size_t child = first_child + 1; child < size; ++child) {
        earliest = earlier(earliest, child);
      }
    }
    if (last_key < KeyOf(heap[earliest])) break;  // keys are unique: never equal
    heap[hole] = heap[earliest];
    hole = earliest;
  }
  heap[hole] = last;
  return top;
}

bool Scheduler::Cancel(TimerId id) {
  if (!id.valid() || id.slot >= slots_.size()) return false;
  const Slot& entry = slots_[id.slot];
  if (entry.generation != id.generation || !entry.callback) return false;
  // The queue entry stays, under the old generation: RunNext skips it when it surfaces.
  ReleaseSlot(id.slot);
  return true;
}

bool Scheduler::RunNext() { return RunNextAtOrBefore(INT64_MAX); }

bool Scheduler::RunNextAtOrBefore(TimeUs limit_us) {
  HeapEntry top;
  while (PopEarliest(limit_us, &top)) {
    Slot& entry = slots_[top.slot];
    if (entry.generation != top.generation) continue;  // cancelled; the slot was freed then
    SIM_CHECK(static_cast<bool>(entry.callback), "a live event has its callback");
    const bool guarded_out =
        entry.guard.counter != nullptr && *entry.guard.counter != entry.guard.expected;
    if (guarded_out) {
      ReleaseSlot(top.slot);
      continue;
    }
    events_at_now_ = top.at_us == now_us_ ? events_at_now_ + 1 : 1;
    now_us_ = top.at_us;
    // Move the callback out first: it may schedule events, which can grow `slots_`.
    InlineCallback callback = std::move(entry.callback);
    ReleaseSlot(top.slot);
    ++events_run_;
    // The next event's slot was written when it was scheduled, usually long ago: reading it was
    // a cache miss and most of this function's time. Start the load now, so it overlaps with
    // this event's work. A hint only: it changes no state and no order.
    // (A Slot is 80 bytes, so it may straddle two cache lines: touch its first and last byte.)
    if (!heap_.empty()) {
      const char* next = reinterpret_cast<const char*>(&slots_[heap_.front().slot]);
      __builtin_prefetch(next);
      __builtin_prefetch(next + sizeof(Slot) - 1);
    }
    callback();
    return true;
  }
  return false;
}

bool Scheduler::RunUntil(TimeUs end_us) {
  SIM_CHECK(end_us >= now_us_, "cannot run backwards");
  while (true) {
    if (max_events_ != 0 && events_run_ >= max_events_) return false;
    if (stalled()) return false;
    if (!RunNextAtOrBefore(end_us)) break;
  }
  now_us_ = end_us;
  return true;
}

}  // namespace sim
