// Messages between clients and nodes and between nodes. One plain struct with a type tag keeps
// the network's slab simple; fields a type does not use stay empty (no allocation).
//
// Message kinds, by what they cost (report.json groups traffic by these names):
//   client traffic: client_get, client_put, client_reply
//   coordination:   forward_get, forward_put (entry node to a top-N coordinator), forward_ack
//   replication:    get, get_reply, put, put_ack (the PBS model's R, S, W, A legs)
//   repair:         read_repair, hinted_handoff, hinted_handoff_ack
//   anti-entropy:   merkle_root, merkle_nodes, merkle_keys, repair_push
//   membership:     gossip, gossip_reply, membership_change, membership_reply
//   range transfer: range_transfer, range_transfer_ack
//   failure detection: ping, ping_reply
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "dynamo/ring_state.h"
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
  kHintedHandoff,     // a stand-in delivers hinted versions to their intended owner
  kHintedHandoffAck,  // the owner stored them
  kMerkleRoot,   // anti-entropy (anti_entropy.h): the initiator's root of a range's tree
  kMerkleNodes,  // anti-entropy: child hashes of differing tree nodes, one level
  kMerkleKeys,   // anti-entropy: (key, digest) lists of differing leaves
  kRepairPush,   // anti-entropy: one key's versions for a replica that lacks them
  kGossip,            // membership (membership.h): generations and the ring's version, or the ring
  kGossipReply,       // the peer's generations, and its ring if newer than the initiator's
  kMembershipChange,  // join or leave, asked of a seed
  kMembershipReply,   // the ring after the change
  kRangeTransfer,     // one key's versions for a node that became its replica (range_transfer.h)
  kRangeTransferAck,  // stored
  kForwardAck,        // a forward's receiver took it over (node.h); echoes request_id, reply_to
  kPing,              // failure detection: is a suspected node back? (failure_detector.h)
  kPingReply,         // it is
  kCount,  // number of types; not a type
};

inline constexpr int kMessageTypeCount = static_cast<int>(MessageType::kCount);

// The kind name of a message type ("get_reply"), as used by the scenario's network.by_message.
std::string_view MessageTypeName(MessageType type);

enum class MembershipChangeKind : uint8_t { kNone, kJoin, kLeave };

struct Message {
  MessageType type = MessageType::kClientGet;
  // Client messages and their replies: the client's attempt id. Node-to-node requests and their
  // replies: the coordinator's request id.
  uint64_t request_id = 0;
  Key key = 0;
  // Client and forward messages: the client to answer.
  NodeId reply_to = 0;
  // forward_get / forward_put: how many nodes have forwarded this request so far (node.h).
  uint32_t forward_hops = 0;
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
  // With `context`: writes the read saw beyond the clock's counter ranges (reconcile.h, Context).
  std::vector<Dot> context_dots;
  // client_put / forward_put: true if the put follows a read (its context, possibly empty when
  // the read found nothing, is exact); false for a blind put.
  bool has_context = false;
  // client_reply: which node coordinated, and (get) which replica answered the read first.
  NodeId coordinator = 0;
  NodeId fastest_replica = 0;
  // put / get to a stand-in (sloppy quorum): the top-N node it stands in for. A stand-in keeps
  // the version as a hint for that node. hinted_handoff_ack: echoes the digest delivered.
  bool has_hint = false;
  NodeId hint_for = 0;
  // put with buffered writes (replica.h): this replica writes to durable storage, not the buffer.
  bool durable_write = false;
  uint64_t hint_digest = 0;
  // Anti-entropy (anti_entropy.h); request_id is the exchange id. The ring range compared.
  uint32_t range = 0;
  // merkle_*: true on the exchange initiator's messages, false on its peer's. merkle_keys also
  // sets ok = true on a list that answers another list (not answered again).
  bool from_initiator = false;
  // merkle_root, merkle_nodes: the tree level of merkle_nodes; merkle_keys: the tree depth.
  int32_t merkle_level = 0;
  // merkle_root, merkle_nodes: (index on merkle_level, hash) of tree nodes; merkle_keys: the
  // differing leaves the list covers, (leaf, the sender's leaf hash).
  std::vector<std::pair<uint32_t, uint64_t>> merkle_nodes;
  // merkle_keys: (key, digest) of every key the sender holds in those leaves.
  std::vector<std::pair<Key, uint64_t>> merkle_keys;
  // Membership (membership.h). gossip, gossip_reply: the sender's (node, generation) table, and
  // ring_state's epoch and author always; ring_state.members only when the ring itself is sent
  // (gossip with ok = true is such a push and is not answered). gossip_reply: want_ring asks the
  // initiator to push its newer ring. membership_change: the change, and for a join
  // ring_state.members holds the joining node with the tokens it chose (strategies 1 and 2).
  // membership_reply: the ring.
  std::vector<std::pair<NodeId, uint64_t>> generations;
  RingState ring_state;
  bool want_ring = false;
  MembershipChangeKind change = MembershipChangeKind::kNone;
};

// Modelled size on the wire, for traffic accounting (documented in docs/size-model.md):
// a 32-byte header, 8 bytes per key, 8 per value item, 16 per vector-clock entry (node id and
// counter; timestamps are local metadata and not counted), 8 per version's LWW timestamp.
// Anti-entropy: 12 per Merkle tree node (index, hash), 16 per (key, digest) pair. Membership: 12
// per (node, generation) pair, 12 for the ring's version, 4 per ring member and 8 per token.
uint32_t ModelledBytes(const Message& message);

}  // namespace dynamo
