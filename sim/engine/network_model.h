// NetworkModel: the conditions of the simulated network and the fate of each message.
//
// It decides, for one message, whether it is lost, how long it takes and whether it is duplicated,
// from: the base latency (or a per-message-kind latency, the contract's `by_message`), the base
// loss and duplication rates, and the network faults in force. All randomness comes from one Prng
// stream owned here, drawn in a fixed order per message, so the fates of a run are a function of
// the seed.
//
// Network faults compose. Each has an id (the caller's), and ending one ends only it:
//   partitions: two endpoints communicate only if no partition in force separates them (their
//               groups intersect);
//   one-way cuts: a message is lost if any cut in force names its (from, to);
//   loss: the base rate and every loss fault that applies to a message (its endpoints are empty,
//         or name `from` or `to`; a fault naming both counts once) drop it independently:
//         P(delivered) = (1 - base) * product of (1 - rate);
//   extra latency: every latency fault adds one sample of its distribution for each end of the
//         message it names (a message between two slowed endpoints is slowed at both ends).
// Datacenters (not a fault, in force for the whole run): a message between endpoints of two
// different datacenters takes one more sample, of that pair's distribution, after the base
// latency and before the faults' extras. Without datacenters nothing is drawn.
//
// The model knows endpoints only as dense ProcessIds; it knows nothing of what they are.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/btree_set.h"
#include "sim/engine/distribution.h"
#include "sim/engine/prng.h"
#include "sim/engine/process_table.h"
#include "sim/engine/time.h"

namespace sim {

using MessageKind = uint16_t;
using NetworkFaultId = uint64_t;

// Group value for an endpoint that reaches every other endpoint (e.g. a client not listed in any
// partition group).
inline constexpr int32_t kReachesAll = -1;

// Datacenter value for an endpoint in no datacenter (it pays no datacenter latency).
inline constexpr int32_t kNoDatacenter = -1;

enum class DropReason : uint8_t { kLoss = 0, kPartition = 1, kDestinationDown = 2 };

struct MessageFate {
  int copies = 0;             // 0 = lost, 1 = delivered once, 2 = duplicated
  TimeUs delay_us[2] = {0, 0};
  DropReason reason = DropReason::kLoss;  // meaningful when copies == 0
};

class NetworkModel {
 public:
  NetworkModel(Prng prng, Distribution base_latency);

  // Message kinds: names for stats and for per-kind latency. Ids are dense in order.
  MessageKind RegisterMessageKind(std::string_view name);
  std::size_t message_kinds() const { return kind_names_.size(); }
  const std::string& MessageKindName(MessageKind kind) const { return kind_names_[kind]; }
  bool FindMessageKind(std::string_view name, MessageKind* kind) const;

  void SetKindLatency(MessageKind kind, Distribution latency);
  // The base rates, in force whatever the faults.
  void SetDropRate(double rate) { drop_rate_ = rate; }
  double drop_rate() const { return drop_rate_; }
  void SetDuplicateRate(double rate) { duplicate_rate_ = rate; }

  // datacenter_of[endpoint]: its datacenter in 0..count-1, or kNoDatacenter (so are endpoints
  // beyond the vector's size). pair_latency[a * count + b] is added to a message between
  // datacenters a != b. REQUIRES: pair_latency.size() == count * count.
  void SetDatacenters(std::vector<int32_t> datacenter_of, uint32_t count,
                      std::vector<Distribution> pair_latency);
  // The datacenter latency a message from `from` to `to` samples, or null.
  const Distribution* DatacenterLatency(ProcessId from, ProcessId to) const;

  // Network faults, in force until EndFault(id). REQUIRES: `id` is not in force already.
  // A partition: group_of[endpoint] is its group, or kReachesAll. Endpoints beyond the vector's
  // size reach all. Under it two endpoints communicate iff either reaches all or their groups
  // are equal.
  void AddPartition(NetworkFaultId id, std::vector<int32_t> group_of);
  // Messages from `first` to `second` of each pair are lost; the reverse direction is unaffected.
  void AddOneWayCuts(NetworkFaultId id, std::vector<std::pair<ProcessId, ProcessId>> cuts);
  // Messages to or from any of `endpoints` (empty: every message) are lost with `rate`.
  void AddLoss(NetworkFaultId id, std::vector<ProcessId> endpoints, double rate);
  // Every message to or from one of `endpoints` takes one more sample of `extra` per such end.
  void AddExtraLatency(NetworkFaultId id, std::vector<ProcessId> endpoints, Distribution extra);
  // Ends the fault `id`, whichever kind it is; false if none is in force under that id.
  bool EndFault(NetworkFaultId id);
  // Ends every fault (the base rates stay).
  void EndAllFaults();
  // Number of faults in force.
  std::size_t faults_in_force() const;

  // True if a message from `from` could currently reach `to` (ignoring loss and liveness).
  bool CanReach(ProcessId from, ProcessId to) const;
  // The probability that a message from `from` to `to` sent now is lost (partitions aside).
  double LossProbability(ProcessId from, ProcessId to) const;
  // The extra-latency distributions a message from `from` to `to` samples now, in sampling order.
  std::vector<const Distribution*> ExtraLatencies(ProcessId from, ProcessId to) const;

  // The fate of one message sent now. Draws from the model's Prng.
  MessageFate Decide(ProcessId from, ProcessId to, MessageKind kind);

 private:
  TimeUs SampleDelay(ProcessId from, ProcessId to, MessageKind kind);

  struct Partition {
    NetworkFaultId id;
    std::vector<int32_t> group_of;
  };
  struct OneWayCuts {
    NetworkFaultId id;
    absl::btree_set<std::pair<ProcessId, ProcessId>> cuts;
  };
  // Loss or extra latency on the messages of chosen endpoints.
  struct EndpointFault {
    NetworkFaultId id;
    std::vector<ProcessId> endpoints;  // sorted; empty = every message (loss only)
    double rate = 0;                   // loss
    Distribution extra;                // extra latency
    bool Names(ProcessId endpoint) const;
  };

  bool InForce(NetworkFaultId id) const;

  Prng prng_;
  Distribution base_latency_;
  std::vector<std::string> kind_names_;
  std::vector<std::optional<Distribution>> kind_latency_;
  double drop_rate_ = 0;
  double duplicate_rate_ = 0;
  // Faults in force, each list in order of addition (sampling order is part of determinism).
  std::vector<Partition> partitions_;
  std::vector<OneWayCuts> one_way_cuts_;
  std::vector<EndpointFault> losses_;
  std::vector<EndpointFault> latencies_;
  // Datacenters (SetDatacenters); empty = none.
  std::vector<int32_t> datacenter_of_;
  uint32_t datacenter_count_ = 0;
  std::vector<Distribution> datacenter_latency_;
};

}  // namespace sim
