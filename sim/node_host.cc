#include "sim/node_host.h"

#include "dynamo/replica_versions.h"
#include "sim/engine/check.h"

namespace sim {

NodeHost::NodeHost(NodeHostWorld world, ProcessId id, uint64_t run_seed, const std::string& name)
    : world_(world),
      id_(id),
      prng_(run_seed, "node/" + name),
      storage_prng_(run_seed, "storage/" + name) {}

void NodeHost::Start() {
  node_ = std::make_unique<dynamo::Node>(id_, world_.config, *this, durable_.Get());
  if (leave_requested_) node_->RequestLeave();
}

void NodeHost::RequestLeave() {
  leave_requested_ = true;
  if (node_ != nullptr) node_->RequestLeave();
}

absl::Span<const dynamo::Version> NodeHost::ReplicaVersions(dynamo::Key key,
                                                            dynamo::Siblings& scratch) const {
  const dynamo::VersionedStore* buffer = node_ != nullptr ? &node_->replica().buffer() : nullptr;
  return dynamo::ReplicaVersions(durable_.Get().data, buffer, key, world_.config.resolution,
                                 scratch);
}

// A handle is the scheduler's TimerId, slot and generation in one word (a live generation is at
// least 1, so no handle is kNoTimer).
dynamo::TimerHandle NodeHost::StartTimer(dynamo::TimeUs delay_us, dynamo::TimerTag tag) {
  const TimerId id = world_.processes.StartTimer(id_, delay_us, [this, tag] {
    SIM_CHECK(node_ != nullptr, "timer fired for a node that is down");
    node_->OnTimer(tag);
  });
  SIM_CHECK(id.valid(), "a started timer has a live generation");
  return (uint64_t{id.slot} << 32) | id.generation;
}

// A stale handle (a timer that fired, or one of an earlier incarnation whose slot was reused)
// no longer matches its slot's generation, so the scheduler ignores it.
void NodeHost::CancelTimer(dynamo::TimerHandle handle) {
  if (handle == dynamo::kNoTimer) return;
  world_.scheduler.Cancel(TimerId{static_cast<uint32_t>(handle >> 32),
                                  static_cast<uint32_t>(handle & 0xffffffffu)});
}

void NodeHost::Send(dynamo::NodeId to, dynamo::Message&& message, dynamo::TimeUs delay_us) {
  const MessageKind kind = static_cast<MessageKind>(message.type());
  if (to == id_) {
    world_.network.SendLocal(id_, kind, delay_us, std::move(message));
    return;
  }
  const uint32_t bytes = dynamo::ModelledBytes(message);
  world_.network.Send(id_, to, kind, bytes, std::move(message), delay_us);
}

}  // namespace sim
