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
  DYNAMO_CHECK(config_.gossip_interval_us > 0, "gossip needs a positive interval");
  DYNAMO_CHECK(durable_.ring.empty() || Ring::IsValid(config_.ring_params, durable_.ring.members),
               "a persisted ring is one this node installed, so it is valid");
  if (!durable_.ring.empty()) {
    view_.Set(std::make_shared<const Ring>(config_.ring_params, durable_.ring.members,
                                           config_.placement));
  }
}

void Membership::Start() {
  // A durable counter, not the clock (the Env contract gives the node no global time): each
  // start takes the next generation, so a later incarnation always has a larger one. A wiped
  // disk starts again from 1 and catches up from gossip (MergeGenerations).
  DYNAMO_CHECK(rounds_ == 0, "a membership starts once per incarnation");
  ++durable_.generation;
  DYNAMO_CHECK(durable_.generation > 0, "a generation counter never wraps");
  SetGeneration(self_, durable_.generation);
  // A node without a ring asks at once; the others start at a random phase so rounds spread.
  const TimeUs first = !view_.has_ring()
                           ? 0
                           : static_cast<TimeUs>(UniformBelow(
                                 static_cast<uint64_t>(config_.gossip_interval_us),
                                 [this] { return env_.Random(); }));
  env_.StartTimer(first, TimerTag{TimerKind::kGossip, 0});
}

void Membership::RequestLeave() { leave_requested_ = true; }

void Membership::OnTimer(TimerTag tag) {
  DYNAMO_CHECK(tag.kind == TimerKind::kGossip, "not a gossip timer");
  Round();
  env_.StartTimer(config_.gossip_interval_us, TimerTag{TimerKind::kGossip, 0});
}

