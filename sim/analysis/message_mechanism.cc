#include "sim/analysis/message_mechanism.h"

#include "sim/engine/check.h"

namespace sim {

Mechanism MechanismOf(dynamo::MessageType type) {
  using dynamo::MessageType;
  switch (type) {
    case MessageType::kClientGet:
    case MessageType::kClientPut:
    case MessageType::kClientReply: return Mechanism::kClient;
    case MessageType::kForwardGet:
    case MessageType::kForwardPut:
    case MessageType::kForwardAck: return Mechanism::kCoordination;
    case MessageType::kGet:
    case MessageType::kGetReply:
    case MessageType::kPut:
    case MessageType::kPutAck: return Mechanism::kReplication;
    case MessageType::kReadRepair: return Mechanism::kReadRepair;
    case MessageType::kHintedHandoff:
    case MessageType::kHintedHandoffAck: return Mechanism::kHintedHandoff;
    case MessageType::kMerkleRoot:
    case MessageType::kMerkleNodes:
    case MessageType::kMerkleKeys:
    case MessageType::kRepairPush: return Mechanism::kMerkle;
    case MessageType::kGossip:
    case MessageType::kGossipReply:
    case MessageType::kMembershipChange:
    case MessageType::kMembershipReply:
    case MessageType::kPing:  // failure detection belongs with membership (paper section 4.8)
    case MessageType::kPingReply: return Mechanism::kGossip;
    case MessageType::kRangeTransfer:
    case MessageType::kRangeTransferAck: return Mechanism::kRangeTransfer;
    case MessageType::kCount: break;
  }
  SIM_CHECK(false, "MechanismOf: not a message type");
  return Mechanism::kCount;
}

std::string_view MechanismName(Mechanism mechanism) {
  switch (mechanism) {
    case Mechanism::kClient: return "client";
    case Mechanism::kCoordination: return "coordination";
    case Mechanism::kReplication: return "replication";
    case Mechanism::kReadRepair: return "read_repair";
    case Mechanism::kHintedHandoff: return "hinted_handoff";
    case Mechanism::kMerkle: return "merkle";
    case Mechanism::kGossip: return "gossip";
    case Mechanism::kRangeTransfer: return "range_transfer";
    case Mechanism::kCount: break;
  }
  SIM_CHECK(false, "MechanismName: not a mechanism");
  return "";
}

std::optional<Mechanism> MechanismOfKind(std::string_view kind) {
  for (int type = 0; type < dynamo::kMessageTypeCount; ++type) {
    const auto message_type = static_cast<dynamo::MessageType>(type);
    if (dynamo::MessageTypeName(message_type) == kind) return MechanismOf(message_type);
  }
  return std::nullopt;
}

std::vector<MessageTraffic> TrafficByMechanism(const std::vector<MessageTraffic>& by_kind) {
  std::vector<MessageTraffic> totals(kMechanismCount);
  for (int mechanism = 0; mechanism < kMechanismCount; ++mechanism) {
    totals[mechanism].kind = std::string(MechanismName(static_cast<Mechanism>(mechanism)));
  }
  MessageTraffic other{"other", 0, 0};
  bool has_other = false;
  for (const MessageTraffic& traffic : by_kind) {
    const std::optional<Mechanism> mechanism = MechanismOfKind(traffic.kind);
    MessageTraffic& total = mechanism ? totals[static_cast<int>(*mechanism)] : other;
    has_other = has_other || !mechanism;
    total.count += traffic.count;
    total.bytes += traffic.bytes;
  }
  if (has_other) totals.push_back(other);
  return totals;
}

}  // namespace sim
