#include "dynamo/message.h"

#include "dynamo/message_kind_names.h"

namespace dynamo {
namespace {

constexpr uint32_t kHeaderBytes = 32;
constexpr uint32_t kKeyBytes = 8;
constexpr uint32_t kItemBytes = 8;
constexpr uint32_t kClockEntryBytes = 16;
constexpr uint32_t kTimestampBytes = 8;
constexpr uint32_t kMerkleNodeBytes = 12;  // node index and hash
constexpr uint32_t kKeyDigestBytes = 16;   // key and digest
constexpr uint32_t kHintBytes = 8;         // the intended owner
constexpr uint32_t kGenerationBytes = 12;   // node id and generation
constexpr uint32_t kRingVersionBytes = 12;  // epoch and author
constexpr uint32_t kMemberBytes = 4;        // node id
constexpr uint32_t kTokenBytes = 8;

uint32_t Count(size_t n, uint32_t bytes_each) { return static_cast<uint32_t>(n) * bytes_each; }

uint32_t ClockBytes(const VectorClock& clock) { return Count(clock.size(), kClockEntryBytes); }

uint32_t ContextBytes(const Context& context) {
  return ClockBytes(context.clock) + Count(context.dots.size(), kClockEntryBytes);
}

uint32_t VersionBytes(const Version& version) {
  return Count(version.value.size(), kItemBytes) + ClockBytes(version.clock) + kTimestampBytes +
         Count(version.extra_dots.size(), kClockEntryBytes);
}

uint32_t SiblingsBytes(const Siblings& versions) {
  uint32_t bytes = 0;
  for (const Version& version : versions) bytes += VersionBytes(version);
  return bytes;
}

uint32_t HintBytes(const std::optional<NodeId>& hint_for) {
  return hint_for.has_value() ? kHintBytes : 0;
}

uint32_t MemberBytes(const RingMember& member) {
  return kMemberBytes + Count(member.tokens.size(), kTokenBytes);
}

uint32_t RingBytes(const RingState& ring) {
  uint32_t bytes = ring.epoch != 0 ? kRingVersionBytes : 0;
  for (const RingMember& member : ring.members) bytes += MemberBytes(member);
  return bytes;
}

uint32_t GenerationsBytes(const std::vector<std::pair<NodeId, uint64_t>>& generations) {
  return Count(generations.size(), kGenerationBytes);
}

uint32_t ClientPutBytes(const msg::ClientPut& put) {
  return Count(put.value.size(), kItemBytes) + (put.context ? ContextBytes(*put.context) : 0);
}

// The payload's bytes beyond the header and key; one overload per kind, so a new kind without
// a size does not compile.
struct PayloadBytes {
  uint32_t operator()(const msg::ClientGet&) const { return 0; }
  uint32_t operator()(const msg::ClientPut& m) const { return ClientPutBytes(m); }
  uint32_t operator()(const msg::ClientReply& m) const {
    return ContextBytes(m.context) + SiblingsBytes(m.versions);
  }
  uint32_t operator()(const msg::ForwardGet&) const { return 0; }
  uint32_t operator()(const msg::ForwardPut& m) const { return ClientPutBytes(m.request); }
  uint32_t operator()(const msg::ForwardAck&) const { return 0; }
  uint32_t operator()(const msg::Get& m) const { return HintBytes(m.hint_for); }
  uint32_t operator()(const msg::GetReply& m) const { return SiblingsBytes(m.versions); }
  uint32_t operator()(const msg::Put& m) const {
    return VersionBytes(m.version) + HintBytes(m.hint_for);
  }
  uint32_t operator()(const msg::PutAck&) const { return 0; }
  uint32_t operator()(const msg::ReadRepair& m) const { return SiblingsBytes(m.versions); }
  uint32_t operator()(const msg::HintedHandoff& m) const { return SiblingsBytes(m.versions); }
  uint32_t operator()(const msg::HintedHandoffAck&) const { return 0; }
  uint32_t operator()(const msg::MerkleTreeNodes& m) const {
    return Count(m.nodes.size(), kMerkleNodeBytes);
  }
  uint32_t operator()(const msg::MerkleKeys& m) const {
    return Count(m.nodes.size(), kMerkleNodeBytes) + Count(m.keys.size(), kKeyDigestBytes);
  }
  uint32_t operator()(const msg::RepairPush& m) const { return SiblingsBytes(m.versions); }
  uint32_t operator()(const msg::Gossip& m) const {
    return GenerationsBytes(m.generations) + RingBytes(m.ring);
  }
  uint32_t operator()(const msg::GossipReply& m) const {
    return GenerationsBytes(m.generations) + RingBytes(m.ring);
  }
  uint32_t operator()(const msg::MembershipChange& m) const {
    return m.joining ? MemberBytes(*m.joining) : 0;
  }
  uint32_t operator()(const msg::MembershipReply& m) const {
    return GenerationsBytes(m.generations) + RingBytes(m.ring);
  }
  uint32_t operator()(const msg::RangeTransfer& m) const { return SiblingsBytes(m.versions); }
  uint32_t operator()(const msg::RangeTransferAck&) const { return 0; }
  uint32_t operator()(const msg::Ping&) const { return 0; }
  uint32_t operator()(const msg::PingReply&) const { return 0; }
};

}  // namespace

static_assert(kMessageKindNames.size() == kMessageTypeCount,
              "dynamo/message_kind_names.h needs one name per MessageType, in enum order");
static_assert(TypeOf<msg::ClientGet>() == MessageType::kClientGet &&
                  TypeOf<msg::ForwardPut>() == MessageType::kForwardPut &&
                  TypeOf<msg::MerkleRoot>() == MessageType::kMerkleRoot &&
                  TypeOf<msg::RepairPush>() == MessageType::kRepairPush &&
                  TypeOf<msg::Gossip>() == MessageType::kGossip &&
                  TypeOf<msg::RangeTransferAck>() == MessageType::kRangeTransferAck &&
                  TypeOf<msg::PingReply>() == MessageType::kPingReply,
              "Payload's alternatives follow MessageType's order");

std::string_view MessageTypeName(MessageType type) {
  const auto index = static_cast<size_t>(type);
  return index < kMessageKindNames.size() ? kMessageKindNames[index] : "unknown";
}

NodeId ClientOf(const Message& request) {
  switch (request.type()) {
    case MessageType::kClientGet:
      return request.As<msg::ClientGet>().reply_to;
    case MessageType::kClientPut:
      return request.As<msg::ClientPut>().reply_to;
    case MessageType::kForwardGet:
      return request.As<msg::ForwardGet>().request.reply_to;
    case MessageType::kForwardPut:
      return request.As<msg::ForwardPut>().request.reply_to;
    default:
      DYNAMO_CHECK(false, "only a client request has a client to answer");
      return 0;
  }
}

uint32_t ModelledBytes(const Message& message) {
  return kHeaderBytes + kKeyBytes + std::visit(PayloadBytes{}, message.payload);
}

}  // namespace dynamo
