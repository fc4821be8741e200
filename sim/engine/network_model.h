// NetworkModel: the conditions of the simulated network and the fate of each message.
//
// It decides, for one message, whether it is lost, how long it takes and whether it is duplicated,
// from: the base latency (or a per-message-kind latency, the contract's `by_message`), extra
// latency on chosen endpoints, a global and a per-endpoint loss rate, a duplication rate,
// partitions into groups and one-way cuts. All randomness comes from one Prng stream owned here,
// drawn in a fixed order per message, so the fates of a run are a function of the seed.
//
// The model knows endpoints only as dense ProcessIds; it knows nothing of what they are.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/btree_set.h"
#include "sim/engine/distribution.h"
#include "sim/engine/prng.h"
#include "sim/engine/process_table.h"
#include "sim/engine/time.h"

namespace sim {

using MessageKind = uint16_t;

// Group value for an endpoint that reaches every other endpoint (e.g. a client not listed in any
// partition group).
inline constexpr int32_t kReachesAll = -1;

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

  // Endpoints are ProcessIds; call when processes are added so per-endpoint state exists.
  void EnsureEndpoints(std::size_t count);

  void SetKindLatency(MessageKind kind, Distribution latency);
  void SetDropRate(double rate) { drop_rate_ = rate; }
  double drop_rate() const { return drop_rate_; }
  void SetDuplicateRate(double rate) { duplicate_rate_ = rate; }
  void SetEndpointDropRate(ProcessId endpoint, double rate);
  void SetExtraLatency(ProcessId endpoint, std::optional<Distribution> extra);

  // Partitions: group_of[endpoint] is its group, or kReachesAll. Endpoints beyond the vector's
  // size reach all. Two endpoints communicate iff either reaches all or their groups are equal.
  void SetPartition(std::vector<int32_t> group_of);
  // Messages from `from` to `to` are lost; the reverse direction is unaffected.
  void CutOneWay(ProcessId from, ProcessId to);
  // Ends every partition and one-way cut (latency and loss settings stay).
  void Heal();

  // True if a message from `from` could currently reach `to` (ignoring loss and liveness).
  bool CanReach(ProcessId from, ProcessId to) const;

  // The fate of one message sent now. Draws from the model's Prng.
  MessageFate Decide(ProcessId from, ProcessId to, MessageKind kind);

 private:
  TimeUs SampleDelay(ProcessId from, ProcessId to, MessageKind kind);

  Prng prng_;
  Distribution base_latency_;
  std::vector<std::string> kind_names_;
  std::vector<std::optional<Distribution>> kind_latency_;
  double drop_rate_ = 0;
  double duplicate_rate_ = 0;
  std::vector<double> endpoint_drop_rate_;
  std::vector<std::optional<Distribution>> extra_latency_;
  std::vector<int32_t> group_of_;
  absl::btree_set<std::pair<ProcessId, ProcessId>> one_way_cuts_;
};

}  // namespace sim
