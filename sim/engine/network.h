// Network<Message>: carries typed messages between processes over a NetworkModel.
//
// Send() asks the model for the message's fate, parks the message in a slab (no allocation per
// message once the slab has grown) and schedules its delivery. At delivery the message is
// dropped if the destination crashed since it was sent (its incarnation moved on: a message in
// flight to a node that crashes is lost, even if the node is back by then) or if a partition now
// separates the two ends. Every send, delivery and drop is traced and counted.
//
// When a trace sink is attached, message records carry a TraceNote (trace.h): the message's
// number in the run (send, its deliveries and drops share it), the time it was sent, and the
// workload key it concerns if the owner says how to read one (set_trace_key). Notes are not
// folded into the digest.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "sim/engine/check.h"
#include "sim/engine/network_model.h"
#include "sim/engine/network_stats.h"
#include "sim/engine/process_table.h"
#include "sim/engine/scheduler.h"
#include "sim/engine/trace.h"

namespace sim {

template <typename Message>
class Network {
 public:
  // Receives delivered messages. `message` may be moved from.
  class Receiver {
   public:
    virtual ~Receiver() = default;
    virtual void Deliver(ProcessId from, ProcessId to, MessageKind kind, Message& message) = 0;
  };

  Network(Scheduler& scheduler, ProcessTable& processes, Trace& trace, NetworkModel& model,
          Receiver& receiver)
      : scheduler_(scheduler),
        processes_(processes),
        trace_(trace),
        model_(model),
        receiver_(receiver) {}
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  NetworkModel& model() { return model_; }
  const NetworkStats& stats() const { return stats_; }
  NetworkStats& mutable_stats() { return stats_; }

  // Tells traced message events which workload key a message concerns: `key_of` returns the key,
  // or TraceNote::kNone for a message about no single key. Called only while tracing.
  using TraceKeyFunction = uint64_t (*)(const Message& message);
  void set_trace_key(TraceKeyFunction key_of) { trace_key_ = key_of; }

  // Sends `message` of `kind` and modelled size `bytes` from `from` to `to`. With
  // depart_delay_us > 0 the message leaves that much later (local work before sending, e.g. a
  // storage read); its fate is decided now.
  void Send(ProcessId from, ProcessId to, MessageKind kind, uint32_t bytes, Message&& message,
            TimeUs depart_delay_us = 0) {
    const TimeUs now_us = scheduler_.NowUs();
    stats_.RecordSend(kind, bytes, now_us);
    const uint64_t id = next_message_id_++;
    trace_.Record(now_us, from, trace_.kMessageSend, to, kind, bytes, Note(message, id, -1));
    if (!processes_.IsUp(to)) {
      return Drop(from, to, kind, DropReason::kDestinationDown, Note(message, id, now_us));
    }
    const MessageFate fate = model_.Decide(from, to, kind);
    if (fate.copies == 0) return Drop(from, to, kind, fate.reason, Note(message, id, now_us));
    if (fate.copies == 2) {
      stats_.RecordDuplicate();
      Park(from, to, kind, SaturatingAdd(depart_delay_us, fate.delay_us[1]), 1, id,
           Message(message));
    }
    Park(from, to, kind, SaturatingAdd(depart_delay_us, fate.delay_us[0]), 0, id,
         std::move(message));
  }

  // Delivers `message` from a process to itself after `delay_us`, without the network: no
  // loss, no latency, not counted as traffic; lost if the process crashes first.
  void SendLocal(ProcessId id, MessageKind kind, TimeUs delay_us, Message&& message) {
    Park(id, id, kind, delay_us, 0, next_message_id_++, std::move(message));
  }

  // Messages currently in flight (parked, not yet delivered or dropped).
  std::size_t in_flight() const { return slots_.size() - free_slots_.size(); }

 private:
  struct InFlight {
    Message message;
    ProcessId from = 0;
    ProcessId to = 0;
    uint32_t incarnation = 0;  // of the destination when sent
    MessageKind kind = 0;
    uint8_t copy = 0;
    uint64_t id = 0;     // the message's number in the run, for trace notes
    TimeUs sent_us = 0;  // for trace notes
  };

  // The note of a message record; empty unless tracing.
  TraceNote Note(const Message& message, uint64_t id, TimeUs sent_us) const {
    if (!trace_.tracing()) return TraceNote{};
    return TraceNote{trace_key_ != nullptr ? trace_key_(message) : TraceNote::kNone, id, sent_us};
  }

  void Drop(ProcessId from, ProcessId to, MessageKind kind, DropReason reason,
            const TraceNote& note) {
    stats_.RecordDrop(reason);
    trace_.Record(scheduler_.NowUs(), from, trace_.kMessageDrop, to, kind,
                  static_cast<uint64_t>(reason), note);
  }

  void Park(ProcessId from, ProcessId to, MessageKind kind, TimeUs delay_us, uint8_t copy,
            uint64_t id, Message&& message) {
    uint32_t slot;
    if (!free_slots_.empty()) {
      slot = free_slots_.back();
      free_slots_.pop_back();
    } else {
      slot = static_cast<uint32_t>(slots_.size());
      slots_.emplace_back();
    }
    // Field by field: building a whole InFlight and assigning it moved the ~550-byte message
    // twice.
    InFlight& entry = slots_[slot];
    entry.message = std::move(message);
    entry.from = from;
    entry.to = to;
    entry.incarnation = processes_.Incarnation(to);
    entry.kind = kind;
    entry.copy = copy;
    entry.id = id;
    entry.sent_us = scheduler_.NowUs();
    scheduler_.ScheduleAfter(delay_us, [this, slot] { Arrive(slot); });
  }

  void Arrive(uint32_t slot) {
    InFlight& entry = slots_[slot];
    const ProcessId from = entry.from;
    const ProcessId to = entry.to;
    const MessageKind kind = entry.kind;
    const TraceNote note = Note(entry.message, entry.id, entry.sent_us);
    if (processes_.Incarnation(to) != entry.incarnation || !processes_.IsUp(to)) {
      Release(slot);
      return Drop(from, to, kind, DropReason::kDestinationDown, note);
    }
    if (!model_.CanReach(from, to)) {
      Release(slot);
      return Drop(from, to, kind, DropReason::kPartition, note);
    }
    stats_.RecordDelivery();
    trace_.Record(scheduler_.NowUs(), to, trace_.kMessageDeliver, from, kind, entry.copy, note);
    // Delivered in place, not moved out first: `slots_` is a deque, so the sends the receiver
    // makes may add slots without moving this one, and the slot is released only afterwards
    // (so they cannot reuse it). Which slot a message occupies affects no order.
    receiver_.Deliver(from, to, kind, entry.message);
    Release(slot);
  }

  void Release(uint32_t slot) {
    // A message type may say how to drop its contents cheaply (dynamo::Message::Clear: assigning
    // a value-initialized Message zeroes all of its 360 bytes first, 2% of a 64-node run).
    Message& message = slots_[slot].message;
    if constexpr (requires { message.Clear(); }) {
      message.Clear();
    } else {
      message = Message();
    }
    free_slots_.push_back(slot);
  }

  Scheduler& scheduler_;
  ProcessTable& processes_;
  Trace& trace_;
  NetworkModel& model_;
  Receiver& receiver_;
  NetworkStats stats_;
  std::deque<InFlight> slots_;  // a deque: references stay valid while it grows (Arrive)
  std::vector<uint32_t> free_slots_;
  uint64_t next_message_id_ = 0;
  TraceKeyFunction trace_key_ = nullptr;
};

}  // namespace sim
