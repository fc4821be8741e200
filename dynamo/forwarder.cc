#include "dynamo/forwarder.h"

#include <algorithm>
#include <utility>

#include "dynamo/check.h"
#include "dynamo/coordinator.h"

namespace dynamo {
namespace {

bool Contains(absl::Span<const NodeId> nodes, NodeId node) {
  return std::find(nodes.begin(), nodes.end(), node) != nodes.end();
}

}  // namespace

void Forwarder::Forward(Message request, absl::Span<const NodeId> candidates) {
  DYNAMO_CHECK(!candidates.empty(), "a forward needs a node to go to");
  DYNAMO_CHECK(!Contains(candidates, self_), "a node never forwards to itself");
  DYNAMO_CHECK(request.type() == MessageType::kForwardGet ||
                   request.type() == MessageType::kForwardPut,
               "only forward_get and forward_put are forwarded");
  if (config_.bugs.forward_never_falls_back) {
    // Deliberate bug: always to the first of the candidates, never tracked, so the forwarder
    // neither learns that it is gone nor tries the next one. It takes no id (nothing names it).
    ++stats_.forwards_sent;
    env_.Send(candidates.front(), std::move(request));
    return;
  }
  const uint64_t id = next_id_;
  Pending& pending = Append();
  pending.request = std::move(request);
  pending.candidates.assign(candidates.begin(), candidates.end());
  pending.tried.clear();
  pending.timeout = kNoTimer;
  pending.live = true;
  ++live_;
  const bool sent = SendToNext(id, pending);
  DYNAMO_CHECK(sent, "a fresh forward always has a candidate");
}

Forwarder::Pending& Forwarder::Append() {
  if (window_ == 0) first_id_ = next_id_;
  DYNAMO_CHECK(first_id_ + window_ == next_id_, "forward ids are consecutive");
  if (window_ == buffer_.size()) {
    // Grow: the window's slots, in id order, into a buffer twice the size.
    std::vector<Pending> grown(std::max<size_t>(8, 2 * buffer_.size()));
    for (uint64_t id = first_id_; id < first_id_ + window_; ++id) {
      grown[id & (grown.size() - 1)] = std::move(Slot(id));
    }
    buffer_ = std::move(grown);
  }
  ++window_;
  return Slot(next_id_++);
}

void Forwarder::End(uint64_t id) {
  Pending& pending = Slot(id);
  DYNAMO_CHECK(pending.live && live_ > 0, "a forward ends once");
  pending.live = false;
  pending.request = Message();  // frees the request's payload now, not when the slot is reused
  --live_;
  while (window_ > 0 && !Slot(first_id_).live) {
    ++first_id_;
    --window_;
  }
  DYNAMO_CHECK(window_ >= live_, "every live forward is in the window");
}

bool Forwarder::SendToNext(uint64_t id, Pending& pending) {
  NodeId next = 0;
  bool found = false;
  for (const bool allow_suspected : {false, true}) {
    for (NodeId node : pending.candidates) {
      if (Contains(pending.tried, node)) continue;
      if (!allow_suspected && failure_detector_.IsSuspected(node)) continue;
      next = node;
      found = true;
      break;
    }
    if (found) break;
  }
  if (!found) return false;
  DYNAMO_CHECK(next != self_, "a node never forwards to itself");
  pending.tried.push_back(next);
  DYNAMO_CHECK(pending.tried.size() <= pending.candidates.size(), "each candidate is tried once");
  ++stats_.forwards_sent;
  env_.Send(next, Message(pending.request));  // a copy: the request stays for a fall-back
  pending.timeout = env_.StartTimer(ForwardTimeoutUs(config_), TimerTag{TimerKind::kForward, id});
  return true;
}

void Forwarder::OnAck(NodeId from, const Message& ack) {
  DYNAMO_CHECK(from != self_, "a forward is acknowledged by the node it went to");
  const NodeId client = ack.As<msg::ForwardAck>().reply_to;
  // The oldest live forward of this request that went to `from`.
  for (uint64_t id = first_id_; id < first_id_ + window_; ++id) {
    const Pending& pending = Slot(id);
    if (pending.live && pending.request.request_id == ack.request_id &&
        ClientOf(pending.request) == client && pending.tried.back() == from) {
      env_.CancelTimer(pending.timeout);
      End(id);
      return;
    }
  }
}

void Forwarder::OnTimer(TimerTag tag) {
  DYNAMO_CHECK(tag.kind == TimerKind::kForward, "not a forward timer");
  const uint64_t id = tag.arg;
  if (id < first_id_ || id >= first_id_ + window_ || !Slot(id).live) return;  // acknowledged
  Pending& pending = Slot(id);
  DYNAMO_CHECK(!pending.tried.empty(), "a pending forward was sent somewhere");
  failure_detector_.Suspect(pending.tried.back(), env_.NowUs());
  if (SendToNext(id, pending)) {
    ++stats_.fall_backs;
    return;
  }
  // Every candidate was tried: the request is answered, never dropped in silence.
  ++stats_.failed;
  env_.Send(ClientOf(pending.request),
            ClientFailure(pending.request.request_id, pending.request.key, self_));
  End(id);
}

}  // namespace dynamo
