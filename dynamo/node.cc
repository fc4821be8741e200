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
      coordinator_(self, config, env, membership_.view(), replica_, durable, failure_detector_),
      hinted_handoff_(self, config, env, durable, failure_detector_, membership_.view()),
      anti_entropy_(self, config, env, membership_.view(), durable),
      range_transfer_(self, config, env, durable, replica_, membership_.view()),
      forwarder_(self, config, env, failure_detector_) {
  if (durable.clock_actor == 0) {
    durable.clock_actor = static_cast<NodeId>(env.Random() >> 33) | 0x80000000u;
    if (config.bugs.wipe_reuses_clock_actor) durable.clock_actor = self | 0x80000000u;
  }
  if (config.bugs.hints_not_persisted) durable.hints.clear();  // deliberate bug: lost at a crash
  hinted_handoff_.Start();
  replica_.StartFlushing();
  membership_.Start();
  env_.StartTimer(failure_detector_.probe_interval_us(), TimerTag{kTimerProbe, 0});
}

void Node::Probe() {
  for (NodeId node : failure_detector_.Suspected()) {
    Message ping;
    ping.type = MessageType::kPing;
    env_.Send(node, std::move(ping));
  }
  env_.StartTimer(failure_detector_.probe_interval_us(), TimerTag{kTimerProbe, 0});
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
    case MessageType::kForwardPut: {
      // A node without a ring (a seed whose disk was wiped) cannot route it: unacknowledged, the
      // forwarder falls back to its next candidate (forwarder.h).
      if (!membership_.has_ring()) return;
      // Taken over: the forwarder need not fall back.
      Message ack;
      ack.type = MessageType::kForwardAck;
      ack.request_id = message.request_id;
      ack.reply_to = message.reply_to;
      env_.Send(from, std::move(ack));
      return OnClientRequest(message, /*forwarded=*/true);
    }
    case MessageType::kForwardAck:
      return forwarder_.OnAck(from, message);
    case MessageType::kPing: {
      Message reply;
      reply.type = MessageType::kPingReply;
      env_.Send(from, std::move(reply));
      return;
    }
    case MessageType::kPingReply:
      return;  // Heard above ended the suspicion
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
  if (tag.kind == kTimerForward) return forwarder_.OnTimer(tag);
  if (tag.kind == kTimerProbe) return Probe();
  coordinator_.OnTimer(tag);
}

// A node in the key's top N (by its own view) coordinates; any other forwards to the first of
// the top N it does not suspect. A forwarded request whose receiver is not in the top N by its
// view either (the views disagree) is forwarded again, at most kMaxForwardHops times in all, then
// answered with a failure: a request is never coordinated by a node outside its top N (it holds
// no replica and would write nowhere locally), and never left unanswered.
void Node::OnClientRequest(Message& message, bool forwarded) {
  const bool is_get =
      message.type == MessageType::kClientGet || message.type == MessageType::kForwardGet;
  if (!forwarded) ++stats_.client_requests;
  if (!membership_.has_ring()) {
    DYNAMO_CHECK(!forwarded, "a node without a ring takes no forwards");
    // A node without a ring hands the request to a seed; with no other seed, the client hears.
    if (ForwardToSeed(message)) return;
    return env_.Send(message.reply_to, ClientFailure(message, self_));
  }
  Ring::NodeList top;
  membership_.ring().PreferenceList(message.key, config_.n, &top);
  if (std::find(top.begin(), top.end(), self_) == top.end()) {
    if (message.forward_hops >= kMaxForwardHops) {
      ++stats_.forward_hops_exhausted;
      return env_.Send(message.reply_to, ClientFailure(message, self_));
    }
    ++stats_.forwarded;
    message.type = is_get ? MessageType::kForwardGet : MessageType::kForwardPut;
    ++message.forward_hops;
    // The first of the top N this node does not suspect, then the next ones (forwarder.h).
    forwarder_.Forward(std::move(message), top);
    return;
  }
  if (is_get) {
    coordinator_.StartGet(message);
  } else {
    coordinator_.StartPut(message);
  }
}

bool Node::ForwardToSeed(Message& message) {
  std::vector<NodeId> seeds;
  for (NodeId seed : config_.seeds) {
    if (seed != self_) seeds.push_back(seed);
  }
  if (seeds.empty()) return false;
  ++stats_.forwarded;
  if (message.type == MessageType::kClientGet) message.type = MessageType::kForwardGet;
  if (message.type == MessageType::kClientPut) message.type = MessageType::kForwardPut;
  ++message.forward_hops;
  forwarder_.Forward(std::move(message), seeds);
  return true;
}

}  // namespace dynamo
