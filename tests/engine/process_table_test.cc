#include "sim/engine/process_table.h"

#include <string>

#include "gtest/gtest.h"

namespace sim {
namespace {

class RecordingObserver : public ProcessObserver {
 public:
  void OnCrash(ProcessId id) override { log += "crash" + std::to_string(id) + " "; }
  void OnRestart(ProcessId id) override { log += "restart" + std::to_string(id) + " "; }
  void OnWipe(ProcessId id) override { log += "wipe" + std::to_string(id) + " "; }
  std::string log;
};

TEST(ProcessTableTest, CrashCancelsTimersAndRestartStartsFresh) {
  Scheduler scheduler;
  ProcessTable processes(scheduler);
  const ProcessId node = processes.Add();
  int fired = 0;
  processes.StartTimer(node, 10, [&] { fired += 1; });
  scheduler.ScheduleAt(5, [&] { processes.Crash(node); });
  scheduler.ScheduleAt(7, [&] {
    processes.Restart(node);
    processes.StartTimer(node, 10, [&] { fired += 100; });
  });
  scheduler.RunUntil(100);
  EXPECT_EQ(fired, 100);  // the timer of the first incarnation never fired
  EXPECT_EQ(processes.Incarnation(node), 2u);
  EXPECT_TRUE(processes.IsUp(node));
}

TEST(ProcessTableTest, TransitionsAreIdempotentAndObserved) {
  Scheduler scheduler;
  ProcessTable processes(scheduler);
  RecordingObserver observer;
  processes.set_observer(&observer);
  processes.Add();
  const ProcessId node = processes.Add();
  EXPECT_FALSE(processes.Restart(node));
  EXPECT_TRUE(processes.Crash(node));
  EXPECT_FALSE(processes.Crash(node));
  processes.Wipe(node);
  EXPECT_TRUE(processes.Restart(node));
  EXPECT_EQ(observer.log, "crash1 wipe1 restart1 ");
}

TEST(ProcessTableTest, DurableStoreSurvivesCrashButNotWipe) {
  Scheduler scheduler;
  ProcessTable processes(scheduler);
  DurableStore<std::string> disk;
  const ProcessId node = processes.Add();
  disk.Get() = "acknowledged";
  std::string memory = "buffered";
  processes.Crash(node);
  memory.clear();  // what an owner does on crash: volatile state is gone
  processes.Restart(node);
  EXPECT_EQ(disk.Get(), "acknowledged");
  EXPECT_EQ(memory, "");
  processes.Crash(node);
  processes.Wipe(node);
  disk.Wipe();
  EXPECT_EQ(disk.Get(), "");
}

TEST(ProcessTableTest, WallClockCarriesSkewVirtualTimeDoesNot) {
  Scheduler scheduler;
  ProcessTable processes(scheduler);
  const ProcessId a = processes.Add();
  const ProcessId b = processes.Add();
  processes.SetClockOffset(b, -3 * kSecond);
  scheduler.ScheduleAt(10 * kSecond, [] {});
  scheduler.RunUntil(10 * kSecond);
  EXPECT_EQ(processes.WallClockUs(a), 10 * kSecond);
  EXPECT_EQ(processes.WallClockUs(b), 7 * kSecond);
  EXPECT_EQ(scheduler.NowUs(), 10 * kSecond);
}

}  // namespace
}  // namespace sim
