// A fake Env for wiring a few nodes by hand: every message goes into one shared FIFO queue that
// the test delivers (or drops) one by one; timers are recorded, not run; random numbers are a
// fixed function of the node id and a counter.
#pragma once

#include <deque>
#include <memory>
#include <utility>
#include <vector>

#include "dynamo/env.h"
#include "dynamo/hash.h"

namespace dynamo {

struct Wire {
  NodeId from;
  NodeId to;
  Message message;
};

class QueueEnv : public Env {
 public:
  QueueEnv(NodeId self, std::deque<Wire>& queue) : self_(self), queue_(queue) {}
  TimeUs NowUs() const override { return now_us; }
  TimeUs WallClockUs() const override { return now_us; }
  // Handles are 1 + the timer's index in `timers`; a cancelled one is listed in `cancelled`.
  TimerHandle StartTimer(TimeUs delay_us, TimerTag tag) override {
    timers.push_back({delay_us, tag});
    return timers.size();
  }
  void CancelTimer(TimerHandle handle) override {
    if (handle != kNoTimer) cancelled.push_back(timers.at(handle - 1).tag);
  }
  void Send(NodeId to, Message&& message, TimeUs) override {
    queue_.push_back(Wire{self_, to, std::move(message)});
  }
  uint64_t Random() override { return Mix64(next_random_++ + 1000 * self_); }
  TimeUs StorageReadLatencyUs() override { return 0; }
  TimeUs StorageWriteLatencyUs() override { return 0; }
  void RingInstalled(const RingState& state, const std::shared_ptr<const Ring>&) override {
    installed.push_back(state.epoch);
  }

  struct Timer {
    TimeUs delay_us;
    TimerTag tag;
  };
  TimeUs now_us = 1000;
  std::vector<Timer> timers;
  std::vector<TimerTag> cancelled;  // tags of the timers cancelled, in order
  std::vector<uint64_t> installed;  // epochs of the rings installed, in order

 private:
  const NodeId self_;
  std::deque<Wire>& queue_;
  uint64_t next_random_ = 0;
};

}  // namespace dynamo
