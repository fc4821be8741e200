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
constexpr uint32_t kHintBytes = 8;  // the intended owner and the delivered digest
constexpr uint32_t kGenerationBytes = 12;   // node id and generation
constexpr uint32_t kRingVersionBytes = 12;  // epoch and author
constexpr uint32_t kMemberBytes = 4;        // node id
constexpr uint32_t kTokenBytes = 8;

uint32_t ClockBytes(const VectorClock& clock) {
  return static_cast<uint32_t>(clock.size()) * kClockEntryBytes;
}

}  // namespace

static_assert(kMessageKindNames.size() == kMessageTypeCount,
              "dynamo/message_kind_names.h needs one name per MessageType, in enum order");

std::string_view MessageTypeName(MessageType type) {
  const auto index = static_cast<size_t>(type);
  return index < kMessageKindNames.size() ? kMessageKindNames[index] : "unknown";
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
