#include "sim/client.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>

#include "dynamo/reconcile.h"
#include "sim/engine/check.h"
#include "sim/engine/det_math.h"

namespace sim {
Client::Client(ClientWorld world, uint32_t index, ProcessId id, int32_t datacenter,
               uint64_t run_seed)
    : world_(world),
      index_(index),
      id_(id),
      datacenter_(datacenter),
      prng_(run_seed, "client/" + std::to_string(index + 1)),
      suspected_until_us_(world.node_slots, 0),
      refresh_prng_(run_seed, "client/" + std::to_string(index + 1) + "/ring_refresh"),
      fanout_prng_(run_seed, "client/" + std::to_string(index + 1) + "/fanout") {
  if (world_.scenario.cluster.coordination == scenario::Coordination::kClientLibrary) {
    view_ = world_.ring;
  }
}

bool Client::Accepting() const {
  return world_.scheduler.NowUs() < world_.scenario.workload.stop_us;
}

void Client::Start() {
  const TimeUs start_us = world_.scenario.workload.start_us;
  if (view_ != nullptr) ScheduleRefresh();
  world_.processes.StartTimer(id_, start_us - world_.scheduler.NowUs(), [this] {
    if (world_.scenario.workload.rate) {
      ScheduleArrival();
    } else {
      StartNextOp();
    }
  });
}

// Open loop: this client's share of the rate, exponential gaps.
void Client::ScheduleArrival() {
  const double rate_per_s =
      *world_.scenario.workload.rate / static_cast<double>(world_.scenario.workload.clients);
  const double gap_s = -DetLog(prng_.NextOpenDouble()) / rate_per_s;
  const TimeUs gap_us = std::max<TimeUs>(1, static_cast<TimeUs>(gap_s * kSecond));
  world_.processes.StartTimer(id_, gap_us, [this] { OnArrival(); });
}

// Open loop: every arrival starts its op now, however many are outstanding (each ends by
// client_timeout at the latest, so at most about rate x client_timeout are).
void Client::OnArrival() {
  if (!Accepting()) return;
  ScheduleArrival();
  StartNextOp();
}

void Client::StartNextOp() {
  if (!Accepting()) return;
  ++stats_.ops_started;
  const dynamo::Key key = world_.keys.Next(prng_);
  // One draw decides the op: [0, put) a put, [put, put + remove) a remove, the rest a get. With
  // remove 0 this draws and decides exactly as before removes existed (digests unchanged).
  const scenario::Mix& mix = world_.scenario.workload.mix;
  const double draw = prng_.NextDouble();
  const bool put = draw < mix.put;
  if (!put && draw < mix.put + mix.remove) {
    const uint64_t read_op = BeginOp(OpType::kGet, key, Phase::kRemoveGet);
    world_.history.at(read_op).remove_read = true;
    SendAttempt(read_op);
    return;
  }
  if (!put) {
    SendAttempt(BeginOp(OpType::kGet, key, Phase::kGet));
    return;
  }
  if (world_.scenario.workload.read_modify_write) {
    const uint64_t read_op = BeginOp(OpType::kGet, key, Phase::kCartGet);
    world_.history.at(read_op).add_read = true;
    SendAttempt(read_op);
    return;
  }
  const uint64_t op_id = BeginOp(OpType::kPut, key, Phase::kPut);
  const uint64_t item = NewItem();
  world_.history.SetPutItem(op_id, item);
  in_flight_.at(op_id).value = {item};
  SendAttempt(op_id);
}

// Records the op and arms its client timeout; the caller sends the first attempt.
uint64_t Client::BeginOp(OpType type, dynamo::Key key, Phase phase) {
  const uint64_t op_id = world_.history.Invoke(index_, type, key, world_.scheduler.NowUs());
  InFlight& flight = in_flight_[op_id];
  flight.phase = phase;
  flight.client_timeout = world_.processes.StartTimer(
      id_, world_.scenario.workload.client_timeout_us, [this, op_id] { OnClientTimeout(op_id); });
  return op_id;
}

bool Client::Suspected(ProcessId node) const {
  return suspected_until_us_[node] > world_.scheduler.NowUs();
}

void Client::Suspect(ProcessId node, TimeUs until_us) {
  suspected_until_us_[node] = until_us;
  suspicions_end_us_ = std::max(suspicions_end_us_, until_us);
}

ProcessId Client::ChooseEntryNode(uint64_t op_id, const InFlight& flight) {
  const Op& op = world_.history.at(op_id);
  if (flight.phase == Phase::kPut && flight.has_preferred_coordinator &&
      !Suspected(flight.preferred_coordinator)) {
    return flight.preferred_coordinator;
  }
  // Bound (Jepsen's one client per node): client i's node i mod `cluster.nodes`, whether or not
  // it is suspected. Nodes are the first processes, in node order (cluster.cc).
  if (world_.scenario.workload.entry == scenario::EntryNode::kBound) {
    return static_cast<ProcessId>(index_ % static_cast<uint32_t>(world_.scenario.cluster.nodes));
  }
  if (world_.scenario.cluster.coordination != scenario::Coordination::kServer) {
    dynamo::Ring::NodeList top;
    RoutingRing().PreferenceList(op.key, world_.scenario.cluster.replication.n, &top);
    for (dynamo::NodeId node : top) {
      if (!Suspected(node)) return node;
    }
    return top.front();
  }
  ProcessId node = 0;
  // Datacenter-local (paper section 4.6): a node of the client's own datacenter while one is on
  // the ring and unsuspected; otherwise, and for a client in no datacenter, as "any" (the local
  // pick draws nothing when it has no candidate, so the fallback is exactly "any"'s draw).
  if (world_.scenario.workload.entry == scenario::EntryNode::kDatacenter &&
      datacenter_ != kNoDatacenter &&
      PickUnsuspected(world_.nodes_by_datacenter[static_cast<size_t>(datacenter_)], &node)) {
    return node;
  }
  // A random node this client does not suspect (any node if it suspects them all).
  if (PickUnsuspected(world_.nodes, &node)) return node;
  return world_.nodes[prng_.Below(world_.nodes.size())];
}

// Picked without building a list: this runs for every attempt. Suspecting none (the common case),
// the pick is one draw over the candidates, without the scan.
bool Client::PickUnsuspected(const std::vector<ProcessId>& candidates, ProcessId* node) {
  if (candidates.empty()) return false;
  if (world_.scheduler.NowUs() >= suspicions_end_us_) {
    *node = candidates[prng_.Below(candidates.size())];
    return true;
  }
  size_t healthy = 0;
  for (ProcessId candidate : candidates) healthy += !Suspected(candidate);
  if (healthy == 0) return false;
  uint64_t pick = prng_.Below(healthy);
  for (ProcessId candidate : candidates) {
    if (!Suspected(candidate) && pick-- == 0) {
      *node = candidate;
      return true;
    }
  }
  SIM_CHECK(false, "healthy node count changed while picking");
  return false;
}

void Client::SendAttempt(uint64_t op_id) {
  InFlight& flight = in_flight_.at(op_id);
  Op& op = world_.history.at(op_id);
  if (LibraryCoordinates(op)) return CoordinateAttempt(op_id);
  ++flight.attempt;
  op.attempts = static_cast<uint16_t>(std::min<uint32_t>(flight.attempt, Op::kMaxAttempts));
  flight.entry = ChooseEntryNode(op_id, flight);
  const uint64_t request_id = RequestId(op_id, flight.attempt);
  dynamo::Message request =
      op.type == OpType::kPut
          ? dynamo::MakeMessage<dynamo::msg::ClientPut>(
                request_id, op.key, id_, flight.value,
                flight.context != nullptr ? std::optional<dynamo::Context>(*flight.context)
                                          : std::nullopt)
          : dynamo::MakeMessage<dynamo::msg::ClientGet>(request_id, op.key, id_);
  const uint32_t bytes = dynamo::ModelledBytes(request);
  world_.network.Send(id_, flight.entry, static_cast<MessageKind>(request.type()), bytes,
                      std::move(request));
  const uint32_t attempt = flight.attempt;
  // The previous attempt's timer (if it has not fired) would find a newer attempt and do nothing.
  world_.scheduler.Cancel(flight.attempt_timeout);
  flight.attempt_timeout =
      world_.processes.StartTimer(id_, world_.scenario.cluster.request_timeout_us,
                                  [this, op_id, attempt] { OnAttemptTimeout(op_id, attempt); });
}

// The entry node stayed silent: suspect it, and retry elsewhere if allowed.
void Client::OnAttemptTimeout(uint64_t op_id, uint32_t attempt) {
  const auto it = in_flight_.find(op_id);
  if (it == in_flight_.end() || attempt != it->second.attempt) return;
  Suspect(it->second.entry,
          world_.scheduler.NowUs() + world_.scenario.cluster.failure_detector.suspect_after_us);
  if (!world_.scenario.workload.retry) return;
  const Op& op = world_.history.at(op_id);
  if (world_.scheduler.NowUs() >= op.invoke_us + world_.scenario.workload.client_timeout_us) return;
  SendAttempt(op_id);
}

void Client::OnClientTimeout(uint64_t op_id) {
  if (!in_flight_.contains(op_id)) return;
  Complete(op_id, OpStatus::kTimeout, nullptr);
}

void Client::OnMessage(ProcessId from, dynamo::Message& message) {
  if (message.type() == dynamo::MessageType::kGetReply) return OnGetReply(from, message);
  if (message.type() == dynamo::MessageType::kPutAck) return OnPutAck(from, message);
  SIM_CHECK(message.type() == dynamo::MessageType::kClientReply,
            "clients receive client replies, and get replies and put acks of their own rounds");
  const uint64_t op_id = OpOfRequest(message.request_id);
  if (!in_flight_.contains(op_id)) return;  // late answer
  const auto& reply = message.As<dynamo::msg::ClientReply>();
  Complete(op_id, reply.ok ? OpStatus::kOk : OpStatus::kFailed, &reply);
}

void Client::Complete(uint64_t op_id, OpStatus status, const dynamo::msg::ClientReply* reply) {
  const auto it = in_flight_.find(op_id);
  const Phase phase = it->second.phase;
  // No-ops for a timer that is what completes the op.
  world_.scheduler.Cancel(it->second.client_timeout);
  world_.scheduler.Cancel(it->second.attempt_timeout);
  in_flight_.erase(it);
  Op& op = world_.history.at(op_id);
  op.status = status;
  op.complete_us = world_.scheduler.NowUs();
  op.invoked_before_completion = world_.history.ops().size();
  if (reply != nullptr) op.coordinator = reply->coordinator;
  // Carts keep no values in the history (history.h): the runs of put positions say what a get
  // returned, and a completed put's item says what it added.
  const bool carts = world_.scenario.workload.read_modify_write;
  if (status == OpStatus::kOk && op.type == OpType::kGet) {
    world_.history.RecordRead(op_id, reply->versions, /*keep_values=*/!carts);
  }
  if (status == OpStatus::kOk && op.type == OpType::kPut && !reply->versions.empty()) {
    world_.history.RecordWritten(op_id, reply->versions.front(), /*keep_value=*/!carts);
  }
  if (phase == Phase::kProbeGet) return ProbeDone();
  if (op.type == OpType::kPut && status == OpStatus::kOk &&
      !world_.scenario.workload.reads_after_put_us.empty()) {
    return StartReadsAfterPut(op.key);
  }
  if (phase == Phase::kCartGet &&
      (status == OpStatus::kOk || world_.scenario.workload.always_writeable)) {
    StartCartPut(op_id, status == OpStatus::kOk ? reply : nullptr);
    return;
  }
  if (phase == Phase::kRemoveGet && status == OpStatus::kOk && StartRemovePut(op_id, *reply)) {
    return;
  }
  AfterOp(status);
}

// The cart remove's put: the union of the read's siblings' items minus one of them, with the
// read's context, so it supersedes exactly the versions the read returned. The item is drawn
// from the client's stream only here (removes only), so runs without removes draw as before.
bool Client::StartRemovePut(uint64_t read_op, const dynamo::msg::ClientReply& reply) {
  const dynamo::Value cart = dynamo::UnionOfValues(reply.versions);
  if (cart.empty()) return false;  // an empty cart: the remove was a get alone
  const size_t index = prng_.Below(cart.size());
  const uint64_t removed = cart[index];
  dynamo::Value::Items kept;  // still sorted and distinct: one item taken out
  kept.reserve(cart.size() - 1);
  kept.insert(kept.end(), cart.begin(), cart.begin() + static_cast<std::ptrdiff_t>(index));
  kept.insert(kept.end(), cart.begin() + static_cast<std::ptrdiff_t>(index) + 1, cart.end());
  dynamo::Value value(std::move(kept));
  const dynamo::Key key = world_.history.at(read_op).key;
  const uint64_t put_id = BeginOp(OpType::kPut, key, Phase::kPut);
  InFlight& flight = in_flight_.at(put_id);
  flight.has_preferred_coordinator =
      world_.scenario.cluster.write_coordinator == scenario::WriteCoordinator::kFastestRead;
  flight.preferred_coordinator = reply.fastest_replica;
  Op& put = world_.history.at(put_id);
  put.read_op = read_op;
  put.remove = true;
  put.removed_item = removed;
  flight.value = std::move(value);
  flight.context = std::make_unique<dynamo::Context>(reply.context);
  SendAttempt(put_id);
  return true;
}

// The cart add's put: the union of the read's siblings' items plus one new item, with the read's
// context; after a failed read (always_writeable) the new item alone with an empty context, so
// the version is concurrent with every stored one and supersedes nothing.
void Client::StartCartPut(uint64_t read_op, const dynamo::msg::ClientReply* reply) {
  dynamo::Value value;
  // Present even when empty (after a failed read): the put is a read-modify-write.
  auto context = std::make_unique<dynamo::Context>();
  if (reply != nullptr) {
    value = dynamo::UnionOfValues(reply->versions);
    *context = reply->context;
  }
  const dynamo::Key key = world_.history.at(read_op).key;
  const uint64_t put_id = BeginOp(OpType::kPut, key, Phase::kPut);
  InFlight& flight = in_flight_.at(put_id);
  flight.has_preferred_coordinator =
      reply != nullptr &&
      world_.scenario.cluster.write_coordinator == scenario::WriteCoordinator::kFastestRead;
  if (reply != nullptr) flight.preferred_coordinator = reply->fastest_replica;
  const uint64_t item = NewItem();
  world_.history.SetPutItem(put_id, item);
  world_.history.at(put_id).read_op = read_op;
  flight.value = dynamo::WithItem(value, item);
  flight.context = std::move(context);
  SendAttempt(put_id);
}

// workload.reads_after_put: one get of the put's key at each offset after the acknowledgement (an
// offset of 0 starts here, after the put's completion was recorded, so t = 0 exactly), and the
// next op once they have all finished: each write's reads see no later write of this client.
void Client::StartReadsAfterPut(dynamo::Key key) {
  const std::vector<TimeUs>& offsets_us = world_.scenario.workload.reads_after_put_us;
  probes_outstanding_ += offsets_us.size();
  for (const TimeUs offset_us : offsets_us) {
    if (offset_us == 0) {
      StartProbeGet(key);
    } else {
      world_.processes.StartTimer(id_, offset_us, [this, key] { StartProbeGet(key); });
    }
  }
}

void Client::StartProbeGet(dynamo::Key key) {
  if (!Accepting()) return ProbeDone();  // the workload stopped: the get is not started
  SendAttempt(BeginOp(OpType::kGet, key, Phase::kProbeGet));
}

void Client::ProbeDone() {
  SIM_CHECK(probes_outstanding_ > 0, "a reads_after_put get ended that was not started");
  // The put these gets follow succeeded: the next op comes after think_time, never a back-off.
  if (--probes_outstanding_ == 0) AfterOp(OpStatus::kOk);
}

void Client::AfterOp(OpStatus status) {
  const scenario::Workload& workload = world_.scenario.workload;
  if (workload.rate) return;  // open loop: the next arrival starts the next op
  const bool backoff = status != OpStatus::kOk && workload.failure_backoff_us.has_value();
  const TimeUs think_us = backoff ? *workload.failure_backoff_us : workload.think_time_us;
  if (think_us == 0) return StartNextOp();
  world_.processes.StartTimer(id_, think_us, [this] { StartNextOp(); });
}

}  // namespace sim
