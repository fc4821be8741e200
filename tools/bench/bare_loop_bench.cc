// Bare event loop benchmark: the floor every simulator throughput figure is compared with.
//
// Keeps `kPending` no-op events in the scheduler's queue; each event, when run, schedules one more
// at a pseudo-random later time, as a busy simulation does. Reports events per wall second.
// Usage: bare_loop_bench [events] (default 20 million).
#include <chrono>
#include <cstdint>
#include <cstdlib>

#include <fmt/format.h>

#include "sim/engine/prng.h"
#include "sim/engine/scheduler.h"

namespace {

constexpr int kPending = 10000;  // queue depth, about that of a 64-node cluster under load

struct Loop {
  sim::Scheduler scheduler;
  sim::Prng prng{1, "bench"};
  uint64_t remaining = 0;

  void Tick() {
    if (remaining == 0) return;
    --remaining;
    const sim::TimeUs delay_us = 1 + static_cast<sim::TimeUs>(prng.Below(2000));
    scheduler.ScheduleAfter(delay_us, [this] { Tick(); });
  }
};

}  // namespace

int main(int argc, char** argv) {
  const uint64_t events = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20'000'000;
  Loop loop;
  loop.remaining = events;
  for (int i = 0; i < kPending; ++i) loop.Tick();
  const auto start = std::chrono::steady_clock::now();
  while (loop.scheduler.RunNext()) {
  }
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const uint64_t run = loop.scheduler.events_run();
  fmt::print("bare_loop events={} queue_depth={} wall_s={:.3f} events_per_s={:.0f}\n", run,
             kPending, wall_s, static_cast<double>(run) / wall_s);
  return 0;
}
