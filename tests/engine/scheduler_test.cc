#include "sim/engine/scheduler.h"

#include <vector>

#include "gtest/gtest.h"

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
