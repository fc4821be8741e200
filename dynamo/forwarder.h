// Forwarder: the entry node's side of server-driven coordination (paper section 4.5). A node
// outside a key's top N hands a client request to the first of the top N it does not suspect,
// and tracks the forward until the receiver acknowledges it (forward_ack, sent as soon as a
// forward arrives). A forward not acknowledged within kForwardTimeoutFraction of the request
// timeout makes the forwarder suspect that node and hand the request to the next candidate; when
// none is left, the client is answered with a failure. So a forwarder learns that the first of
// the top N is unreachable from its own forwards, as a coordinator does from its replicas, and a
// lasting partition costs one timeout per (forwarder, unreachable node), not every request.
//
// The receiver may forward again (its view may differ, or it may have no ring), but the forward
// hop count (msg::ForwardGet::hops, msg::ForwardPut::hops) is capped by the caller (node.h); fall-backs are not hops.
//
// Volatile: a crash forgets pending forwards (the client times out and retries elsewhere).
#pragma once

#include <cstdint>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"
#include "dynamo/env.h"
#include "dynamo/failure_detector.h"
#include "dynamo/message.h"
#include "dynamo/node_config.h"

namespace dynamo {

// A forward is acknowledged on arrival, one network round trip, without storage work: it is
// given a quarter of the request timeout, so a fall-back still leaves the coordinator time
// before the client gives up on its entry node (which it does after the request timeout).
inline constexpr TimeUs kForwardTimeoutFraction = 4;
// How long a forwarder waits for forward_ack: the one place this delay is computed (the simulator
// reserves a scheduler lane for it, so the two must agree).
inline TimeUs ForwardTimeoutUs(const NodeConfig& config) {
  return config.request_timeout_us / kForwardTimeoutFraction;
}

struct ForwarderStats {
  uint64_t forwards_sent = 0;   // forward_get / forward_put sent, fall-backs included
  uint64_t fall_backs = 0;      // forwards re-sent to the next candidate after a timeout
  uint64_t failed = 0;          // requests answered with a failure: no candidate left
};

class Forwarder {
 public:
  // Keeps references; all must outlive this object.
  Forwarder(NodeId self, const NodeConfig& config, Env& env, FailureDetector& failure_detector)
      : self_(self), config_(config), env_(env), failure_detector_(failure_detector) {}

  // Forwards `request` (a client_* or forward_* message, already turned into forward_*) to the
  // first of `candidates` (in preference order) this node does not suspect, or the first one if
  // it suspects them all. REQUIRES: candidates non-empty, self not among them.
  void Forward(Message request, absl::Span<const NodeId> candidates);
  // The receiver `from` took a forward over.
  void OnAck(NodeId from, const Message& ack);
  // REQUIRES: tag.kind == TimerKind::kForward.
  void OnTimer(TimerTag tag);

  size_t pending() const { return live_; }
  const ForwarderStats& stats() const { return stats_; }

 private:
  // The top N (N = 3 by default) fit inline: a forward allocates nothing for them.
  using NodeIds = absl::InlinedVector<NodeId, 4>;
  struct Pending {
    Message request;
    NodeIds candidates;
    NodeIds tried;
    TimerHandle timeout = kNoTimer;  // of the latest send; cancelled when acknowledged
    bool live = false;               // false once acknowledged or answered
  };
  // Sends to the next candidate not tried yet (unsuspected first); false if none is left.
  bool SendToNext(uint64_t id, Pending& pending);
  // The slot of forward `id`. REQUIRES: first_id_ <= id < first_id_ + window_.
  Pending& Slot(uint64_t id) { return buffer_[id & (buffer_.size() - 1)]; }
  // A slot for the next forward, which gets id next_id_ (the window grows to take it).
  Pending& Append();
  // Ends forward `id` and drops the ended forwards at the window's start.
  void End(uint64_t id);

  const NodeId self_;
  const NodeConfig& config_;
  Env& env_;
  FailureDetector& failure_detector_;
  // Volatile. The forwards with ids first_id_ .. first_id_ + window_ - 1, live or ended, in a
  // ring buffer whose size is a power of two (ids are consecutive and a forward ends within a few
  // timeouts, so the window stays short): a forward moves no other and allocates nothing once the
  // buffer has grown, where a btree map of them split and refilled nodes of 300-byte entries. The
  // window starts at a live forward or is empty.
  std::vector<Pending> buffer_;
  uint64_t first_id_ = 0;
  uint64_t window_ = 0;
  size_t live_ = 0;
  uint64_t next_id_ = 0;
  ForwarderStats stats_;
};

}  // namespace dynamo
