#include "dynamo/coordinator.h"

#include <algorithm>

#include "dynamo/check.h"
#include "dynamo/reconcile.h"

namespace dynamo {
namespace {

Message ClientReply(uint64_t client_request_id, Key key, NodeId self, bool ok) {
  Message reply;
  reply.type = MessageType::kClientReply;
  reply.request_id = client_request_id;
  reply.key = key;
  reply.ok = ok;
  reply.coordinator = self;
  return reply;
}

bool IsStandIn(const ReplicaTargets& targets, NodeId node) {
  for (const ReplicaTarget& target : targets) {
    if (target.node == node) return target.stand_in;
  }
  return false;
}

}  // namespace

Message ClientFailure(const Message& request, NodeId self) {
  DYNAMO_CHECK(request.type == MessageType::kClientGet || request.type == MessageType::kClientPut ||
                   request.type == MessageType::kForwardGet ||
                   request.type == MessageType::kForwardPut,
               "only a client request is answered with a client_reply");
  return ClientReply(request.request_id, request.key, self, /*ok=*/false);
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
      request_id_base_(env.Random() << 24) {}

uint64_t Coordinator::NextRequestId() { return request_id_base_ + next_request_++; }

// The coordinator's own replica is served in place, not through a message: the paper's
// coordinator writes the new version locally before sending it on. The local answer still
// arrives as a message to self, after the storage latency.
void Coordinator::SendToReplicas(const Message& message, const ReplicaTargets& targets) {
  // Buffered writes (paper section 6.1): one of the N replicas, the first target that is not a
  // stand-in, writes the put durably; the others buffer it.
  bool durable_chosen = !(config_.buffered_writes && message.type == MessageType::kPut);
  for (const ReplicaTarget& target : targets) {
    if (!durable_chosen && !target.stand_in) {
      durable_chosen = true;
      Message durable = message;
      durable.durable_write = true;
      if (target.node == self_) {
        local_.Handle(self_, durable);
      } else {
        env_.Send(target.node, std::move(durable));
      }
    } else if (target.node == self_) {
      local_.Handle(self_, message);
    } else if (target.stand_in) {
      Message hinted = message;
      hinted.has_hint = true;
      hinted.hint_for = target.intended;
      env_.Send(target.node, std::move(hinted));
    } else {
      env_.Send(target.node, message);
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
  for (const ReplicaTarget& target : targets) {
    if (target.node == self_) continue;  // its own answer may still be in the storage engine
    if (!quorum.HasAnswered(target.node)) failure_detector_.Suspect(target.node, env_.NowUs());
  }
}

void Coordinator::StartGet(const Message& request) {
  DYNAMO_CHECK(config_.r >= 1 && config_.r <= config_.n, "a get needs 1 <= R <= N");
  DYNAMO_CHECK(view_.has_ring(), "only a node with a ring coordinates");
  ++stats_.gets_coordinated;
  ReplicaTargets targets;
  ChooseTargets(request.key, &targets);
  // Paper section 5: fail when too few replicas can answer. Fewer healthy targets than R can
  // never make a quorum, so the client hears so now instead of waiting out its timeout.
  if (targets.size() < config_.r) return FailAtOnce(request);
  const uint64_t id = NextRequestId();
  gets_.emplace(id, PendingGet{request.reply_to, request.request_id, request.key,
                               QuorumTracker(config_.r, targets.size()), targets, {}, 0, false});
  Message get;
  get.type = MessageType::kGet;
  get.request_id = id;
  get.key = request.key;
  SendToReplicas(get, targets);
  env_.StartTimer(config_.request_timeout_us, TimerTag{kTimerGetTimeout, id});
}

void Coordinator::FailAtOnce(const Message& request) {
  ++stats_.failed_too_few_targets;
  env_.Send(request.reply_to, ClientFailure(request, self_));
}

void Coordinator::OnGetReply(NodeId from, Message& reply) {
  auto it = gets_.find(reply.request_id);
  if (it == gets_.end()) return;  // late: the request is finished
  PendingGet& get = it->second;
  if (!get.quorum.Add(from)) return;  // duplicate
  if (get.replies.empty()) get.fastest = from;
  get.replies.emplace_back(from, std::move(reply.versions));
  if (!get.answered && get.quorum.Reached()) AnswerGet(get, /*ok=*/true);
  if (get.quorum.AllAnswered()) {
    if (!get.answered) AnswerGet(get, /*ok=*/false);  // every target answered, still short of R
    FinishGet(it->first, get);
  }
}

void Coordinator::AnswerGet(PendingGet& get, bool ok) {
  DYNAMO_CHECK(!get.answered, "a get is answered once");
  DYNAMO_CHECK(!ok || get.quorum.Reached(), "a get succeeds only with R answers");
  get.answered = true;
  Message reply = ClientReply(get.client_request_id, get.key, self_, ok);
  if (ok) {
    std::vector<Version> all;
    for (const auto& [node, versions] : get.replies) {
      all.insert(all.end(), versions.begin(), versions.end());
    }
    reply.versions = SyntacticReconcile(all, config_.resolution);
    Context context = MergedContext(reply.versions);
    reply.context = std::move(context.clock);
    if (config_.bugs.vclock_merge_drops_entry && reply.context.size() > 1) {
      reply.context.Truncate(reply.context.size() - 1);  // deliberate bug: loses the oldest entry
    }
    reply.context_dots = std::move(context.dots);
    reply.fastest_replica = get.fastest;
  }
  env_.Send(get.client, std::move(reply));
}

// Read repair (paper section 5): every replica that answered with less than the reconciled
// versions gets them written back. Erases the request.
void Coordinator::FinishGet(uint64_t request_id, PendingGet& get) {
  DYNAMO_CHECK(get.answered, "a pending get is answered before it is erased");
  if (config_.read_repair && !get.replies.empty()) {
    std::vector<Version> all;
    for (const auto& [node, versions] : get.replies) {
      all.insert(all.end(), versions.begin(), versions.end());
    }
    const Siblings latest = SyntacticReconcile(all, config_.resolution);
    const uint64_t latest_digest = SiblingsDigest(latest);
    for (const auto& [node, versions] : get.replies) {
      if (SiblingsDigest(versions) == latest_digest) continue;
      if (IsStandIn(get.targets, node)) continue;  // repair owners only; stand-ins hold hints
      Message repair;
      repair.type = MessageType::kReadRepair;
      repair.key = get.key;
      repair.versions = latest;
      if (config_.bugs.read_repair_skips_siblings && latest.size() > 1) {
        // Deliberate bug: one sibling, stamped with everyone's clock, supersedes the others.
        repair.versions = {latest.front()};
        repair.versions.front().clock = MergedContext(latest).clock;
      }
      env_.Send(node, std::move(repair));
      ++stats_.read_repairs_sent;
    }
  }
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
Version Coordinator::NewVersion(const Message& request) {
  const NodeId actor = durable_.clock_actor;
  DYNAMO_CHECK(actor != 0, "a node issues dots only once its disk has an actor id");
  Version version;
  version.value = request.value;
  version.clock = request.context;
  const uint64_t past = request.context.CounterOf(actor);
  // The highest counter of ours for this key that this node can see: in the context, and in the
  // versions it stores.
  uint64_t seen = past;
  for (const Version& stored : local_.Read(request.key)) {
    seen = std::max(seen, stored.clock.CounterOf(actor));
  }
  for (const Dot& dot : request.context_dots) {
    if (dot.node == actor) seen = std::max(seen, dot.counter);
  }
  uint64_t& last_issued = durable_.dot_counters[request.key];
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
  version.extra_dots = request.context_dots;
  const TimeUs now_us = env_.WallClockUs();
  version.dot_node = actor;
  version.dot_counter = last_issued;
  version.dot_past = request.has_context ? past : seen;
  version.clock.Merge(VectorClock({ClockEntry{actor, version.dot_counter, now_us}}));
  version.clock.Truncate(config_.vector_clock_max_entries);
  version.lww_timestamp_us = now_us;
  version.writer = self_;
  return version;
}

void Coordinator::StartPut(const Message& request) {
  DYNAMO_CHECK(config_.w >= 1 && config_.w <= config_.n, "a put needs 1 <= W <= N");
  DYNAMO_CHECK(view_.has_ring(), "only a node with a ring coordinates");
  ++stats_.puts_coordinated;
  ReplicaTargets targets;
  ChooseTargets(request.key, &targets);
  // As for gets: fewer healthy targets than W fail at once, and nothing is written.
  if (targets.size() < config_.w) return FailAtOnce(request);
  const uint64_t id = NextRequestId();
  Version version = NewVersion(request);
  Message put;
  put.type = MessageType::kPut;
  put.request_id = id;
  put.key = request.key;
  put.versions.push_back(version);
  puts_.emplace(id, PendingPut{request.reply_to, request.request_id, request.key,
                               std::move(version), QuorumTracker(config_.w, targets.size()),
                               targets, false});
  SendToReplicas(put, targets);
  if (config_.bugs.ack_before_write) AnswerPut(puts_.at(id), /*ok=*/true);  // deliberate bug
  env_.StartTimer(config_.request_timeout_us, TimerTag{kTimerPutTimeout, id});
}

void Coordinator::OnPutAck(NodeId from, const Message& ack) {
  auto it = puts_.find(ack.request_id);
  if (it == puts_.end()) return;
  PendingPut& put = it->second;
  if (!put.quorum.Add(from)) return;
  if (!put.answered && put.quorum.Reached()) AnswerPut(put, /*ok=*/true);
  if (put.quorum.AllAnswered()) {
    if (!put.answered) AnswerPut(put, /*ok=*/false);  // every target answered, still short of W
    ErasePut(it);
  }
}

void Coordinator::ErasePut(absl::flat_hash_map<uint64_t, PendingPut>::iterator it) {
  DYNAMO_CHECK(it->second.answered, "a pending put is answered before it is erased");
  puts_.erase(it);
}

void Coordinator::AnswerPut(PendingPut& put, bool ok) {
  DYNAMO_CHECK(!put.answered, "a put is answered once");
  DYNAMO_CHECK(!ok || put.quorum.Reached() || config_.bugs.ack_before_write,
               "a put succeeds only with W acknowledgements");
  put.answered = true;
  Message reply = ClientReply(put.client_request_id, put.key, self_, ok);
  if (ok) reply.versions.push_back(put.version);
  env_.Send(put.client, std::move(reply));
}

void Coordinator::OnTimer(TimerTag tag) {
  if (tag.kind == kTimerGetTimeout) {
    auto it = gets_.find(tag.arg);
    if (it == gets_.end()) return;
    if (!it->second.answered) AnswerGet(it->second, /*ok=*/false);
    SuspectSilent(it->second.targets, it->second.quorum);
    FinishGet(it->first, it->second);
    return;
  }
  DYNAMO_CHECK(tag.kind == kTimerPutTimeout, "unknown coordinator timer");
  auto it = puts_.find(tag.arg);
  if (it == puts_.end()) return;
  if (!it->second.answered) AnswerPut(it->second, /*ok=*/false);
  SuspectSilent(it->second.targets, it->second.quorum);
  ErasePut(it);
}

}  // namespace dynamo
