// Replica: the storage side of a node. Answers get and put requests from coordinators against
// the node's durable store and applies read repairs (paper sections 4.5 and 5). Replies leave
// after the configured storage latency.
//
// With buffered writes (paper section 6.1) a write goes to an in-memory buffer and is acknowledged
// at once; Flush() moves the buffer to durable storage every flush interval. The buffer is
// volatile: it dies with the Replica when the node crashes, and with it every unflushed write.
// As in the paper, the coordinator picks one of the N replicas to write durably
// (msg::Put::durable_write): that one writes to storage and acknowledges after the storage
// latency. Hints, delivered hints and range transfers always go to storage: their senders delete
// their copy on the acknowledgement.
#pragma once

#include "dynamo/durable_state.h"
#include "dynamo/env.h"
#include "dynamo/message.h"
#include "dynamo/node_config.h"

namespace dynamo {

struct ReplicaStats {
  // Get and put legs this node served as a replica (each answered with a reply or an ack),
  // whether the coordinator was another node or itself; hinted puts included.
  uint64_t gets_served = 0;
  uint64_t puts_served = 0;
  uint64_t hints_stored = 0;  // puts stored as a stand-in, in the hint store
  uint64_t flushes = 0;
};


class Replica {
 public:
  // Keeps references; all must outlive the replica.
  Replica(const NodeConfig& config, Env& env, DurableState& durable)
      : config_(config), env_(env), durable_(durable) {}

  // REQUIRES: message.type is kGet, kPut, kReadRepair or kHintedHandoff.
  void Handle(NodeId from, const Message& message);

  const ReplicaStats& stats() const { return stats_; }

  // The versions this replica holds for `key` in its own data, buffer included, hints not
  // (replica_versions.h, the one definition every reader shares).
  Siblings Read(Key key) const;

  // Buffered writes: arms the first flush / moves the buffer to durable storage and re-arms.
  void StartFlushing();
  void OnFlushTimer();
  // Versions written but not yet flushed (lost if the node crashes now).
  size_t UnflushedVersions() const;
  const VersionedStore& buffer() const { return buffer_; }
  // The actor id this replica's writes carry in clocks (DurableState::clock_actor).
  NodeId clock_actor() const { return durable_.clock_actor; }

 private:
  void HandleGet(NodeId from, const Message& message);
  void HandlePut(NodeId from, const Message& message);
  void HandleReadRepair(const Message& message);
  void HandleHintedHandoff(NodeId from, const Message& message);
  // Stores into the node's own data: the buffer when writes are buffered, else durable storage.
  void Store(Key key, const Version& version);

  const NodeConfig& config_;
  Env& env_;
  DurableState& durable_;
  ReplicaStats stats_;     // volatile
  VersionedStore buffer_;  // volatile: unflushed writes
};

}  // namespace dynamo
