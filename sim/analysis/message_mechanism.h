// Message kinds grouped by the Dynamo mechanism that sends them, so a report can say what each
// mechanism costs (report.json's messages.by_mechanism; docs/size-model.md lists the groups):
//   client:         client_get, client_put, client_reply
//   coordination:   forward_get, forward_put, forward_ack
//   replication:    get, get_reply, put, put_ack
//   read_repair:    read_repair
//   hinted_handoff: hinted_handoff, hinted_handoff_ack
//   merkle:         merkle_root, merkle_nodes, merkle_keys, repair_push
//   gossip:         gossip, gossip_reply, membership_change, membership_reply, ping, ping_reply
//   range_transfer: range_transfer, range_transfer_ack
// This is the one table from kind to mechanism; every dynamo::MessageType has exactly one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dynamo/message.h"
#include "sim/run_result.h"

namespace sim {

enum class Mechanism : uint8_t {
  kClient,
  kCoordination,
  kReplication,
  kReadRepair,
  kHintedHandoff,
  kMerkle,
  kGossip,
  kRangeTransfer,
  kCount,  // number of mechanisms; not a mechanism
};

inline constexpr int kMechanismCount = static_cast<int>(Mechanism::kCount);

// The mechanism that sends messages of `type`. REQUIRES: type != MessageType::kCount.
Mechanism MechanismOf(dynamo::MessageType type);

// The mechanism's report name ("hinted_handoff"). REQUIRES: mechanism != Mechanism::kCount.
std::string_view MechanismName(Mechanism mechanism);

// The mechanism of a message kind name ("get_reply" -> replication); nullopt for a name that is
// not a dynamo::MessageType's.
std::optional<Mechanism> MechanismOfKind(std::string_view kind);

// Traffic summed per mechanism: one entry per mechanism in enum order (zero when none was sent),
// named by MechanismName; then, only if `by_kind` holds kinds no mechanism claims, one entry
// "other" with their sum.
std::vector<MessageTraffic> TrafficByMechanism(const std::vector<MessageTraffic>& by_kind);

}  // namespace sim
