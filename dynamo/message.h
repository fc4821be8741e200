// Messages between clients and nodes and between nodes. Every message has a header (request id
// and key) and a payload whose type is the message kind: each kind carries exactly the fields it
// means, so a handler reads named fields of its own kind and ModelledBytes is a total visit.
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
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "dynamo/check.h"
#include "dynamo/reconcile.h"
#include "dynamo/ring_state.h"
#include "dynamo/types.h"
#include "dynamo/vector_clock.h"
#include "dynamo/version.h"

namespace dynamo {

// The order of the payload types in Payload below, and of the names in message_kind_names.h.
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
  kHintedHandoff,
  kHintedHandoffAck,
  kMerkleRoot,
  kMerkleNodes,
  kMerkleKeys,
  kRepairPush,
  kGossip,
  kGossipReply,
  kMembershipChange,
  kMembershipReply,
  kRangeTransfer,
  kRangeTransferAck,
  kForwardAck,
  kPing,
  kPingReply,
  kCount,  // number of types; not a type
};

inline constexpr int kMessageTypeCount = static_cast<int>(MessageType::kCount);

// The kind name of a message type ("get_reply"), as used by the scenario's network.by_message.
std::string_view MessageTypeName(MessageType type);

enum class MembershipChangeKind : uint8_t { kJoin, kLeave };

// One payload type per message kind. In the header of every message: request_id (client
// messages and their replies: the client's attempt id; node-to-node requests and their replies:
// the coordinator's request id; anti-entropy: the exchange id) and key (where a kind has one).
namespace msg {

// A client's get, as the client sends it to its entry node.
struct ClientGet {
  NodeId reply_to = 0;  // the client to answer
};
// A client's put: the new value (a cart's full item set, or a register's one item) and the
// context of the read it follows (reconcile.h). No context: a blind put. A read that found
// nothing gives an empty context, which is exact.
struct ClientPut {
  NodeId reply_to = 0;
  Value value = {};
  std::optional<Context> context = {};
};
// The answer to a client request. A get: the reconciled versions, their merged context and the
// replica that answered first. A put: the version written.
struct ClientReply {
  bool ok = false;
  NodeId coordinator = 0;  // the node that answered
  Siblings versions = {};
  Context context = {};
  NodeId fastest_replica = 0;
};
// A client request on its way from the entry node to a coordinator in the key's top N (node.h),
// unchanged, with how many nodes have forwarded it so far.
struct ForwardGet {
  ClientGet request;
  uint32_t hops = 0;
};
struct ForwardPut {
  ClientPut request;
  uint32_t hops = 0;
};
// The receiver of a forward took it over (forwarder.h); echoes request_id and the client.
struct ForwardAck {
  NodeId reply_to = 0;
};
// Replication: a coordinator's get and put legs to a replica. To a stand-in (sloppy quorum),
// `hint_for` names the top-N node it stands in for: a stand-in keeps the put as a hint.
struct Get {
  std::optional<NodeId> hint_for = {};
};
struct GetReply {
  Siblings versions = {};  // the replica's versions, hinted ones included on a stand-in
};
struct Put {
  Version version = {};
  std::optional<NodeId> hint_for = {};
  bool durable_write = false;  // buffered writes (replica.h): this replica writes to storage
};
// The payloads without fields have an empty user-provided constructor: value-initializing an
// empty aggregate inside the message's variant made g++ 12 clear all 360 bytes of the message
// (a `rep stos`; a put_ack is sent for every put leg).
struct PutAck {
  PutAck() noexcept {}
};
// Repair: read repair writes the reconciled versions back to a replica that answered with less.
struct ReadRepair {
  Siblings versions = {};
};
// A stand-in delivers a key's hinted versions to their owner; the owner echoes the digest of
// what it stored, so the stand-in deletes exactly what was delivered.
struct HintedHandoff {
  Siblings versions = {};
  uint64_t digest = 0;
};
struct HintedHandoffAck {
  uint64_t digest = 0;
};
// Anti-entropy (anti_entropy.h), within the exchange named by request_id over ring range `range`.
// Tree nodes are (index on `level`, hash). `from_initiator`: sent by the exchange's initiator
// (the peer's messages answer it).
struct MerkleTreeNodes {
  uint32_t range = 0;
  bool from_initiator = false;
  int32_t level = 0;
  std::vector<std::pair<uint32_t, uint64_t>> nodes = {};
};
struct MerkleRoot : MerkleTreeNodes {};   // level 0: the root hash
struct MerkleNodes : MerkleTreeNodes {};  // child hashes of differing nodes, one level down
// The differing leaves (on level = the tree depth) with (key, digest) of every key the sender
// holds in them. A first list is answered with the receiver's list; an answer is not answered.
struct MerkleKeys : MerkleTreeNodes {
  bool is_answer = false;
  std::vector<std::pair<Key, uint64_t>> keys = {};
};
// One key's versions for a replica that lacks them.
struct RepairPush {
  uint32_t range = 0;
  Siblings versions = {};
};
// Membership (membership.h). Gossip carries the sender's (node, generation) table and its ring's
// version (epoch, author); ring.members only when the ring itself is sent. A gossip with
// `push` answers a want_ring and is not answered.
struct Gossip {
  std::vector<std::pair<NodeId, uint64_t>> generations = {};
  RingState ring = {};
  bool push = false;
};
struct GossipReply {
  std::vector<std::pair<NodeId, uint64_t>> generations = {};
  RingState ring = {};          // with members when the replier's ring is newer
  bool want_ring = false;  // the initiator's ring is newer: push it
};
// A join or leave, asked of a seed. A join under strategies 1 and 2 names the tokens the
// joining node chose.
struct MembershipChange {
  MembershipChangeKind change = MembershipChangeKind::kJoin;
  std::optional<RingMember> joining = {};
};
struct MembershipReply {  // the ring after the change
  std::vector<std::pair<NodeId, uint64_t>> generations = {};
  RingState ring = {};
};
// Range transfer (range_transfer.h): one key's versions for a node that became its replica.
struct RangeTransfer {
  Siblings versions = {};
};
struct RangeTransferAck {
  RangeTransferAck() noexcept {}
};
// Failure detection (failure_detector.h): is a suspected node back?
struct Ping {
  Ping() noexcept {}
};
struct PingReply {
  PingReply() noexcept {}
};

}  // namespace msg

