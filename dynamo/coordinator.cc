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

Coordinator::Coordinator(NodeId self, const NodeConfig& config, Env& env, const RingView& view,
                         Replica& local, FailureDetector& failure_detector)
    : self_(self),
      config_(config),
      env_(env),
      view_(view),
      local_(local),
      failure_detector_(failure_detector),
      request_id_base_(env.Random() << 24) {}

uint64_t Coordinator::NextRequestId() { return request_id_base_ + next_request_++; }

// The coordinator's own replica is served in place, not through a message: the paper's
// coordinator writes the new version locally before sending it on, and the next put it
// coordinates must see it (its dot counter comes from the local versions). The local answer
// still arrives as a message to self, after the storage latency.
void Coordinator::SendToReplicas(const Message& message, const ReplicaTargets& targets) {
  for (const ReplicaTarget& target : targets) {
    if (target.node == self_) {
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
  const TimeUs now_us = env_.NowUs();
  ChooseReplicaTargets(
      ring(), key, config_.n, config_.sloppy_quorum,
      [&](NodeId node) { return node != self_ && failure_detector_.IsSuspected(node, now_us); },
      targets);
}

void Coordinator::SuspectSilent(const ReplicaTargets& targets, const QuorumTracker& quorum) {
  for (const ReplicaTarget& target : targets) {
    if (!quorum.HasAnswered(target.node)) failure_detector_.Suspect(target.node, env_.NowUs());
  }
}

void Coordinator::StartGet(const Message& request) {
  ++stats_.gets_coordinated;
  ReplicaTargets targets;
  ChooseTargets(request.key, &targets);
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

void Coordinator::OnGetReply(NodeId from, Message& reply) {
  auto it = gets_.find(reply.request_id);
  if (it == gets_.end()) return;  // late: the request is finished
  PendingGet& get = it->second;
  if (!get.quorum.Add(from)) return;  // duplicate
  if (get.replies.empty()) get.fastest = from;
  get.replies.emplace_back(from, std::move(reply.versions));
  if (!get.answered && get.quorum.Reached()) AnswerGet(get, /*ok=*/true);
  if (get.quorum.AllAnswered()) FinishGet(it->first, get);
}

void Coordinator::AnswerGet(PendingGet& get, bool ok) {
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
// The new version's dot is this node's next counter for the key: one past both the context's
// counter and the highest of ours the local replica has seen (a blind put, or a context older
// than our last write of the key, must not reuse a counter). Its clock is the context plus the
// dot; the context's dots beyond its counter ranges become the version's extra_dots.
//
// A put with a context descends exactly from that context: a concurrent write this node
// coordinated meanwhile stays a sibling. A blind put (no context) is taken as written from this
// node's own latest write of the key, as the paper's node-counter clocks do: it supersedes this
// node's earlier writes and stays concurrent with other nodes'. Without that, every blind write
// would be a sibling of every other, forever.
Version Coordinator::NewVersion(const Message& request) const {
  const NodeId actor = local_.clock_actor();
  Version version;
  version.value = request.value;
  version.clock = request.context;
  const uint64_t past = request.context.CounterOf(actor);
  uint64_t highest = past;
  for (const Version& stored : local_.Read(request.key)) {
    highest = std::max(highest, stored.clock.CounterOf(actor));
  }
  for (const Dot& dot : request.context_dots) {
    if (dot.node == actor) highest = std::max(highest, dot.counter);
  }
  version.extra_dots = request.context_dots;
  const TimeUs now_us = env_.WallClockUs();
  version.dot_node = actor;
  version.dot_counter = highest + 1;
  version.dot_past = request.has_context ? past : highest;
  version.clock.Merge(VectorClock({ClockEntry{actor, version.dot_counter, now_us}}));
  version.clock.Truncate(config_.vector_clock_max_entries);
  version.lww_timestamp_us = now_us;
  version.writer = self_;
  return version;
}

void Coordinator::StartPut(const Message& request) {
  ++stats_.puts_coordinated;
  ReplicaTargets targets;
  ChooseTargets(request.key, &targets);
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
  if (put.quorum.AllAnswered()) puts_.erase(it);
}

void Coordinator::AnswerPut(PendingPut& put, bool ok) {
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
  puts_.erase(it);
}

}  // namespace dynamo
