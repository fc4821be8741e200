// PingWorld: a tiny multi-endpoint system on the engine, for network and determinism tests.
// Each endpoint, every `interval_us`, pings a random other endpoint; a ping is answered with a
// pong. Deliveries are counted per (from, to) pair.
#pragma once

#include <cstdint>
#include <map>
#include <utility>

#include "sim/engine/network.h"
#include "sim/engine/network_model.h"
#include "sim/engine/process_table.h"
#include "sim/engine/prng.h"
#include "sim/engine/scheduler.h"
#include "sim/engine/trace.h"

namespace sim {

struct PingMessage {
  uint64_t sequence = 0;
};

class PingWorld : public Network<PingMessage>::Receiver {
 public:
  PingWorld(uint64_t seed, int endpoints, Distribution latency)
      : processes_(scheduler_),
        model_(Prng(seed, "network"), std::move(latency)),
        network_(scheduler_, processes_, trace_, model_, *this),
        workload_(seed, "ping") {
    ping_ = model_.RegisterMessageKind("ping");
    pong_ = model_.RegisterMessageKind("pong");
    for (int i = 0; i < endpoints; ++i) processes_.Add();
  }

  // Starts periodic pings from every endpoint.
  void StartPinging(TimeUs interval_us) {
    for (ProcessId id = 0; id < processes_.size(); ++id) SchedulePing(id, interval_us);
  }

  // Sends one ping now from `from` to `to` (outside the periodic workload).
  void SendPing(ProcessId from, ProcessId to) {
    network_.Send(from, to, ping_, 64, PingMessage{next_sequence_++});
  }

  void Deliver(ProcessId from, ProcessId to, MessageKind kind, PingMessage& message) override {
    ++delivered_[{from, to}];
    if (kind == ping_) network_.Send(to, from, pong_, 64, PingMessage(message));
  }

  uint64_t Delivered(ProcessId from, ProcessId to) const {
    auto it = delivered_.find({from, to});
    return it == delivered_.end() ? 0 : it->second;
  }

  Scheduler& scheduler() { return scheduler_; }
  ProcessTable& processes() { return processes_; }
  NetworkModel& model() { return model_; }
  Network<PingMessage>& network() { return network_; }
  Trace& trace() { return trace_; }

 private:
  void SchedulePing(ProcessId id, TimeUs interval_us) {
    processes_.StartTimer(id, interval_us, [this, id, interval_us] {
      const uint64_t others = processes_.size() - 1;
      ProcessId to = static_cast<ProcessId>(workload_.Below(others));
      if (to >= id) ++to;
      SendPing(id, to);
      SchedulePing(id, interval_us);
    });
  }

  Scheduler scheduler_;
  Trace trace_;
  ProcessTable processes_;
  NetworkModel model_;
  Network<PingMessage> network_;
  Prng workload_;
  MessageKind ping_ = 0;
  MessageKind pong_ = 0;
  uint64_t next_sequence_ = 0;
  std::map<std::pair<ProcessId, ProcessId>, uint64_t> delivered_;
};

}  // namespace sim
