#include "sim/engine/scheduler.h"

#include <functional>
#include <vector>

#include "gtest/gtest.h"
#include "sim/engine/prng.h"

namespace sim {
namespace {

TEST(SchedulerTest, EqualTimesFireInInsertionOrder) {
  Scheduler scheduler;
  std::vector<int> fired;
  for (int i = 0; i < 10; ++i) {
    scheduler.ScheduleAt(5 * kMillisecond, [&fired, i] { fired.push_back(i); });
  }
  scheduler.ScheduleAt(1 * kMillisecond, [&fired] { fired.push_back(-1); });
  EXPECT_TRUE(scheduler.RunUntil(10 * kMillisecond));
  EXPECT_EQ(fired, (std::vector<int>{-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
  EXPECT_EQ(scheduler.NowUs(), 10 * kMillisecond);
}

// The heap (4-ary, earliest child by a tournament) against the definition of the order: heap
// sizes that go up and down through every shape of last parent (one to four children), times
// with many ties, events that schedule more while the queue is deep. Whatever fires must be
// exactly the events sorted by (time, order of scheduling).
TEST(SchedulerTest, EventsFireSortedByTimeThenSchedulingOrderWhateverTheHeapShape) {
  Scheduler scheduler;
  Prng prng(11);
  struct Fired {
    TimeUs at_us;
    int index;
  };
  std::vector<Fired> fired;
  int scheduled = 0;
  std::function<void(int)> schedule = [&](int children) {
    for (int i = 0; i < children; ++i) {
      const int index = scheduled++;
      const TimeUs at_us = scheduler.NowUs() + static_cast<TimeUs>(prng.Below(40));
      scheduler.ScheduleAt(at_us, [&, index, at_us] {
        fired.push_back({at_us, index});
        if (scheduled < 20000) schedule(static_cast<int>(prng.Below(3)));  // 0-2: size drifts
      });
    }
  };
  schedule(700);
  while (scheduler.RunNext()) {
  }
  ASSERT_EQ(fired.size(), static_cast<size_t>(scheduled));
  EXPECT_GT(scheduled, 5000);
  for (size_t i = 1; i < fired.size(); ++i) {
    const bool in_order = fired[i - 1].at_us < fired[i].at_us ||
                          (fired[i - 1].at_us == fired[i].at_us &&
                           fired[i - 1].index < fired[i].index);
    ASSERT_TRUE(in_order) << "event " << fired[i].index << " at " << fired[i].at_us
                          << " fired after event " << fired[i - 1].index << " at "
                          << fired[i - 1].at_us;
  }
}

TEST(SchedulerTest, ClockAdvancesToEachEvent) {
  Scheduler scheduler;
  std::vector<TimeUs> seen;
  scheduler.ScheduleAt(300, [&] { seen.push_back(scheduler.NowUs()); });
  scheduler.ScheduleAt(100, [&] {
    seen.push_back(scheduler.NowUs());
    scheduler.ScheduleAfter(50, [&] { seen.push_back(scheduler.NowUs()); });
  });
  while (scheduler.RunNext()) {
  }
  EXPECT_EQ(seen, (std::vector<TimeUs>{100, 150, 300}));
}

TEST(SchedulerTest, CancelledTimersNeverFire) {
  Scheduler scheduler;
  int fired = 0;
  TimerId first = scheduler.ScheduleAt(10, [&] { fired += 1; });
  TimerId second = scheduler.ScheduleAt(20, [&] { fired += 10; });
  scheduler.ScheduleAt(30, [&] { fired += 100; });
  EXPECT_TRUE(scheduler.Cancel(second));
  EXPECT_FALSE(scheduler.Cancel(second));  // already cancelled
  scheduler.RunUntil(1000);
  EXPECT_EQ(fired, 101);
  EXPECT_FALSE(scheduler.Cancel(first));  // already ran
  EXPECT_EQ(scheduler.events_run(), 2u);
}

TEST(SchedulerTest, StaleTimerIdDoesNotCancelReusedSlot) {
  Scheduler scheduler;
  int fired = 0;
  TimerId old_id = scheduler.ScheduleAt(10, [&] { fired += 1; });
  scheduler.RunUntil(10);
  // The slot is reused by the next event; the old id must not touch it.
  scheduler.ScheduleAt(20, [&] { fired += 10; });
  EXPECT_FALSE(scheduler.Cancel(old_id));
  scheduler.RunUntil(20);
  EXPECT_EQ(fired, 11);
}

// A cancelled event's slot is free at once and the next event takes it; the cancelled event's
// queue entry, still queued for the earlier time, must then neither run the new event early nor
// run it twice.
TEST(SchedulerTest, ASlotFreedByCancelIsReusedAndItsOldEntryIsSkipped) {
  Scheduler scheduler;
  std::vector<TimeUs> fired_at;
  TimerId cancelled = scheduler.ScheduleAt(10, [&] { fired_at.push_back(scheduler.NowUs()); });
  EXPECT_EQ(scheduler.pending(), 1u);
  EXPECT_TRUE(scheduler.Cancel(cancelled));
  EXPECT_EQ(scheduler.pending(), 0u);
  EXPECT_EQ(scheduler.queued(), 1u);  // the stale entry waits for its time
  TimerId reused = scheduler.ScheduleAt(20, [&] { fired_at.push_back(scheduler.NowUs()); });
  EXPECT_EQ(reused.slot, cancelled.slot);
  EXPECT_NE(reused.generation, cancelled.generation);
  EXPECT_FALSE(scheduler.Cancel(cancelled));  // the old id names nothing now
  scheduler.RunUntil(15);
  EXPECT_TRUE(fired_at.empty());
  EXPECT_EQ(scheduler.events_run(), 0u);
  scheduler.RunUntil(100);
  EXPECT_EQ(fired_at, std::vector<TimeUs>{20});
  EXPECT_EQ(scheduler.pending(), 0u);
  EXPECT_EQ(scheduler.queued(), 0u);
}

// The same through a lane (fixed delays), where entries are a FIFO rather than a heap.
TEST(SchedulerTest, ALanedSlotFreedByCancelIsReusedAndItsOldEntryIsSkipped) {
  Scheduler scheduler;
  scheduler.ReserveLane(10);
  std::vector<TimeUs> fired_at;
  TimerId cancelled = scheduler.ScheduleAfter(10, [&] { fired_at.push_back(scheduler.NowUs()); });
  EXPECT_TRUE(scheduler.Cancel(cancelled));
  scheduler.RunUntil(5);
  TimerId reused = scheduler.ScheduleAfter(10, [&] { fired_at.push_back(scheduler.NowUs()); });
  EXPECT_EQ(reused.slot, cancelled.slot);
  scheduler.RunUntil(100);
  EXPECT_EQ(fired_at, std::vector<TimeUs>{15});
  EXPECT_EQ(scheduler.events_run(), 1u);
}

TEST(SchedulerTest, CancelledEventsAfterTheLimitDoNotLetLaterEventsRunEarly) {
  Scheduler scheduler;
  int fired = 0;
  TimerId cancelled = scheduler.ScheduleAt(5, [&] { fired += 1; });
  scheduler.ScheduleAt(50, [&] { fired += 10; });
  scheduler.Cancel(cancelled);
  scheduler.RunUntil(20);
  EXPECT_EQ(fired, 0);
  EXPECT_EQ(scheduler.NowUs(), 20);
  scheduler.RunUntil(50);
  EXPECT_EQ(fired, 10);
}

TEST(SchedulerTest, GuardDropsEventsOfAnOldIncarnation) {
  Scheduler scheduler;
  uint32_t incarnation = 1;
  int fired = 0;
  scheduler.ScheduleAt(10, [&] { fired += 1; }, Guard{&incarnation, 1});
  scheduler.ScheduleAt(20, [&] { fired += 10; }, Guard{&incarnation, 1});
  scheduler.ScheduleAt(5, [&] { incarnation = 2; });
  scheduler.RunUntil(100);
  EXPECT_EQ(fired, 0);
  EXPECT_EQ(scheduler.events_run(), 1u);
}

TEST(SchedulerTest, MaxEventsStopsARunawayLoop) {
  Scheduler scheduler;
  scheduler.set_max_events(100);
  std::function<void()> again;
  int fired = 0;
  again = [&] {
    ++fired;
    scheduler.ScheduleAfter(1, [&] { again(); });
  };
  scheduler.ScheduleAt(0, [&] { again(); });
  EXPECT_FALSE(scheduler.RunUntil(1 * kSecond));
  EXPECT_EQ(fired, 100);
}

}  // namespace
}  // namespace sim

namespace sim {
namespace {

// Lanes are an optimisation only: the order of events must be exactly what the heap alone gives.
TEST(SchedulerTest, LanesKeepTheTotalOrderOfTimeThenInsertion) {
  std::vector<int> with_lanes;
  std::vector<int> without_lanes;
  for (bool lanes : {true, false}) {
    Scheduler scheduler;
    if (lanes) {
      scheduler.ReserveLane(100);
      scheduler.ReserveLane(250);
    }
    std::vector<int>& fired = lanes ? with_lanes : without_lanes;
    Prng prng(3);
    int next = 0;
    // A chain of events, each scheduling a mix of fixed (laned) and random (heap) delays, with
    // many exact time ties between lanes and heap.
    std::function<void(int)> spawn = [&](int depth) {
      if (depth == 0) return;
      for (int i = 0; i < 3; ++i) {
        const TimeUs delays[] = {100, 250, static_cast<TimeUs>(prng.Below(4)) * 50};
        const int id = next++;
        scheduler.ScheduleAfter(delays[i], [&, id, depth] {
          fired.push_back(id);
          spawn(depth - 1);
        });
      }
    };
    scheduler.ScheduleAt(0, [&] { spawn(6); });
    scheduler.RunUntil(1 * kSecond);
    EXPECT_EQ(scheduler.queued(), 0u);
  }
  EXPECT_GT(with_lanes.size(), 1000u);
  EXPECT_EQ(with_lanes, without_lanes);
}

TEST(SchedulerTest, CancelWorksForLanedEvents) {
  Scheduler scheduler;
  scheduler.ReserveLane(10);
  int fired = 0;
  TimerId id = scheduler.ScheduleAfter(10, [&] { fired += 1; });
  scheduler.ScheduleAfter(10, [&] { fired += 10; });
  EXPECT_TRUE(scheduler.Cancel(id));
  scheduler.RunUntil(100);
  EXPECT_EQ(fired, 10);
}

TEST(SchedulerTest, StallLimitStopsAClockThatNeverAdvances) {
  Scheduler scheduler;
  scheduler.set_stall_limit(50);
  std::function<void()> again;
  int fired = 0;
  again = [&] {
    ++fired;
    scheduler.ScheduleAfter(0, [&] { again(); });  // zero delay: the clock stays at 7
  };
  scheduler.ScheduleAt(7, [&] { again(); });
  EXPECT_FALSE(scheduler.RunUntil(1 * kSecond));
  EXPECT_TRUE(scheduler.stalled());
  EXPECT_EQ(fired, 50);
  EXPECT_EQ(scheduler.NowUs(), 7);
}

TEST(SchedulerTest, ManyEventsAtDistinctInstantsAreNoStall) {
  Scheduler scheduler;
  scheduler.set_stall_limit(3);
  int fired = 0;
  for (TimeUs at = 0; at < 100; ++at) {
    for (int i = 0; i < 2; ++i) scheduler.ScheduleAt(at, [&] { ++fired; });  // 2 per instant
  }
  EXPECT_TRUE(scheduler.RunUntil(1 * kSecond));
  EXPECT_FALSE(scheduler.stalled());
  EXPECT_EQ(fired, 200);
}

}  // namespace
}  // namespace sim
