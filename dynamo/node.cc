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
  env_.StartTimer(failure_detector_.probe_interval_us(), TimerTag{TimerKind::kProbe, 0});
}

void Node::Probe() {
  for (NodeId node : failure_detector_.Suspected()) {
    env_.Send(node, Message{.payload = msg::Ping{}});
  }
  env_.StartTimer(failure_detector_.probe_interval_us(), TimerTag{TimerKind::kProbe, 0});
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
  switch (message.type()) {
    case MessageType::kClientGet:
      return Route(message.request_id, message.key, std::move(message.As<msg::ClientGet>()),
                   /*hops=*/0, /*forwarded=*/false);
    case MessageType::kClientPut:
      return Route(message.request_id, message.key, std::move(message.As<msg::ClientPut>()),
                   /*hops=*/0, /*forwarded=*/false);
    case MessageType::kForwardGet: {
      msg::ForwardGet& forward = message.As<msg::ForwardGet>();
      if (!TakeOverForward(from, message.request_id, forward.request.reply_to)) return;
      return Route(message.request_id, message.key, std::move(forward.request), forward.hops,
                   /*forwarded=*/true);
    }
    case MessageType::kForwardPut: {
      msg::ForwardPut& forward = message.As<msg::ForwardPut>();
      if (!TakeOverForward(from, message.request_id, forward.request.reply_to)) return;
      return Route(message.request_id, message.key, std::move(forward.request), forward.hops,
                   /*forwarded=*/true);
    }
    case MessageType::kForwardAck:
      return forwarder_.OnAck(from, message);
    case MessageType::kPing:
      return env_.Send(from, Message{.payload = msg::PingReply{}});
    case MessageType::kPingReply:
      return;  // Heard above ended the suspicion
    case MessageType::kGet:
    case MessageType::kHintedHandoff:
      return replica_.Handle(from, message);
    case MessageType::kPut:
    case MessageType::kReadRepair: {
      const bool hinted = message.type() == MessageType::kPut &&
                          message.As<msg::Put>().hint_for.has_value();
      replica_.Handle(from, message);
      // Only after a membership change can a view be stale (epoch 1 is the initial ring).
      if (membership_.epoch() > 1 && !hinted) {
        range_transfer_.OnStrayWrite(membership_.ring(), message.key);
      }
      return;
    }
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

// A node without a ring (a seed whose disk was wiped) cannot route a forward: unacknowledged,
// the forwarder falls back to its next candidate (forwarder.h). Otherwise the node takes it over
// and says so at once.
bool Node::TakeOverForward(NodeId from, uint64_t request_id, NodeId client) {
  if (!membership_.has_ring()) return false;
  env_.Send(from, MakeMessage<msg::ForwardAck>(request_id, /*key=*/0, client));
  return true;
}

void Node::OnTimer(TimerTag tag) {
  switch (tag.kind) {
    case TimerKind::kGetTimeout:
    case TimerKind::kPutTimeout:
      return coordinator_.OnTimer(tag);
    case TimerKind::kForward:
      return forwarder_.OnTimer(tag);
    case TimerKind::kProbe:
      return Probe();
    case TimerKind::kHintDelivery:
      return hinted_handoff_.OnTimer();
    case TimerKind::kFlush:
      return replica_.OnFlushTimer();
    case TimerKind::kGossip:
      membership_.OnTimer(tag);
      return CheckLeaveComplete();
    case TimerKind::kRangeTransfer:
      return range_transfer_.OnTimer(tag);
    case TimerKind::kAntiEntropyTick:
    case TimerKind::kAntiEntropyTimeout:
      return anti_entropy_.OnTimer(tag);
  }
  DYNAMO_CHECK(false, "a timer kind no piece of the node owns");
}

namespace {

// The forward that carries a client request of type Request.
template <typename Request>
using ForwardOf =
    std::conditional_t<std::is_same_v<Request, msg::ClientGet>, msg::ForwardGet, msg::ForwardPut>;

}  // namespace

// A node in the key's top N (by its own view) coordinates; any other forwards to the first of
// the top N it does not suspect. A forwarded request whose receiver is not in the top N by its
// view either (the views disagree) is forwarded again, at most kMaxForwardHops times in all, then
// answered with a failure: a request is never coordinated by a node outside its top N (it holds
// no replica and would write nowhere locally), and never left unanswered.
template <typename Request>
void Node::Route(uint64_t request_id, Key key, Request request, uint32_t hops, bool forwarded) {
  DYNAMO_CHECK(hops <= kMaxForwardHops, "a request is forwarded at most kMaxForwardHops times");
  DYNAMO_CHECK(forwarded == (hops > 0), "a forwarded request has been forwarded at least once");
  if (!forwarded) ++stats_.client_requests;
  const NodeId client = request.reply_to;
  if (!membership_.has_ring()) {
    DYNAMO_CHECK(!forwarded, "a node without a ring takes no forwards");
    // A node without a ring hands the request to a seed; with no other seed, the client hears.
    std::vector<NodeId> seeds;
    for (NodeId seed : config_.seeds) {
      if (seed != self_) seeds.push_back(seed);
    }
    if (seeds.empty()) return env_.Send(client, ClientFailure(request_id, key, self_));
    ++stats_.forwarded;
    return forwarder_.Forward(
        MakeMessage<ForwardOf<Request>>(request_id, key, std::move(request), hops + 1), seeds);
  }
  Ring::NodeList top;
  membership_.ring().PreferenceList(key, config_.n, &top);
  if (std::find(top.begin(), top.end(), self_) == top.end()) {
    if (hops >= kMaxForwardHops) {
      ++stats_.forward_hops_exhausted;
      return env_.Send(client, ClientFailure(request_id, key, self_));
    }
    ++stats_.forwarded;
    // The first of the top N this node does not suspect, then the next ones (forwarder.h).
    return forwarder_.Forward(
        MakeMessage<ForwardOf<Request>>(request_id, key, std::move(request), hops + 1), top);
  }
  coordinator_.Start(request_id, key, request);
}

}  // namespace dynamo
