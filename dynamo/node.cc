#include "dynamo/node.h"

#include <algorithm>

#include "dynamo/check.h"

namespace dynamo {

Node::Node(NodeId self, const NodeConfig& config, Env& env, DurableState& durable)
    : self_(self),
      config_(config),
      env_(env),
      failure_detector_(config.suspect_after_us),
      replica_(config, env, durable),
      membership_(self, config, env, durable, failure_detector_, *this),
      coordinator_(self, config, env, membership_.view(), replica_, failure_detector_),
      hinted_handoff_(config, env, durable, failure_detector_),
      anti_entropy_(self, config, env, membership_.view(), durable),
      range_transfer_(self, config, env, durable, replica_) {
  if (durable.clock_actor == 0) {
    durable.clock_actor = static_cast<NodeId>(env.Random() >> 33) | 0x80000000u;
    if (config.bugs.wipe_reuses_clock_actor) durable.clock_actor = self | 0x80000000u;
  }
  if (config.bugs.hints_not_persisted) durable.hints.clear();  // deliberate bug: lost at a crash
  hinted_handoff_.Start();
  replica_.StartFlushing();
  membership_.Start();
}

void Node::OnRingChanged(const Ring* before, const Ring& now) {
  range_transfer_.OnRingChanged(before, now);
  CheckLeaveComplete();
}

void Node::CheckLeaveComplete() {
  if (leave_reported_ || !membership_.leave_requested() || !membership_.has_ring() ||
      membership_.IsMember() || !range_transfer_.idle()) {
    return;
  }
  leave_reported_ = true;
  env_.LeaveComplete();
}

void Node::OnMessage(NodeId from, Message& message) {
  failure_detector_.Heard(from);
  switch (message.type) {
    case MessageType::kClientGet:
    case MessageType::kClientPut:
      return OnClientRequest(message, /*forwarded=*/false);
    case MessageType::kForwardGet:
    case MessageType::kForwardPut:
      return OnClientRequest(message, /*forwarded=*/true);
    case MessageType::kGet:
    case MessageType::kHintedHandoff:
      return replica_.Handle(from, message);
    case MessageType::kPut:
    case MessageType::kReadRepair:
      replica_.Handle(from, message);
      // Only after a membership change can a view be stale (epoch 1 is the initial ring).
      if (membership_.epoch() > 1 && !message.has_hint) {
        range_transfer_.OnStrayWrite(membership_.ring(), message.key);
      }
      return;
    case MessageType::kHintedHandoffAck:
      return hinted_handoff_.OnAck(from, message);
    case MessageType::kGetReply:
      return coordinator_.OnGetReply(from, message);
    case MessageType::kPutAck:
      return coordinator_.OnPutAck(from, message);
    case MessageType::kMerkleRoot:
    case MessageType::kMerkleNodes:
    case MessageType::kMerkleKeys:
    case MessageType::kRepairPush:
      return anti_entropy_.OnMessage(from, message);
    case MessageType::kGossip:
    case MessageType::kGossipReply:
    case MessageType::kMembershipChange:
    case MessageType::kMembershipReply:
      return membership_.OnMessage(from, message);
    case MessageType::kRangeTransfer:
    case MessageType::kRangeTransferAck:
      range_transfer_.OnMessage(from, message);
      return CheckLeaveComplete();
    case MessageType::kClientReply:
    case MessageType::kCount:
      break;
  }
  DYNAMO_CHECK(false, "message type a node does not handle");
}

void Node::OnTimer(TimerTag tag) {
  if (IsAntiEntropyTimer(tag.kind)) return anti_entropy_.OnTimer(tag);
  if (tag.kind == kTimerHintDelivery) return hinted_handoff_.OnTimer();
  if (tag.kind == kTimerFlush) return replica_.OnFlushTimer();
  if (tag.kind == kTimerGossip) {
    membership_.OnTimer(tag);
    return CheckLeaveComplete();
  }
  if (tag.kind == kTimerRangeTransfer) return range_transfer_.OnTimer(tag);
  coordinator_.OnTimer(tag);
}

// A node in the key's top N coordinates; any other forwards to the first of the top N. A
// forwarded request is always coordinated by its receiver, so views that disagree cannot bounce
// a request back and forth.
void Node::OnClientRequest(Message& message, bool forwarded) {
  const bool is_get =
      message.type == MessageType::kClientGet || message.type == MessageType::kForwardGet;
  if (!forwarded) {
    ++stats_.client_requests;
    if (!membership_.has_ring()) {
      if (ForwardToSeed(message)) ++stats_.forwarded;
      return;  // no seed to ask: the client times out and retries elsewhere
    }
    Ring::NodeList top;
    membership_.ring().PreferenceList(message.key, config_.n, &top);
    if (std::find(top.begin(), top.end(), self_) == top.end()) {
      ++stats_.forwarded;
      message.type = is_get ? MessageType::kForwardGet : MessageType::kForwardPut;
      // The first of the top N this node does not suspect; the first if it suspects them all.
      NodeId coordinator = top.front();
      for (NodeId node : top) {
        if (!failure_detector_.IsSuspected(node, env_.NowUs())) {
          coordinator = node;
          break;
        }
      }
      env_.Send(coordinator, std::move(message));
      return;
    }
  }
  // Forwarded to a node without a ring (a seed whose disk was wiped): dropped, so a request can
  // never bounce between nodes that have no ring; the client times out and retries.
  if (!membership_.has_ring()) return;
  if (is_get) {
    coordinator_.StartGet(message);
  } else {
    coordinator_.StartPut(message);
  }
}

bool Node::ForwardToSeed(Message& message) {
  for (NodeId seed : config_.seeds) {
    if (seed == self_) continue;
    if (message.type == MessageType::kClientGet) message.type = MessageType::kForwardGet;
    if (message.type == MessageType::kClientPut) message.type = MessageType::kForwardPut;
    env_.Send(seed, std::move(message));
    return true;
  }
  return false;
}

}  // namespace dynamo
