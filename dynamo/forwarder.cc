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
  const uint64_t id = next_id_++;
  Pending pending{std::move(request), {candidates.begin(), candidates.end()}, {}, kNoTimer};
  if (config_.bugs.forward_never_falls_back) {
    // Deliberate bug: always to the first of the candidates, never tracked, so the forwarder
    // neither learns that it is gone nor tries the next one.
    ++stats_.forwards_sent;
    env_.Send(candidates.front(), std::move(pending.request));
    return;
  }
  const bool sent = SendToNext(id, pending);
  DYNAMO_CHECK(sent, "a fresh forward always has a candidate");
  pending_.emplace(id, std::move(pending));
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
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    const Pending& pending = it->second;
    if (pending.request.request_id == ack.request_id && ClientOf(pending.request) == client &&
        pending.tried.back() == from) {
      env_.CancelTimer(pending.timeout);
      pending_.erase(it);
      return;
    }
  }
}

void Forwarder::OnTimer(TimerTag tag) {
  DYNAMO_CHECK(tag.kind == TimerKind::kForward, "not a forward timer");
  auto it = pending_.find(tag.arg);
  if (it == pending_.end()) return;  // acknowledged
  Pending& pending = it->second;
  DYNAMO_CHECK(!pending.tried.empty(), "a pending forward was sent somewhere");
  failure_detector_.Suspect(pending.tried.back(), env_.NowUs());
  if (SendToNext(it->first, pending)) {
    ++stats_.fall_backs;
    return;
  }
  // Every candidate was tried: the request is answered, never dropped in silence.
  ++stats_.failed;
  env_.Send(ClientOf(pending.request),
            ClientFailure(pending.request.request_id, pending.request.key, self_));
  pending_.erase(it);
}

}  // namespace dynamo
