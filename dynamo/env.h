// Env: the node's only window on the world (LevelDB's Env, for a distributed node).
//
// The node logic never reads a clock, sends a packet or draws a random number except through
// this interface, and it never includes anything from sim/. The simulator implements Env over its
// virtual clock and simulated network; the same node code could run over real sockets with a
// real Env. Durable state is not here: the node receives it at construction (node.h).
#pragma once

#include <cstdint>
#include <memory>

#include "dynamo/message.h"
#include "dynamo/ring.h"
#include "dynamo/ring_state.h"
#include "dynamo/types.h"

namespace dynamo {

// Every timer a node sets, by the piece that owns it (Node::OnTimer routes each kind there).
enum class TimerKind : uint8_t {
  kGetTimeout,          // coordinator: a get's request timeout (arg: request id)
  kPutTimeout,          // coordinator: a put's request timeout (arg: request id)
  kForward,             // forwarder: a forward's acknowledgement timeout (arg: forward id)
  kProbe,               // node: ping the suspected nodes
  kHintDelivery,        // hinted handoff: offer held hints to their owners
  kFlush,               // replica: move buffered writes to storage
  kGossip,              // membership: a gossip round
  kRangeTransfer,       // range transfer: resend unacknowledged keys
  kAntiEntropyTick,     // anti-entropy: start an exchange for the next range
  kAntiEntropyTimeout,  // anti-entropy: the outstanding exchange went quiet (arg: exchange id)
};

// Names a timer for Node::OnTimer: what it is for and one argument. A handler always checks
// whether what its timer was for is still pending, so a timer that is not cancelled is harmless;
// a request that finishes cancels its timeout all the same (CancelTimer), so that it costs no
// event and no memory in the environment until it would have fired.
struct TimerTag {
  TimerKind kind = TimerKind::kProbe;
  uint64_t arg = 0;
};

// Names a started timer for CancelTimer; the environment chooses the value. kNoTimer names none.
using TimerHandle = uint64_t;
inline constexpr TimerHandle kNoTimer = 0;

class Env {
 public:
  virtual ~Env() = default;

  // Monotonic time, for timeouts and intervals.
  virtual TimeUs NowUs() const = 0;
  // This node's wall clock: may be skewed against other nodes'. Used only for timestamps (LWW,
  // vector-clock truncation order), never for timeouts.
  virtual TimeUs WallClockUs() const = 0;

  // Calls Node::OnTimer(tag) after delay_us, unless the node crashes or cancels it first.
  virtual TimerHandle StartTimer(TimeUs delay_us, TimerTag tag) = 0;
  // Cancels a timer of this node that has not fired: its OnTimer never comes. A handle of a
  // timer that fired or was cancelled already, of an earlier incarnation, or kNoTimer is ignored.
  virtual void CancelTimer(TimerHandle handle) = 0;

  // Sends `message` to `to` (a node or a client). The message leaves after `delay_us` of local
  // work (storage latency); a message to oneself is delivered locally, without the network,
  // after `delay_us`. Delivery is not guaranteed. Taken by rvalue reference: a message is moved
  // once, into the network's slot, not once per layer it passes (a 360-byte object; issue 12).
  virtual void Send(NodeId to, Message&& message, TimeUs delay_us = 0) = 0;

  // A 64-bit random number from this node's own stream.
  virtual uint64_t Random() = 0;

  // How long the local storage engine takes for one read or one write (the environment models
  // the disk, as it does the network). The node delays its answer by this much.
  virtual TimeUs StorageReadLatencyUs() = 0;
  virtual TimeUs StorageWriteLatencyUs() = 0;

  // Notifications for whoever runs the node; they change nothing the node sees.
  // The node installed a newer ring (membership.h), shared so an observer may keep it.
  virtual void RingInstalled(const RingState& /*state*/,
                             const std::shared_ptr<const Ring>& /*ring*/) {}
  // The node has left the ring and handed its keys off (a decommission is complete): the
  // environment should stop its process for good. Called once, from inside a handler, so the
  // environment must not destroy the node before the handler returns.
  virtual void LeaveComplete() {}
};

}  // namespace dynamo