using Payload =
    std::variant<msg::ClientGet, msg::ClientPut, msg::ClientReply, msg::ForwardGet,
                 msg::ForwardPut, msg::Get, msg::GetReply, msg::Put, msg::PutAck,
                 msg::ReadRepair, msg::HintedHandoff, msg::HintedHandoffAck, msg::MerkleRoot,
                 msg::MerkleNodes, msg::MerkleKeys, msg::RepairPush, msg::Gossip,
                 msg::GossipReply, msg::MembershipChange, msg::MembershipReply,
                 msg::RangeTransfer, msg::RangeTransferAck, msg::ForwardAck, msg::Ping,
                 msg::PingReply>;
static_assert(std::variant_size_v<Payload> == kMessageTypeCount,
              "one payload type per MessageType, in enum order");

struct Message {
  uint64_t request_id = 0;
  Key key = 0;
  Payload payload = {};

  MessageType type() const { return static_cast<MessageType>(payload.index()); }

  // Drops the payload's contents (its values and vectors) and leaves an empty client_get. Why not
  // `*this = Message()`: value-initializing a Message zeroes all of its 360 bytes first.
  void Clear() {
    request_id = 0;
    key = 0;
    payload.emplace<0>();
  }

  // The payload as kind T. REQUIRES (checked): the message is of that kind.
  template <typename T>
  T& As() {
    T* payload_of_kind = std::get_if<T>(&payload);
    DYNAMO_CHECK(payload_of_kind != nullptr, "message read as a kind it is not");
    return *payload_of_kind;
  }
  template <typename T>
  const T& As() const {
    const T* payload_of_kind = std::get_if<T>(&payload);
    DYNAMO_CHECK(payload_of_kind != nullptr, "message read as a kind it is not");
    return *payload_of_kind;
  }
};

// A message whose payload is T{fields...} (T's fields in order), constructed into the variant
// through its in_place_type constructor. On the hot path prefer it to Message{request_id, key,
// T{...}}: g++ 12 clears all 360 bytes of a message built through the variant's converting
// constructor (a `rep stos` per message, about 4% of a 64-node run in all), and not one built
// this way. (T{...} rather than T(...): clang 14, which builds the sanitizer flavour, has no
// parenthesized aggregate initialization.)
template <typename T, typename... Args>
Message MakeMessage(uint64_t request_id, Key key, Args&&... args) {
  return Message{request_id, key,
                 Payload(std::in_place_type<T>, T{std::forward<Args>(args)...})};
}

namespace message_internal {
template <typename T, typename... Kinds>
constexpr size_t IndexOf(const std::variant<Kinds...>*) {
  constexpr bool same[] = {std::is_same_v<T, Kinds>...};
  for (size_t i = 0; i < sizeof...(Kinds); ++i) {
    if (same[i]) return i;
  }
  return sizeof...(Kinds);
}
}  // namespace message_internal

// The MessageType of payload type T.
template <typename T>
constexpr MessageType TypeOf() {
  constexpr size_t index = message_internal::IndexOf<T>(static_cast<const Payload*>(nullptr));
  static_assert(index < std::variant_size_v<Payload>, "not a payload type");
  return static_cast<MessageType>(index);
}

// The client a client request (client_get/put or forward_get/put) answers to.
// REQUIRES (checked): `request` is one of those kinds.
NodeId ClientOf(const Message& request);

// Modelled size on the wire, for traffic accounting (documented in docs/size-model.md):
// a 32-byte header, 8 bytes per key, 8 per value item, 16 per vector-clock entry (node id and
// counter; timestamps are local metadata and not counted), 8 per version's LWW timestamp, 8 for
// the intended owner of a hinted get or put. Anti-entropy: 12 per Merkle tree node (index,
// hash), 16 per (key, digest) pair. Membership: 12 per (node, generation) pair, 12 for the
// ring's version, 4 per ring member and 8 per token.
uint32_t ModelledBytes(const Message& message);

}  // namespace dynamo
