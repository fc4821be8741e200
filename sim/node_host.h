// NodeHost: one simulated node process. Implements dynamo::Env over the engine (virtual clock,
// process timers, the simulated network, the node's own PRNG stream, its skewable wall clock and
// storage latency, notifications to the cluster) and owns the node's durable state across incarnations. A crash destroys the
// dynamo::Node (its volatile state); a restart builds a new one over the same DurableState; a
// wipe clears the DurableState.
#pragma once

#include <memory>

#include "dynamo/durable_state.h"
#include "dynamo/env.h"
#include "dynamo/node.h"
#include "sim/engine/distribution.h"
#include "sim/engine/network.h"
#include "sim/engine/process_table.h"
#include "sim/engine/prng.h"

namespace sim {

// Told what the node reports through Env's notifications.
class NodeHostObserver {
 public:
  virtual ~NodeHostObserver() = default;
  virtual void OnRingInstalled(ProcessId node, const dynamo::RingState& state,
                               const std::shared_ptr<const dynamo::Ring>& ring) = 0;
  // Called from inside the node's handler: the observer must not destroy the node right away.
  virtual void OnLeaveComplete(ProcessId node) = 0;
};

// What a NodeHost needs from the cluster; all references outlive the host.
struct NodeHostWorld {
  Scheduler& scheduler;
  ProcessTable& processes;
  Network<dynamo::Message>& network;
  const dynamo::NodeConfig& config;
  const Distribution& storage_read_latency;
  const Distribution& storage_write_latency;
  NodeHostObserver& observer;
};

class NodeHost : public dynamo::Env {
 public:
  NodeHost(NodeHostWorld world, ProcessId id, uint64_t run_seed, const std::string& name);

  // Life cycle, called by the cluster's ProcessObserver.
  void Start();                       // builds the Node (first start or restart)
  void Stop() { node_.reset(); }      // crash: volatile state gone
  void WipeDisk() { durable_.Wipe(); }
  // Before the first start: the ring the node's disk holds (a member of the initial cluster).
  void SetInitialRing(dynamo::RingState ring) { durable_.Get().ring = std::move(ring); }
  // The administrator's decommission: passed to the node now if it is up, else at its next
  // start (the request stands until the node has left).
  void RequestLeave();

  dynamo::Node* node() { return node_.get(); }
  const dynamo::Node* node() const { return node_.get(); }
  const dynamo::DurableState& durable() const { return durable_.Get(); }
  // The node's versions of `key` as a get it served as a replica would return them: its disk's
  // data plus, while it is up, its unflushed write buffer; no hints (dynamo/replica_versions.h).
  // A node that is down serves its disk after a restart, so that is what it holds; a wiped disk
  // holds nothing. May fill and return `scratch`.
  absl::Span<const dynamo::Version> ReplicaVersions(dynamo::Key key,
                                                    dynamo::Siblings& scratch) const;
  ProcessId id() const { return id_; }

  // dynamo::Env
  dynamo::TimeUs NowUs() const override { return world_.scheduler.NowUs(); }
  dynamo::TimeUs WallClockUs() const override { return world_.processes.WallClockUs(id_); }
  dynamo::TimerHandle StartTimer(dynamo::TimeUs delay_us, dynamo::TimerTag tag) override;
  void CancelTimer(dynamo::TimerHandle handle) override;
  void Send(dynamo::NodeId to, dynamo::Message&& message, dynamo::TimeUs delay_us) override;
  uint64_t Random() override { return prng_.NextU64(); }
  dynamo::TimeUs StorageReadLatencyUs() override {
    return world_.storage_read_latency.SampleUs(storage_prng_);
  }
  dynamo::TimeUs StorageWriteLatencyUs() override {
    return world_.storage_write_latency.SampleUs(storage_prng_);
  }
  void RingInstalled(const dynamo::RingState& state,
                     const std::shared_ptr<const dynamo::Ring>& ring) override {
    world_.observer.OnRingInstalled(id_, state, ring);
  }
  void LeaveComplete() override { world_.observer.OnLeaveComplete(id_); }

 private:
  NodeHostWorld world_;
  const ProcessId id_;
  Prng prng_;          // the node logic's stream
  Prng storage_prng_;  // storage latency draws, apart so they never shift the node's numbers
  DurableStore<dynamo::DurableState> durable_;
  std::unique_ptr<dynamo::Node> node_;
  bool leave_requested_ = false;
};

}  // namespace sim