void Membership::Round() {
  DYNAMO_CHECK(generation_of(self_).has_value(), "a round runs only after Start");
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

std::optional<uint64_t> Membership::generation_of(NodeId node) const {
  if (node >= generations_.size() || generations_[node] == 0) return std::nullopt;
  return generations_[node];
}

void Membership::SetGeneration(NodeId node, uint64_t generation) {
  DYNAMO_CHECK(generation > 0, "a generation is at least 1 (Start counts from 1)");
  DYNAMO_CHECK(node < kMaxNodeIds, "node ids are dense indexes");
  if (node >= generations_.size()) generations_.resize(node + 1, 0);
  generations_[node] = generation;
}

std::vector<std::pair<NodeId, uint64_t>> Membership::Generations() const {
  std::vector<std::pair<NodeId, uint64_t>> known;
  for (NodeId node = 0; node < generations_.size(); ++node) {
    if (generations_[node] != 0) known.emplace_back(node, generations_[node]);
  }
  return known;
}

RingState Membership::RingToSend(bool with_ring) const {
  RingState ring{durable_.ring.epoch, durable_.ring.author, {}};
  if (with_ring) ring.members = durable_.ring.members;
  return ring;
}

void Membership::GossipWith(NodeId peer) {
  DYNAMO_CHECK(peer != self_, "a node gossips with another node");
  ++stats_.gossip_rounds;
  env_.Send(peer, Message{.payload = msg::Gossip{Generations(), RingToSend(/*with_ring=*/false)}});
}

void Membership::MergeGenerations(const std::vector<std::pair<NodeId, uint64_t>>& generations) {
  for (const auto& [node, generation] : generations) {
    if (node == self_) {
      // A peer remembers a newer incarnation of this node than this one (the disk was wiped
      // since): move past it, so this restart is news to everyone.
      if (generation > durable_.generation) {
        durable_.generation = generation + 1;
        SetGeneration(self_, durable_.generation);
      }
      continue;
    }
    if (generation <= generation_of(node).value_or(0)) continue;
    SetGeneration(node, generation);
    // A newer incarnation: whatever made this node suspect it is over.
    failure_detector_.Heard(node);
  }
  DYNAMO_CHECK(!generation_of(self_).has_value() || *generation_of(self_) == durable_.generation,
               "the generation this node gossips is its durable one");
}

void Membership::OnMessage(NodeId from, const Message& message) {
  switch (message.type()) {
    case MessageType::kGossip: {
      const msg::Gossip& gossip = message.As<msg::Gossip>();
      MergeGenerations(gossip.generations);
      if (!gossip.ring.members.empty()) Install(gossip.ring);
      if (gossip.push) return;  // a push answers a want_ring; nothing more to say
      const bool mine_newer = durable_.ring.NewerThan(gossip.ring);
      msg::GossipReply reply{Generations(), RingToSend(/*with_ring=*/mine_newer),
                             /*want_ring=*/gossip.ring.NewerThan(durable_.ring)};
      env_.Send(from, Message{.payload = std::move(reply)});
      return;
    }
    case MessageType::kGossipReply: {
      const msg::GossipReply& reply = message.As<msg::GossipReply>();
      MergeGenerations(reply.generations);
      if (!reply.ring.members.empty()) Install(reply.ring);
      if (reply.want_ring && !durable_.ring.empty()) {
        env_.Send(from, Message{.payload = msg::Gossip{Generations(),
                                                       RingToSend(/*with_ring=*/true),
                                                       /*push=*/true}});
      }
      return;
    }
    case MessageType::kMembershipChange: {
      if (!view_.has_ring()) return;  // cannot serve without a ring; the requester asks again
      const msg::MembershipChange& change = message.As<msg::MembershipChange>();
      DYNAMO_CHECK(!change.joining || change.joining->node == from,
                   "a node asks to join only for itself");
      std::vector<RingPosition> tokens;
      if (change.joining) tokens = change.joining->tokens;
      ServeChange(change.change, from, tokens);
      env_.Send(from, Message{.payload = msg::MembershipReply{Generations(),
                                                              RingToSend(/*with_ring=*/true)}});
      return;
    }
    case MessageType::kMembershipReply: {
      const msg::MembershipReply& reply = message.As<msg::MembershipReply>();
      MergeGenerations(reply.generations);
      if (!reply.ring.members.empty()) Install(reply.ring);
      return;
    }
    default:
      DYNAMO_CHECK(false, "not a membership message");
  }
}

void Membership::RequestChange(MembershipChangeKind change) {
  DYNAMO_CHECK(IsMember() == (change == MembershipChangeKind::kLeave),
               "a member asks only to leave, a non-member only to join");
  const bool self_is_seed =
      std::find(config_.seeds.begin(), config_.seeds.end(), self_) != config_.seeds.end();
  if (change == MembershipChangeKind::kLeave && self_is_seed && view_.has_ring()) {
    ServeChange(change, self_, {});  // a seed serves its own leave
    return;
  }
  NodeId seed = 0;
  if (!PickSeed(&seed)) return;
  DYNAMO_CHECK(seed != self_, "a change is asked of another node");
  msg::MembershipChange request{change, std::nullopt};
  if (change == MembershipChangeKind::kJoin &&
      config_.ring_params.strategy != PartitionStrategy::kEqualPartitions) {
    if (join_tokens_.empty()) {
      join_tokens_ = RandomTokens(config_.tokens_per_node, [this] { return env_.Random(); });
    }
    request.joining = RingMember{self_, join_tokens_};
  }
  ++stats_.change_requests;
  env_.Send(seed, Message{.payload = std::move(request)});
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
  } else {
    DYNAMO_CHECK(change == MembershipChangeKind::kLeave, "a change is a join or a leave");
    if (!member || next.members.size() <= config_.n) return false;
    if (strategy3) {
      std::vector<NodeId> owners = PartitionOwnersOf(view_.ring());
      RemovePartitionOwner(node, &owners);
      next.members = MembersFromPartitionOwners(owners);
    } else {
      std::erase_if(next.members, [node](const RingMember& m) { return m.node == node; });
    }
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
  DYNAMO_CHECK(!state.members.empty() && state.epoch > 0, "an installed ring has a version and members");
  std::shared_ptr<const Ring> before = view_.shared();
  DYNAMO_CHECK(state.epoch >= durable_.ring.epoch, "a newer ring never has an older epoch");
  durable_.ring = state;
  view_.Set(std::make_shared<const Ring>(config_.ring_params, durable_.ring.members,
                                           config_.placement));
  ++stats_.rings_installed;
  env_.RingInstalled(durable_.ring, view_.shared());
  listener_.OnRingChanged(before.get(), view_.ring());
}

}  // namespace dynamo
