#include "sim/client.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "dynamo/reconcile.h"
#include "sim/engine/check.h"

namespace sim {
namespace {

constexpr uint64_t kMaxQueuedArrivals = 10000;

uint64_t RequestId(uint64_t op, uint32_t attempt) { return (op << 8) | (attempt & 0xFF); }
uint64_t OpOfRequest(uint64_t request_id) { return request_id >> 8; }

}  // namespace

Client::Client(ClientWorld world, uint32_t index, ProcessId id, uint64_t run_seed)
    : world_(world),
      index_(index),
      id_(id),
      prng_(run_seed, "client/" + std::to_string(index + 1)),
      suspected_until_us_(world.node_slots, 0) {}

bool Client::Accepting() const {
  return world_.scheduler.NowUs() < world_.scenario.workload.stop_us;
}

void Client::Start() {
  const TimeUs start_us = world_.scenario.workload.start_us;
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
  const double gap_s = -std::log(prng_.NextOpenDouble()) / rate_per_s;
  const TimeUs gap_us = std::max<TimeUs>(1, static_cast<TimeUs>(gap_s * kSecond));
  world_.processes.StartTimer(id_, gap_us, [this] { OnArrival(); });
}

void Client::OnArrival() {
  if (!Accepting()) return;
  ScheduleArrival();
  if (phase_ == Phase::kIdle) {
    StartNextOp();
  } else if (queued_arrivals_ < kMaxQueuedArrivals) {
    ++queued_arrivals_;
  } else {
    ++stats_.arrivals_dropped;
  }
}

void Client::StartNextOp() {
  if (!Accepting()) return;
  ++stats_.ops_started;
  const dynamo::Key key = world_.keys.Next(prng_);
  const bool put = prng_.NextDouble() < world_.scenario.workload.mix.put;
  if (!put) return BeginOp(OpType::kGet, key, Phase::kGet);
  if (world_.scenario.workload.read_modify_write) return BeginOp(OpType::kGet, key, Phase::kCartGet);
  BeginOp(OpType::kPut, key, Phase::kPut);
  Op& op = world_.history.at(op_);
  op.item = (static_cast<uint64_t>(index_ + 1) << 32) | next_item_++;
  op.value = {op.item};
  SendAttempt();
}

void Client::BeginOp(OpType type, dynamo::Key key, Phase phase) {
  phase_ = phase;
  attempt_ = 0;
  op_ = world_.history.Invoke(index_, type, key, world_.scheduler.NowUs());
  const uint64_t op_id = op_;
  world_.processes.StartTimer(id_, world_.scenario.workload.client_timeout_us,
                              [this, op_id] { OnClientTimeout(op_id); });
  if (phase != Phase::kPut) SendAttempt();
}

bool Client::Suspected(ProcessId node) const {
  return suspected_until_us_[node] > world_.scheduler.NowUs();
}

ProcessId Client::ChooseEntryNode() {
  const Op& op = world_.history.at(op_);
  if (phase_ == Phase::kPut && has_preferred_coordinator_ &&
      !Suspected(preferred_coordinator_)) {
    return preferred_coordinator_;
  }
  if (world_.scenario.cluster.coordination == scenario::Coordination::kClient) {
    dynamo::Ring::NodeList top;
    world_.ring->PreferenceList(op.key, world_.scenario.cluster.replication.n, &top);
    for (dynamo::NodeId node : top) {
      if (!Suspected(node)) return node;
    }
    return top.front();
  }
  // A random node this client does not suspect (any node if it suspects them all), picked
  // without building a list: this runs for every attempt.
  size_t healthy = 0;
  for (ProcessId node : world_.nodes) healthy += !Suspected(node);
  if (healthy == 0) return world_.nodes[prng_.Below(world_.nodes.size())];
  uint64_t pick = prng_.Below(healthy);
  for (ProcessId node : world_.nodes) {
    if (!Suspected(node) && pick-- == 0) return node;
  }
  SIM_CHECK(false, "healthy node count changed while picking");
  return world_.nodes.front();
}

void Client::SendAttempt() {
  Op& op = world_.history.at(op_);
  ++attempt_;
  op.attempts = attempt_;
  entry_ = ChooseEntryNode();
  dynamo::Message request;
  request.type = op.type == OpType::kGet ? dynamo::MessageType::kClientGet
                                          : dynamo::MessageType::kClientPut;
  request.request_id = RequestId(op_, attempt_);
  request.key = op.key;
  request.reply_to = id_;
  if (op.type == OpType::kPut) {
    request.value = op.value;
    request.context = op.context;
    request.context_dots = op.context_dots;
    request.has_context = op.read_op != kNoOp;
  }
  const uint32_t bytes = dynamo::ModelledBytes(request);
  world_.network.Send(id_, entry_, static_cast<MessageKind>(request.type), bytes,
                      std::move(request));
  const uint64_t op_id = op_;
  const uint32_t attempt = attempt_;
  world_.processes.StartTimer(id_, world_.scenario.cluster.request_timeout_us,
                              [this, op_id, attempt] { OnAttemptTimeout(op_id, attempt); });
}

// The entry node stayed silent: suspect it, and retry elsewhere if allowed.
void Client::OnAttemptTimeout(uint64_t op_id, uint32_t attempt) {
  if (op_id != op_ || attempt != attempt_ || phase_ == Phase::kIdle) return;
  suspected_until_us_[entry_] =
      world_.scheduler.NowUs() + world_.scenario.cluster.failure_detector.suspect_after_us;
  if (!world_.scenario.workload.retry) return;
  const Op& op = world_.history.at(op_);
  if (world_.scheduler.NowUs() >= op.invoke_us + world_.scenario.workload.client_timeout_us) return;
  SendAttempt();
}

void Client::OnClientTimeout(uint64_t op_id) {
  if (op_id != op_ || phase_ == Phase::kIdle) return;
  Complete(OpStatus::kTimeout, nullptr);
}

void Client::OnMessage(dynamo::Message& reply) {
  SIM_CHECK(reply.type == dynamo::MessageType::kClientReply, "clients only receive replies");
  if (phase_ == Phase::kIdle || OpOfRequest(reply.request_id) != op_) return;  // late answer
  Complete(reply.ok ? OpStatus::kOk : OpStatus::kFailed, &reply);
}

void Client::Complete(OpStatus status, const dynamo::Message* reply) {
  Op& op = world_.history.at(op_);
  op.status = status;
  op.complete_us = world_.scheduler.NowUs();
  if (reply != nullptr) op.coordinator = reply->coordinator;
  if (status == OpStatus::kOk && op.type == OpType::kGet) {
    op.read.assign(reply->versions.begin(), reply->versions.end());
  }
  if (status == OpStatus::kOk && op.type == OpType::kPut && !reply->versions.empty()) {
    op.written = reply->versions.front();
  }
  if (phase_ == Phase::kCartGet && status == OpStatus::kOk) {
    // The cart update's put: the union of the siblings' items plus one new item.
    const uint64_t read_op = op_;
    has_preferred_coordinator_ =
        world_.scenario.cluster.write_coordinator == scenario::WriteCoordinator::kFastestRead;
    preferred_coordinator_ = reply->fastest_replica;
    dynamo::Value value = dynamo::UnionOfValues(reply->versions);
    dynamo::VectorClock context = reply->context;
    std::vector<dynamo::Dot> context_dots = reply->context_dots;
    BeginOp(OpType::kPut, op.key, Phase::kPut);
    Op& put = world_.history.at(op_);
    put.read_op = read_op;
    put.item = (static_cast<uint64_t>(index_ + 1) << 32) | next_item_++;
    value.insert(std::upper_bound(value.begin(), value.end(), put.item), put.item);
    put.value = std::move(value);
    put.context = std::move(context);
    put.context_dots = std::move(context_dots);
    SendAttempt();
    return;
  }
  has_preferred_coordinator_ = false;
  AfterOp();
}

void Client::AfterOp() {
  phase_ = Phase::kIdle;
  op_ = kNoOp;
  if (world_.scenario.workload.rate) {
    if (queued_arrivals_ > 0 && Accepting()) {
      --queued_arrivals_;
      StartNextOp();
    }
    return;
  }
  const TimeUs think_us = world_.scenario.workload.think_time_us;
  if (think_us == 0) return StartNextOp();
  world_.processes.StartTimer(id_, think_us, [this] { StartNextOp(); });
}

}  // namespace sim
