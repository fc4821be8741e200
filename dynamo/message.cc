#include "dynamo/message.h"

namespace dynamo {
namespace {

constexpr uint32_t kHeaderBytes = 32;
constexpr uint32_t kKeyBytes = 8;
constexpr uint32_t kItemBytes = 8;
constexpr uint32_t kClockEntryBytes = 16;
constexpr uint32_t kTimestampBytes = 8;
constexpr uint32_t kMerkleNodeBytes = 12;  // node index and hash
constexpr uint32_t kKeyDigestBytes = 16;   // key and digest
constexpr uint32_t kHintBytes = 8;  // the intended owner and the delivered digest
constexpr uint32_t kGenerationBytes = 12;   // node id and generation
constexpr uint32_t kRingVersionBytes = 12;  // epoch and author
constexpr uint32_t kMemberBytes = 4;        // node id
constexpr uint32_t kTokenBytes = 8;

uint32_t ClockBytes(const VectorClock& clock) {
  return static_cast<uint32_t>(clock.size()) * kClockEntryBytes;
}

}  // namespace

std::string_view MessageTypeName(MessageType type) {
  switch (type) {
    case MessageType::kClientGet: return "client_get";
    case MessageType::kClientPut: return "client_put";
    case MessageType::kClientReply: return "client_reply";
    case MessageType::kForwardGet: return "forward_get";
    case MessageType::kForwardPut: return "forward_put";
    case MessageType::kGet: return "get";
    case MessageType::kGetReply: return "get_reply";
    case MessageType::kPut: return "put";
    case MessageType::kPutAck: return "put_ack";
    case MessageType::kReadRepair: return "read_repair";
    case MessageType::kHintedHandoff: return "hinted_handoff";
    case MessageType::kHintedHandoffAck: return "hinted_handoff_ack";
    case MessageType::kMerkleRoot: return "merkle_root";
    case MessageType::kMerkleNodes: return "merkle_nodes";
    case MessageType::kMerkleKeys: return "merkle_keys";
    case MessageType::kRepairPush: return "repair_push";
    case MessageType::kGossip: return "gossip";
    case MessageType::kGossipReply: return "gossip_reply";
    case MessageType::kMembershipChange: return "membership_change";
    case MessageType::kMembershipReply: return "membership_reply";
    case MessageType::kRangeTransfer: return "range_transfer";
    case MessageType::kRangeTransferAck: return "range_transfer_ack";
    case MessageType::kForwardAck: return "forward_ack";
    case MessageType::kPing: return "ping";
    case MessageType::kPingReply: return "ping_reply";
    case MessageType::kCount: break;
  }
  return "unknown";
}

uint32_t ModelledBytes(const Message& message) {
  uint32_t bytes = kHeaderBytes + kKeyBytes;
  bytes += static_cast<uint32_t>(message.value.size()) * kItemBytes;
  bytes += ClockBytes(message.context);
  bytes += static_cast<uint32_t>(message.context_dots.size()) * kClockEntryBytes;
  bytes += static_cast<uint32_t>(message.merkle_nodes.size()) * kMerkleNodeBytes;
  bytes += static_cast<uint32_t>(message.merkle_keys.size()) * kKeyDigestBytes;
  if (message.has_hint) bytes += kHintBytes;
  bytes += static_cast<uint32_t>(message.generations.size()) * kGenerationBytes;
  if (message.ring_state.epoch != 0) bytes += kRingVersionBytes;
  for (const RingMember& member : message.ring_state.members) {
    bytes += kMemberBytes + static_cast<uint32_t>(member.tokens.size()) * kTokenBytes;
  }
  for (const Version& version : message.versions) {
    bytes += static_cast<uint32_t>(version.value.size()) * kItemBytes;
    bytes += ClockBytes(version.clock) + kTimestampBytes;
    bytes += static_cast<uint32_t>(version.extra_dots.size()) * kClockEntryBytes;
  }
  return bytes;
}

}  // namespace dynamo
