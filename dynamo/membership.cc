#include "dynamo/membership.h"

#include <algorithm>
#include <utility>

#include "dynamo/check.h"
#include "dynamo/partition_assignment.h"

namespace dynamo {

Membership::Membership(NodeId self, const NodeConfig& config, Env& env, DurableState& durable,
                       FailureDetector& failure_detector, Listener& listener)
    : self_(self),
      config_(config),
      env_(env),
      durable_(durable),
      failure_detector_(failure_detector),
      listener_(listener) {
  if (!durable_.ring.empty()) {
    view_.Set(std::make_shared<const Ring>(config_.ring_params, durable_.ring.members));
  }
}

void Membership::Start() {
  // A durable counter, not the clock (the Env contract gives the node no global time): each
  // start takes the next generation, so a later incarnation always has a larger one. A wiped
  // disk starts again from 1 and catches up from gossip (MergeGenerations).
  ++durable_.generation;
  generations_[self_] = durable_.generation;
  // A node without a ring asks at once; the others start at a random phase so rounds spread.
  const TimeUs first = !view_.has_ring()
                           ? 0
                           : static_cast<TimeUs>(UniformBelow(
                                 static_cast<uint64_t>(config_.gossip_interval_us),
                                 [this] { return env_.Random(); }));
  env_.StartTimer(first, TimerTag{kTimerGossip, 0});
}

void Membership::RequestLeave() { leave_requested_ = true; }

void Membership::OnTimer(TimerTag tag) {
  DYNAMO_CHECK(tag.kind == kTimerGossip, "not a gossip timer");
  Round();
  env_.StartTimer(config_.gossip_interval_us, TimerTag{kTimerGossip, 0});
}

void Membership::Round() {
  if (leave_requested_) {
    if (IsMember()) RequestChange(MembershipChangeKind::kLeave);
  } else if (!IsMember()) {
    RequestChange(MembershipChangeKind::kJoin);
  }
  ++rounds_;
  NodeId peer = 0;
  const bool seed_round = !view_.has_ring() || rounds_ == 1 || rounds_ % kSeedRoundEvery == 0;
  const bool picked = seed_round ? (PickSeed(&peer) || PickMember(&peer)) : PickMember(&peer);
  if (picked) GossipWith(peer);
}

bool Membership::PickSeed(NodeId* seed) {
  std::vector<NodeId> others;
  for (NodeId node : config_.seeds) {
    if (node != self_) others.push_back(node);
  }
  if (others.empty()) return false;
  *seed = others[UniformBelow(others.size(), [this] { return env_.Random(); })];
  return true;
}

bool Membership::PickMember(NodeId* member) {
  if (!view_.has_ring()) return false;
  const absl::Span<const NodeId> nodes = view_.ring().nodes();
  const bool self_listed = view_.ring().HasNode(self_);
  const size_t others = nodes.size() - (self_listed ? 1 : 0);
  if (others == 0) return false;
  size_t pick = UniformBelow(others, [this] { return env_.Random(); });
  for (NodeId node : nodes) {
    if (node == self_) continue;
    if (pick-- == 0) {
      *member = node;
      return true;
    }
  }
  return false;
}

void Membership::FillGossip(Message* message, bool with_ring) const {
  message->generations.assign(generations_.begin(), generations_.end());
  message->ring_state.epoch = durable_.ring.epoch;
  message->ring_state.author = durable_.ring.author;
  if (with_ring) message->ring_state.members = durable_.ring.members;
}

void Membership::GossipWith(NodeId peer) {
  Message gossip;
  gossip.type = MessageType::kGossip;
  FillGossip(&gossip, /*with_ring=*/false);
  ++stats_.gossip_rounds;
  env_.Send(peer, std::move(gossip));
}

void Membership::MergeGenerations(const Message& message) {
  for (const auto& [node, generation] : message.generations) {
    if (node == self_) {
      // A peer remembers a newer incarnation of this node than this one (the disk was wiped
      // since): move past it, so this restart is news to everyone.
      if (generation > durable_.generation) {
        durable_.generation = generation + 1;
        generations_[self_] = durable_.generation;
      }
      continue;
    }
    uint64_t& known = generations_[node];
    if (generation <= known) continue;
    known = generation;
    // A newer incarnation: whatever made this node suspect it is over.
    failure_detector_.Heard(node);
  }
}

void Membership::OnMessage(NodeId from, const Message& message) {
  switch (message.type) {
    case MessageType::kGossip: {
      MergeGenerations(message);
      if (!message.ring_state.members.empty()) Install(message.ring_state);
      if (message.ok) return;  // a push answers a want_ring; nothing more to say
      Message reply;
      reply.type = MessageType::kGossipReply;
      const bool mine_newer = durable_.ring.NewerThan(message.ring_state);
      FillGossip(&reply, /*with_ring=*/mine_newer);
      reply.want_ring = message.ring_state.NewerThan(durable_.ring);
      env_.Send(from, std::move(reply));
      return;
    }
    case MessageType::kGossipReply: {
      MergeGenerations(message);
      if (!message.ring_state.members.empty()) Install(message.ring_state);
      if (message.want_ring && !durable_.ring.empty()) {
        Message push;
        push.type = MessageType::kGossip;
        push.ok = true;
        FillGossip(&push, /*with_ring=*/true);
        env_.Send(from, std::move(push));
      }
      return;
    }
    case MessageType::kMembershipChange: {
      if (!view_.has_ring()) return;  // cannot serve without a ring; the requester asks again
      std::vector<RingPosition> tokens;
      if (!message.ring_state.members.empty()) tokens = message.ring_state.members.front().tokens;
      ServeChange(message.change, from, tokens);
      Message reply;
      reply.type = MessageType::kMembershipReply;
      FillGossip(&reply, /*with_ring=*/true);
      env_.Send(from, std::move(reply));
      return;
    }
    case MessageType::kMembershipReply:
      MergeGenerations(message);
      if (!message.ring_state.members.empty()) Install(message.ring_state);
      return;
    default:
      DYNAMO_CHECK(false, "not a membership message");
  }
}

void Membership::RequestChange(MembershipChangeKind change) {
  DYNAMO_CHECK(change != MembershipChangeKind::kNone, "a change request names a change");
  const bool self_is_seed =
      std::find(config_.seeds.begin(), config_.seeds.end(), self_) != config_.seeds.end();
  if (change == MembershipChangeKind::kLeave && self_is_seed && view_.has_ring()) {
    ServeChange(change, self_, {});  // a seed serves its own leave
    return;
  }
  NodeId seed = 0;
  if (!PickSeed(&seed)) return;
  Message request;
  request.type = MessageType::kMembershipChange;
  request.change = change;
  if (change == MembershipChangeKind::kJoin &&
      config_.ring_params.strategy != PartitionStrategy::kEqualPartitions) {
    if (join_tokens_.empty()) {
      join_tokens_ = RandomTokens(config_.tokens_per_node, [this] { return env_.Random(); });
    }
    request.ring_state.members.push_back(RingMember{self_, join_tokens_});
  }
  ++stats_.change_requests;
  env_.Send(seed, std::move(request));
}

bool Membership::ServeChange(MembershipChangeKind change, NodeId node,
                             const std::vector<RingPosition>& tokens) {
  DYNAMO_CHECK(view_.has_ring(), "only a node with a ring serves membership changes");
  RingState next = durable_.ring;
  const bool member = next.HasMember(node);
  const bool strategy3 = config_.ring_params.strategy == PartitionStrategy::kEqualPartitions;
  if (change == MembershipChangeKind::kJoin) {
    if (member) return false;
    if (strategy3) {
      std::vector<NodeId> owners = PartitionOwnersOf(view_.ring());
      if (owners.size() < next.members.size() + 1) return false;  // Q >= S + 1 partitions needed
      AddPartitionOwner(node, [this] { return env_.Random(); }, &owners);
      next.members = MembersFromPartitionOwners(owners);
    } else {
      RingMember joining{node, {}};
      for (RingPosition token : tokens) {
        bool taken = false;
        for (const Ring::Token& existing : view_.ring().tokens()) taken = taken || existing.position == token;
        if (!taken) joining.tokens.push_back(token);
      }
      if (joining.tokens.empty()) return false;
      next.members.push_back(std::move(joining));
      std::sort(next.members.begin(), next.members.end(),
                [](const RingMember& a, const RingMember& b) { return a.node < b.node; });
    }
  } else if (change == MembershipChangeKind::kLeave) {
    if (!member || next.members.size() <= config_.n) return false;
    if (strategy3) {
      std::vector<NodeId> owners = PartitionOwnersOf(view_.ring());
      RemovePartitionOwner(node, &owners);
      next.members = MembersFromPartitionOwners(owners);
    } else {
      std::erase_if(next.members, [node](const RingMember& m) { return m.node == node; });
    }
  } else {
    return false;
  }
  DYNAMO_CHECK(next.HasMember(node) == (change == MembershipChangeKind::kJoin),
               "a served join adds the node and a served leave removes it");
  next.epoch = durable_.ring.epoch + 1;
  next.author = self_;
  ++stats_.changes_served;
  Install(next);
  return true;
}

void Membership::Install(const RingState& state) {
  if (!state.NewerThan(durable_.ring)) return;
  if (!Ring::IsValid(config_.ring_params, state.members)) return;  // never from a correct peer
  std::shared_ptr<const Ring> before = view_.shared();
  DYNAMO_CHECK(state.epoch >= durable_.ring.epoch, "a newer ring never has an older epoch");
  durable_.ring = state;
  view_.Set(std::make_shared<const Ring>(config_.ring_params, durable_.ring.members));
  ++stats_.rings_installed;
  env_.RingInstalled(durable_.ring, view_.shared());
  listener_.OnRingChanged(before.get(), view_.ring());
}

}  // namespace dynamo
