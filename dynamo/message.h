// Messages between clients and nodes and between nodes. One plain struct with a type tag keeps
// the network's slab simple; fields a type does not use stay empty (no allocation).
//
// Message kinds, by what they cost (report.json groups traffic by these names):
//   client traffic: client_get, client_put, client_reply
//   coordination:   forward_get, forward_put (entry node to a top-N coordinator)
//   replication:    get, get_reply, put, put_ack (the PBS model's R, S, W, A legs)
//   repair:         read_repair
#pragma once

#include <cstdint>
#include <string_view>

#include "dynamo/types.h"
#include "dynamo/vector_clock.h"
#include "dynamo/version.h"

namespace dynamo {

enum class MessageType : uint16_t {
  kClientGet,
  kClientPut,
  kClientReply,
  kForwardGet,
  kForwardPut,
  kGet,
  kGetReply,
  kPut,
  kPutAck,
  kReadRepair,
  kCount,  // number of types; not a type
};

inline constexpr int kMessageTypeCount = static_cast<int>(MessageType::kCount);

// The kind name of a message type ("get_reply"), as used by the scenario's network.by_message.
std::string_view MessageTypeName(MessageType type);

struct Message {
  MessageType type = MessageType::kClientGet;
  // Client messages and their replies: the client's attempt id. Node-to-node requests and their
  // replies: the coordinator's request id.
  uint64_t request_id = 0;
  Key key = 0;
  // Client and forward messages: the client to answer.
  NodeId reply_to = 0;
  // Replies: success.
  bool ok = false;
  // get_reply, client_reply of a get, read_repair: the versions; put: exactly one version;
  // client_reply of a put: the version written.
  Siblings versions;
  // client_put / forward_put: the new value (a cart's full item set, or a register's one item).
  Value value;
  // client_put / forward_put: the context of the read this put follows (empty for blind puts).
  // client_reply of a get: the merged clock of the returned versions.
  VectorClock context;
  // client_put / forward_put: true if the put follows a read (its context, possibly empty when
  // the read found nothing, is exact); false for a blind put.
  bool has_context = false;
  // client_reply: which node coordinated, and (get) which replica answered the read first.
  NodeId coordinator = 0;
  NodeId fastest_replica = 0;
};

// Modelled size on the wire, for traffic accounting (documented in docs/size-model.md):
// a 32-byte header, 8 bytes per key, 8 per value item, 16 per vector-clock entry (node id and
// counter; timestamps are local metadata and not counted), 8 per version's LWW timestamp.
uint32_t ModelledBytes(const Message& message);

}  // namespace dynamo
