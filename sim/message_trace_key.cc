#include "sim/message_trace_key.h"

#include "sim/engine/trace.h"

namespace sim {

uint64_t MessageTraceKey(const dynamo::Message& message) {
  switch (message.type()) {
    case dynamo::MessageType::kMerkleRoot:
    case dynamo::MessageType::kMerkleNodes:
    case dynamo::MessageType::kMerkleKeys:
    case dynamo::MessageType::kGossip:
    case dynamo::MessageType::kGossipReply:
    case dynamo::MessageType::kMembershipChange:
    case dynamo::MessageType::kMembershipReply:
    case dynamo::MessageType::kCount:
      return TraceNote::kNone;
    default:
      return message.key;
  }
}

}  // namespace sim
