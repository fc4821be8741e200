#include "dynamo/coordinator.h"

#include <algorithm>

#include "dynamo/check.h"
#include "dynamo/reconcile.h"
#include "dynamo/stamp_version.h"

namespace dynamo {
namespace {

Message MakeClientReply(uint64_t client_request_id, Key key, NodeId self, bool ok) {
  return MakeMessage<msg::ClientReply>(client_request_id, key, ok, self);
}

}  // namespace

Message ClientFailure(uint64_t request_id, Key key, NodeId self) {
  return MakeClientReply(request_id, key, self, /*ok=*/false);
}

Coordinator::Coordinator(NodeId self, const NodeConfig& config, Env& env, const RingView& view,
                         Replica& local, DurableState& durable, FailureDetector& failure_detector)
    : self_(self),
      config_(config),
      env_(env),
      view_(view),
      local_(local),
      durable_(durable),
      failure_detector_(failure_detector),
      request_id_base_(env.Random() << 24) {
  DYNAMO_CHECK(config_.n >= 1, "N is at least 1");
  DYNAMO_CHECK(config_.request_timeout_us > 0, "a request needs a positive timeout");
}

uint64_t Coordinator::NextRequestId() { return request_id_base_ + next_request_++; }

// The coordinator's own replica is served in place, not through a message: the paper's
// coordinator writes the new version locally before sending it on. The local answer still
// arrives as a message to self, after the storage latency (storage.read_latency /
// write_latency): that is the local leg's only delay.
template <typename Leg>
void Coordinator::SendToReplicas(uint64_t request_id, Key key, const Leg& leg,
                                 const ReplicaTargets& targets) {
  DYNAMO_CHECK(!targets.empty() && targets.size() <= config_.n,
               "a request goes to between 1 and N targets");
  for (auto& [node, message] :
       ReplicaLegs(request_id, key, leg, targets, config_.buffered_writes)) {
    if (node == self_) {
      local_.Handle(self_, message);
    } else {
      env_.Send(node, std::move(message));
    }
  }
}

void Coordinator::ChooseTargets(Key key, ReplicaTargets* targets) const {
  ChooseReplicaTargets(
      ring(), key, config_.n, config_.sloppy_quorum,
      [&](NodeId node) { return node != self_ && failure_detector_.IsSuspected(node); },
      targets);
}

void Coordinator::SuspectSilent(const ReplicaTargets& targets, const QuorumTracker& quorum) {
  DYNAMO_CHECK(!targets.empty(), "a request that timed out went to some target");
  DYNAMO_CHECK(!quorum.AllAnswered(), "a request every target answered finished before its timeout");
  for (const ReplicaTarget& target : targets) {
    if (target.node == self_) continue;  // its own answer may still be in the storage engine
    if (!quorum.HasAnswered(target.node)) failure_detector_.Suspect(target.node, env_.NowUs());
  }
}

void Coordinator::Start(uint64_t request_id, Key key, const msg::ClientGet& get) {
  DYNAMO_CHECK(config_.r >= 1 && config_.r <= config_.n, "a get needs 1 <= R <= N");
  DYNAMO_CHECK(config_.pr <= config_.n, "a get needs PR <= N");
  DYNAMO_CHECK(view_.has_ring(), "only a node with a ring coordinates");
  ++stats_.gets_coordinated;
  ReplicaTargets targets;
  ChooseTargets(key, &targets);
  // Paper section 5: fail when too few replicas can answer. Fewer healthy targets than R (or
  // healthy primaries than PR) can never make a quorum, so the client hears so now instead of
  // waiting out its timeout.
  if (!CanReach(targets, config_.r, config_.pr)) return FailAtOnce(request_id, key, get.reply_to, targets, config_.r, config_.pr);
  const uint64_t id = NextRequestId();
  const bool fresh =
      gets_.emplace(id, PendingGet{get.reply_to, request_id,
                                   GetRound(key, config_.r, config_.pr, targets), kNoTimer})
          .second;
  DYNAMO_CHECK(fresh, "a request id is never reused while its request is pending");
  SendToReplicas(id, key, msg::Get{}, targets);
  // After the legs, as always (the order of scheduling decides ties, so it stays as it was).
  const TimerHandle timeout =
      env_.StartTimer(config_.request_timeout_us, TimerTag{TimerKind::kGetTimeout, id});
  gets_.at(id).timeout = timeout;
}

void Coordinator::FailAtOnce(uint64_t request_id, Key key, NodeId client,
                             const ReplicaTargets& targets, size_t quorum, size_t primaries) {
  DYNAMO_CHECK(!CanReach(targets, quorum, primaries),
               "a request fails at once only when short of a quorum");
  DYNAMO_CHECK(targets.size() <= config_.n, "at most N targets");
  ++stats_.failed_too_few_targets;
  env_.Send(client, ClientFailure(request_id, key, self_));
}

void Coordinator::OnGetReply(NodeId from, Message& reply) {
  auto it = gets_.find(reply.request_id);
  if (it == gets_.end()) return;  // late: the request is finished
  PendingGet& get = it->second;
  GetRound& round = get.round;
  DYNAMO_CHECK(reply.key == round.key, "a get reply is for the key its request asked");
  if (!round.Add(from, std::move(reply.As<msg::GetReply>().versions))) return;  // duplicate
  if (!round.answered && round.quorum.Reached()) AnswerGet(get, /*ok=*/true);
  if (round.quorum.AllAnswered()) {
    if (!round.answered) AnswerGet(get, /*ok=*/false);  // every target answered, still short of R
    FinishGet(it->first, get);
  }
}

void Coordinator::AnswerGet(PendingGet& get, bool ok) {
  DYNAMO_CHECK(!get.round.answered, "a get is answered once");
  get.round.answered = true;
  Message reply = MakeClientReply(get.client_request_id, get.round.key, self_, ok);
  if (ok) reply.payload = ReconciledAnswer(get.round, config_.resolution, config_.bugs, self_);
  env_.Send(get.client, std::move(reply));
}

// Read repair (paper section 5): every replica that answered with less than the reconciled
// versions gets them written back. Erases the request.
void Coordinator::FinishGet(uint64_t request_id, PendingGet& get) {
  DYNAMO_CHECK(get.round.answered, "a pending get is answered before it is erased");
  if (config_.read_repair) {
    for (auto& [node, repair] : ReadRepairs(get.round, config_.resolution, config_.bugs)) {
      env_.Send(node, Message{.key = get.round.key, .payload = std::move(repair)});
      ++stats_.read_repairs_sent;
    }
  }
  env_.CancelTimer(get.timeout);  // a no-op when the timeout is what finishes the get
  gets_.erase(request_id);
}

// Clocks name the node's disk, not the node (`actor`, DurableState::clock_actor): a node whose
// disk was replaced starts its counters afresh and must not reissue its old dots.
//
// The new version's dot is the next counter of the durable per-key record
// (DurableState::dot_counters), never one derived from what the node happens to store: its
// versions of the key may have been superseded by others' that name its last dot only in their
// extra_dots, and a coordinator may hold no copy of the key at all. Either way a counter taken
// from the stored versions could be one already issued, and a reused dot makes two different
// writes "the same write" (reconcile.h, Obsoletes): one of them silently vanishes. Its clock is
// the context plus the dot; the context's dots beyond its counter ranges become the version's
// extra_dots.
//
// A put with a context descends exactly from that context: a concurrent write this node
// coordinated meanwhile stays a sibling. A blind put (no context) is taken as written from this
// node's own latest write of the key that it can see, as the paper's node-counter clocks do: it
// supersedes those and stays concurrent with other nodes'. Without that, every blind write would
// be a sibling of every other, forever.
Version Coordinator::NewVersion(Key key, const msg::ClientPut& put) {
  const NodeId actor = durable_.clock_actor;
  DYNAMO_CHECK(actor != 0, "a node issues dots only once its disk has an actor id");
  static const Context kBlind;
  const Context& context = put.context ? *put.context : kBlind;
  const uint64_t past = context.clock.CounterOf(actor);
  // The highest counter of ours for this key that this node can see: in the context, and in the
  // versions it stores.
  uint64_t seen = past;
  for (const Version& stored : local_.Read(key)) {
    seen = std::max(seen, stored.clock.CounterOf(actor));
  }
  for (const Dot& dot : context.dots) {
    if (dot.node == actor) seen = std::max(seen, dot.counter);
  }
  uint64_t& last_issued = durable_.dot_counters[key];
  if (config_.bugs.reuse_dot) {
    last_issued = seen + 1;  // deliberate bug: the counter from what happens to be stored
  } else {
    // Every dot of this actor was issued through the durable record, so none can lie beyond it
    // (unless a deliberate bug reuses a wiped disk's actor, which is what that bug breaks).
    DYNAMO_CHECK(seen <= last_issued || config_.bugs.wipe_reuses_clock_actor,
                 "a dot of this disk's actor beyond its durable counter: a dot was issued twice");
    ++last_issued;
  }
  DYNAMO_CHECK(last_issued > past, "a new dot must lie beyond the context it is written from");
  return StampVersion(put.value, context, actor, last_issued, put.context ? past : seen,
                      env_.WallClockUs(), self_, config_.vector_clock_max_entries);
}

void Coordinator::Start(uint64_t request_id, Key key, const msg::ClientPut& put) {
  DYNAMO_CHECK(config_.w >= 1 && config_.w <= config_.n, "a put needs 1 <= W <= N");
  DYNAMO_CHECK(config_.pw <= config_.n, "a put needs PW <= N");
  DYNAMO_CHECK(view_.has_ring(), "only a node with a ring coordinates");
  ++stats_.puts_coordinated;
  ReplicaTargets targets;
  ChooseTargets(key, &targets);
  // As for gets: fewer healthy targets than W (primaries than PW) fail at once, and nothing is
  // written.
  if (!CanReach(targets, config_.w, config_.pw)) return FailAtOnce(request_id, key, put.reply_to, targets, config_.w, config_.pw);
  const uint64_t id = NextRequestId();
  Version version = NewVersion(key, put);
  const msg::Put leg{.version = version};
  const bool fresh = puts_.emplace(id, PendingPut{put.reply_to, request_id, key, std::move(version),
                                                  QuorumTracker(config_.w, config_.pw, targets.size()),
                                                  targets, false, kNoTimer})
                         .second;
  DYNAMO_CHECK(fresh, "a request id is never reused while its request is pending");
  SendToReplicas(id, key, leg, targets);
  if (config_.bugs.ack_before_write) AnswerPut(puts_.at(id), /*ok=*/true);  // deliberate bug
  const TimerHandle timeout =
      env_.StartTimer(config_.request_timeout_us, TimerTag{TimerKind::kPutTimeout, id});
  puts_.at(id).timeout = timeout;
}

void Coordinator::OnPutAck(NodeId from, const Message& ack) {
  auto it = puts_.find(ack.request_id);
  if (it == puts_.end()) return;
  PendingPut& put = it->second;
  DYNAMO_CHECK(ack.type() == MessageType::kPutAck, "only a put_ack acknowledges a put");
  DYNAMO_CHECK(IsTarget(put.targets, from), "only a node the put was sent to acknowledges it");
  if (!put.quorum.Add(from, IsPrimaryTarget(put.targets, from))) return;
  if (!put.answered && put.quorum.Reached()) AnswerPut(put, /*ok=*/true);
  if (put.quorum.AllAnswered()) {
    if (!put.answered) AnswerPut(put, /*ok=*/false);  // every target answered, still short of W
    ErasePut(it);
  }
}

void Coordinator::ErasePut(absl::flat_hash_map<uint64_t, PendingPut>::iterator it) {
  DYNAMO_CHECK(it->second.answered, "a pending put is answered before it is erased");
  env_.CancelTimer(it->second.timeout);  // a no-op when the timeout is what finishes the put
  puts_.erase(it);
}

void Coordinator::AnswerPut(PendingPut& put, bool ok) {
  DYNAMO_CHECK(!put.answered, "a put is answered once");
  DYNAMO_CHECK(!ok || put.quorum.Reached() || config_.bugs.ack_before_write,
               "a put succeeds only with W acknowledgements, PW from primaries");
  put.answered = true;
  Message reply = MakeClientReply(put.client_request_id, put.key, self_, ok);
  if (ok) reply.As<msg::ClientReply>().versions.push_back(put.version);
  env_.Send(put.client, std::move(reply));
}

void Coordinator::OnTimer(TimerTag tag) {
  DYNAMO_CHECK(tag.kind == TimerKind::kGetTimeout || tag.kind == TimerKind::kPutTimeout,
               "not a coordinator timer");
  if (tag.kind == TimerKind::kGetTimeout) {
    auto it = gets_.find(tag.arg);
    if (it == gets_.end()) return;
    if (!it->second.round.answered) AnswerGet(it->second, /*ok=*/false);
    SuspectSilent(it->second.round.targets, it->second.round.quorum);
    FinishGet(it->first, it->second);
    return;
  }
  auto it = puts_.find(tag.arg);
  if (it == puts_.end()) return;
  if (!it->second.answered) AnswerPut(it->second, /*ok=*/false);
  SuspectSilent(it->second.targets, it->second.quorum);
  ErasePut(it);
}

}  // namespace dynamo
