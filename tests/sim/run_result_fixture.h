// A small hand-built RunResult shared by the summary and report tests: registers under vector
// clocks, 4 gets (one failed, one stale, one with two siblings) and 3 puts (one timed out); two
// nodes, two fault windows, 30 s timeline buckets. Not converged (nothing sampled).
#pragma once

#include "sim/run_result.h"
#include "tests/sim/history_builder.h"

namespace sim::testing {

inline RunResult SmallRunResult() {
  RunResult result;
  result.scenario = "two-puts";
  result.seed = 42;
  result.digest = "0123456789abcdef";
  result.sim_time_us = 90 * kSecond + 500;
  result.wall_time_s = 0.25;
  result.events = 12345;
  result.carts = false;
  result.last_write_wins = false;
  HistoryBuilder b;
  b.Put(1, 100, 0, 4);                                         // 4 ms
  b.Put(1, 101, 10, 16);                                       // 6 ms
  b.Put(1, 102, 11, 1011, OpStatus::kTimeout);                 // unavailable
  b.Get(1, 20, 22, {MakeVersion({100})});                      // 2 ms, stale: misses 101
  b.Get(1, 20, 23, {MakeVersion({101})});                      // 3 ms
  b.Get(1, 20, 28, {MakeVersion({100}), MakeVersion({101})});  // 8 ms, two siblings
  b.Get(1, 20, 520, {}, OpStatus::kFailed);
  result.history = b.history();
  result.messages_sent = 300;
  result.messages_dropped = 7;
  result.traffic = {{"get", 100, 6400}, {"put_ack", 50, 1600}, {"gossip", 150, 48000}};
  result.timeline_bucket_us = 30 * kSecond;
  result.messages_by_bucket = {200, 100};
  result.node_names = {"n1", "n2"};
  FaultWindow partition{"partition", 10 * kSecond, 25 * kSecond, 1, "scheduled", "heal", {}};
  partition.fault.type = scenario::FaultType::kPartition;
  partition.fault.groups = {{"n1", "c1"}, {"n2"}};
  FaultWindow crash{"crash", 30 * kSecond, 40 * kSecond, 2, "nemesis", "nemesis", {}};
  crash.fault.type = scenario::FaultType::kCrash;
  crash.fault.nodes = {"n2"};
  result.faults = {partition, crash};
  result.quiesce_start_us = 60 * kSecond;
  result.node_load = {{"n1", 10, 2, 5, 3, 8, 6, 1, 1, 4, 0, 7},
                      {"n2", 12, 3, 6, 4, 10, 7, 0, 0, 0, 2, 9}};
  return result;
}

}  // namespace sim::testing
