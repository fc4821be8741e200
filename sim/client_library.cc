// Client-library coordination (paper section 6.4): the client coordinates its own gets, and its
// puts under last-write-wins, from a ring view it downloads from a random node every
// client_refresh. The quorum, the reconciliation, the read repair and the version stamp are the
// node coordinator's own (dynamo/get_round.h, dynamo/stamp_version.h); only the transport is the
// client's. Why puts under vector clocks stay with a node: the write's clock entry is the
// coordinator's, and a node issues it from its durable per-key counter (coordinator.h).
#include <algorithm>
#include <numeric>
#include <optional>

#include "dynamo/replica_targets.h"
#include "dynamo/stamp_version.h"
#include "sim/client.h"
#include "sim/engine/check.h"

namespace sim {

bool Client::LibraryCoordinates(const Op& op) const {
  if (view_ == nullptr) return false;  // not client_library
  return op.type == OpType::kGet ||
         world_.node_config.resolution == dynamo::ResolutionMode::kLastWriteWins;
}

const dynamo::Ring& Client::RoutingRing() const {
  return view_ != nullptr ? *view_ : *world_.ring;
}

// The view is downloaded from a random node of the view itself (the only nodes the client
// knows); a node that is down or has no ring gives nothing and the old view stays. The download
// is modelled as instantaneous and without messages. Refreshing stops with the workload.
void Client::ScheduleRefresh() {
  world_.processes.StartTimer(id_, world_.scenario.cluster.client_refresh_us, [this] {
    if (!Accepting()) return;
    RefreshRingView();
    ScheduleRefresh();
  });
}

void Client::RefreshRingView() {
  const absl::Span<const dynamo::NodeId> members = view_->nodes();
  SIM_CHECK(!members.empty(), "a ring view has members");
  const ProcessId node = members[refresh_prng_.Below(members.size())];
  std::shared_ptr<const dynamo::Ring> ring = world_.node_ring(node);
  if (ring == nullptr) return;
  view_ = std::move(ring);
  ++stats_.ring_refreshes;
}

template <typename Leg>
void Client::SendLegs(uint64_t request_id, dynamo::Key key, const Leg& leg,
                      const dynamo::ReplicaTargets& targets) {
  for (auto& [node, message] : dynamo::ReplicaLegs(request_id, key, leg, targets,
                                                   world_.node_config.buffered_writes)) {
    const uint32_t bytes = dynamo::ModelledBytes(message);
    world_.network.Send(id_, node, static_cast<MessageKind>(message.type()), bytes,
                        std::move(message));
  }
}

// A last-write-wins put stamped by the client: its own actor (its process id, which no node's
// disk actor can equal: those have the top bit set, dynamo/node.cc) and per-key counter, its
// wall clock. Clocks are carried but never consulted under last-write-wins (reconcile.h).
dynamo::Version Client::NewLastWriteWinsVersion(const Op& op, const InFlight& flight) {
  const dynamo::Context context = flight.context != nullptr ? *flight.context : dynamo::Context{};
  const dynamo::NodeId actor = id_;
  SIM_CHECK((actor & 0x80000000u) == 0, "a client's actor id is apart from the nodes'");
  uint64_t& last = dot_counters_[op.key];
  const uint64_t past = op.read_op != kNoOp ? context.clock.CounterOf(actor) : last;
  last = std::max(last, past) + 1;
  return dynamo::StampVersion(flight.value, context, actor, last, past,
                              world_.processes.WallClockUs(id_), id_,
                              world_.node_config.vector_clock_max_entries);
}

// A partial Fisher-Yates shuffle: every subset of `quorum` targets is equally likely. The kept
// targets are put back in preference order, so only which nodes are asked is random.
void Client::KeepRandomQuorum(size_t quorum, dynamo::ReplicaTargets& targets) {
  const size_t keep = std::min(quorum, targets.size());
  absl::InlinedVector<size_t, 8> positions(targets.size());
  std::iota(positions.begin(), positions.end(), size_t{0});
  for (size_t i = 0; i < keep; ++i) {
    std::swap(positions[i], positions[i + fanout_prng_.Below(positions.size() - i)]);
  }
  std::sort(positions.begin(), positions.begin() + static_cast<std::ptrdiff_t>(keep));
  dynamo::ReplicaTargets kept;
  for (size_t i = 0; i < keep; ++i) kept.push_back(targets[positions[i]]);
  targets = std::move(kept);
}

// One round: legs to the targets of the client's view, as a node's coordinator chooses them
// (dynamo/replica_targets.h) with the client's own suspicions. When suspicions leave fewer than
// R (W) targets, or PR (PW) primaries, the top N are asked as they are rather than failing at
// once, so a client that
// suspects everyone still makes progress (the server path likewise picks any node then).
void Client::CoordinateAttempt(uint64_t op_id) {
  InFlight& flight = in_flight_.at(op_id);
  Op& op = world_.history.at(op_id);
  ++flight.attempt;
  op.attempts = static_cast<uint16_t>(std::min<uint32_t>(flight.attempt, Op::kMaxAttempts));
  const dynamo::NodeConfig& config = world_.node_config;
  const bool get = op.type == OpType::kGet;
  const size_t quorum = get ? config.r : config.w;
  const size_t primaries = get ? config.pr : config.pw;
  dynamo::ReplicaTargets targets;
  dynamo::ChooseReplicaTargets(
      *view_, op.key, config.n, config.sloppy_quorum,
      [this](dynamo::NodeId node) { return Suspected(node); }, &targets);
  if (!dynamo::CanReach(targets, quorum, primaries)) {
    dynamo::ChooseReplicaTargets(
        *view_, op.key, config.n, /*sloppy=*/false, [](dynamo::NodeId) { return false; },
        &targets);
  }
  if (world_.scenario.cluster.replication.fanout == scenario::Fanout::kQuorum) {
    KeepRandomQuorum(quorum, targets);
  }
  const uint64_t request_id = RequestId(op_id, flight.attempt);
  if (get) {
    get_rounds_.emplace(request_id, GetRoundOf{op_id, dynamo::GetRound(op.key, config.r, config.pr, targets)});
    SendLegs(request_id, op.key, dynamo::msg::Get{}, targets);
  } else {
    dynamo::Version version = NewLastWriteWinsVersion(op, flight);
    const dynamo::msg::Put leg{.version = version};
    put_rounds_.emplace(request_id,
                        PutRound{op_id, dynamo::QuorumTracker(config.w, config.pw, targets.size()), targets,
                                 std::move(version), false});
    SendLegs(request_id, op.key, leg, targets);
  }
  world_.processes.StartTimer(id_, config.request_timeout_us,
                              [this, request_id] { OnRoundTimeout(request_id); });
}

void Client::EndRoundOp(uint64_t request_id, uint64_t op_id, OpStatus status,
                        const dynamo::msg::ClientReply* reply) {
  const auto it = in_flight_.find(op_id);
  if (it == in_flight_.end() || RequestId(op_id, it->second.attempt) != request_id) return;
  Complete(op_id, status, reply);
}

// The round's bookkeeping is done before the op ends: ending it may start the next op, whose
// new round would invalidate iterators into the round maps.
void Client::OnGetReply(ProcessId from, dynamo::Message& reply) {
  const auto it = get_rounds_.find(reply.request_id);
  if (it == get_rounds_.end()) return;  // late: the round is over
  const uint64_t request_id = it->first;
  const uint64_t op_id = it->second.op_id;
  dynamo::GetRound& round = it->second.round;
  SIM_CHECK(reply.key == round.key, "a get reply is for the key its round asked");
  if (!round.Add(from, std::move(reply.As<dynamo::msg::GetReply>().versions))) return;
  std::optional<dynamo::msg::ClientReply> answer;
  bool failed = false;
  if (!round.answered && round.quorum.Reached()) {
    round.answered = true;
    answer = dynamo::ReconciledAnswer(round, world_.node_config.resolution,
                                      world_.node_config.bugs, id_);
  }
  if (round.quorum.AllAnswered()) {
    failed = !round.answered;  // every target answered, still short of R
    round.answered = true;
    FinishGetRound(it);
  }
  if (answer) EndRoundOp(request_id, op_id, OpStatus::kOk, &*answer);
  if (failed) EndRoundOp(request_id, op_id, OpStatus::kFailed, nullptr);
}

void Client::OnPutAck(ProcessId from, const dynamo::Message& ack) {
  const auto it = put_rounds_.find(ack.request_id);
  if (it == put_rounds_.end()) return;
  PutRound& put = it->second;
  SIM_CHECK(dynamo::IsTarget(put.targets, from), "only a node the put was sent to acknowledges it");
  if (!put.quorum.Add(from, dynamo::IsPrimaryTarget(put.targets, from))) return;
  const uint64_t request_id = it->first;
  const uint64_t op_id = put.op_id;
  std::optional<dynamo::msg::ClientReply> answer;
  if (!put.answered && put.quorum.Reached()) {
    put.answered = true;
    answer = dynamo::msg::ClientReply{.ok = true, .coordinator = id_};
    answer->versions.push_back(put.version);
  }
  const bool failed = put.quorum.AllAnswered() && !put.answered;  // short of W, nothing to come
  if (put.quorum.AllAnswered()) put_rounds_.erase(it);
  if (answer) EndRoundOp(request_id, op_id, OpStatus::kOk, &*answer);
  if (failed) EndRoundOp(request_id, op_id, OpStatus::kFailed, nullptr);
}

// As the node's coordinator: the silent replicas are suspected, a get's round still
// read-repairs the replicas that answered, and an op still waiting fails.
void Client::OnRoundTimeout(uint64_t request_id) {
  uint64_t op_id = 0;
  bool failed = false;
  if (const auto it = get_rounds_.find(request_id); it != get_rounds_.end()) {
    op_id = it->second.op_id;
    failed = !it->second.round.answered;
    it->second.round.answered = true;
    SuspectSilent(it->second.round.targets, it->second.round.quorum);
    FinishGetRound(it);
  } else if (const auto put = put_rounds_.find(request_id); put != put_rounds_.end()) {
    op_id = put->second.op_id;
    failed = !put->second.answered;
    SuspectSilent(put->second.targets, put->second.quorum);
    put_rounds_.erase(put);
  }
  if (failed) EndRoundOp(request_id, op_id, OpStatus::kFailed, nullptr);
}

void Client::SuspectSilent(const dynamo::ReplicaTargets& targets,
                           const dynamo::QuorumTracker& quorum) {
  const TimeUs until_us =
      world_.scheduler.NowUs() + world_.scenario.cluster.failure_detector.suspect_after_us;
  for (const dynamo::ReplicaTarget& target : targets) {
    if (!quorum.HasAnswered(target.node)) Suspect(target.node, until_us);
  }
}

void Client::FinishGetRound(absl::btree_map<uint64_t, GetRoundOf>::iterator it) {
  const dynamo::GetRound& round = it->second.round;
  if (world_.node_config.read_repair) {
    for (auto& [node, repair] :
         dynamo::ReadRepairs(round, world_.node_config.resolution, world_.node_config.bugs)) {
      dynamo::Message message{.key = round.key, .payload = std::move(repair)};
      const uint32_t bytes = dynamo::ModelledBytes(message);
      world_.network.Send(id_, node, static_cast<MessageKind>(message.type()), bytes,
                          std::move(message));
      ++stats_.read_repairs_sent;
    }
  }
  get_rounds_.erase(it);
}

}  // namespace sim
