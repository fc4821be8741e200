// AntiEntropy: Merkle-tree replica synchronisation per key range (paper section 4.7), so a replica
// that missed writes or lost its disk is rebuilt from the other replicas of its ranges.
//
// Protocol. Every range a node replicates is exchanged once per anti_entropy_interval_us (the
// issue's "exchanges roots with the other replicas of that range every interval"): the node
// ticks every interval / (its number of ranges), the first tick at a random offset within the
// interval so nodes do not tick in lockstep, and each tick takes the next of its ranges
// (Ring::ReplicatedRanges(self, n), round-robin from a random start, one range per tick), picks
// one other replica of that range at random (Ring::PreferenceListOfRange) and starts an
// exchange with it. Trees are the store's, kept per range and brought up to date with every
// changed key before each use (VersionedStore::Tree, range_trees.h; depth
// MerkleTree::DepthFor(range, merkle_depth), key digest = VersionedStore::Digest): a range's tree
// is built once, at its first exchange after the ring gave the node that range, so an exchange
// hashes only the keys changed since the last one. They hash
// exactly what a rebuild from the store would (checked every kTreeCheckInterval-th use), so the
// messages are those of trees built on demand. On a ring change the trees of ranges the node no
// longer holds are dropped.
//
//   initiator -> peer   merkle_root   level 0: the initiator's root hash.
//   peer                takes its tree and compares the root (one tree compared). Equal: it
//                       answers an empty merkle_nodes and the exchange ends.
//   either way          merkle_nodes  level L+1: for every node of level L that differed, the
//                       sender's hashes of its two children. The receiver compares them with
//                       its own and answers with the children of those that differ, and so on
//                       down: only differing subtrees are descended (one root plus two nodes per
//                       level for a single differing leaf: 1 + 2*depth nodes exchanged).
//                       A message in which nothing differs ends the exchange (an empty
//                       merkle_nodes tells the initiator so).
//   receiver of leaves  merkle_keys   the differing leaves and the (key, digest) pairs of every
//                       key it holds in them.
//   other side          merkle_keys   (ok = true: an answer, not answered again) its own pairs
//                       for the same leaves.
//   each side, on a key list: repair_push, one per key, carrying its versions of every key it
//                       holds in those leaves that the other side lacks or holds with another
//                       digest. The receiver reconciles each version into its store with the
//                       configured ResolutionMode (VersionedStore::Put); a key whose stored
//                       siblings changed counts as repaired.
//
// Robustness: messages may be lost, duplicated or reordered and the peer may crash mid-exchange.
// The peer keeps no exchange state at all: it answers each message from its current tree. The
// initiator keeps at most one outstanding exchange (id, peer, range); answers that do not match
// it are dropped, a tick while it is outstanding starts nothing, after request_timeout_us
// without an answer it sends its latest message again (at most kAntiEntropyMaxRetransmits
// times), and then forgets the exchange. A node ignores exchanges for ranges it does not
// replicate and pushes for keys it does not replicate (membership views that disagree). With
// anti_entropy_enabled false nothing is sent, no timer is started and anti-entropy messages are
// ignored.
//
// Volatile: a crash forgets the outstanding exchange and the round-robin position.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "dynamo/durable_state.h"
#include "dynamo/env.h"
#include "dynamo/merkle_tree.h"
#include "dynamo/message.h"
#include "dynamo/node_config.h"
#include "dynamo/ring.h"
#include "dynamo/ring_view.h"

namespace dynamo {

// How often an initiator sends its latest message again before it forgets the exchange. On a
// lossy network a differing exchange is a chain of about 2 * merkle_depth messages, so without
// retransmission one loss anywhere ends it (lossy-network: 5% loss, depth 10, about three of four
// differing exchanges failed and one key stayed unrepaired through a 60 s quiesce).
inline constexpr int kAntiEntropyMaxRetransmits = 3;

// Every this many uses of a kept tree, anti-entropy checks it against a full rebuild of its range
// (DYNAMO_CHECK): cheap enough to stay on, and a path that changed stored versions without
// updating the tree cannot go unnoticed for long.
inline constexpr uint64_t kTreeCheckInterval = 64;

// True for the message types AntiEntropy::OnMessage handles.
bool IsAntiEntropyMessage(MessageType type);

struct AntiEntropyStats {
  uint64_t exchanges_started = 0;    // as initiator
  uint64_t exchanges_timed_out = 0;  // as initiator: forgotten after its last retransmission
  uint64_t retransmits = 0;          // as initiator: latest message sent again after silence
  uint64_t trees_compared = 0;       // roots received and compared (as peer)
  uint64_t nodes_exchanged = 0;      // tree-node hashes received and compared (either side)
  uint64_t keys_pushed = 0;          // repair_push messages sent
  uint64_t keys_repaired = 0;        // keys whose stored siblings a repair_push changed
};

class AntiEntropy {
 public:
  // Keeps references; all must outlive this object. Starts the first tick when enabled.
  AntiEntropy(NodeId self, const NodeConfig& config, Env& env, const RingView& view,
              DurableState& durable);

  // REQUIRES: IsAntiEntropyMessage(message.type()).
  void OnMessage(NodeId from, const Message& message);
  // REQUIRES: tag.kind is kAntiEntropyTick or kAntiEntropyTimeout.
  void OnTimer(TimerTag tag);

  // Starts an exchange of ring range `range` with `peer` now (what a tick does after choosing).
  // Returns false, starting nothing, when disabled, an exchange is outstanding, peer is this
  // node, or this node does not replicate the range.
  bool StartExchange(uint32_t range, NodeId peer);

  bool exchange_outstanding() const { return exchange_.has_value(); }
  const AntiEntropyStats& stats() const { return stats_; }

 private:
  struct Exchange {
    uint64_t id = 0;
    NodeId peer = 0;
    uint32_t range = 0;
    TimeUs last_heard_us = 0;
    // The initiator's latest message of this exchange, sent again when the peer stays silent
    // for request_timeout (the peer is stateless, so answering a copy twice is harmless).
    Message last_sent;
    int retransmits = 0;
  };

  void Tick();
  // The ranges this node replicates on its current ring, recomputed when the ring changes.
  const std::vector<IndexedRange>& MyRanges();
  bool Replicates(uint32_t range) const;
  // The store's incrementally kept tree of ring range `range` (VersionedStore::Tree).
  const MerkleTree& Tree(uint32_t range);
  // The (key, digest) pairs of `leaf` of `tree`, ascending by key, read from the store by the
  // leaf's ring range: O(log keys + keys in the leaf), where the tree would scan all its keys.
  // The same pairs as tree.KeysInLeaf(leaf), as the tree is up to date with the store.
  std::vector<MerkleTree::KeyDigest> KeysInLeaf(const MerkleTree& tree, uint32_t leaf) const;
  // Each returns true when the exchange needs nothing more from the other side.
  bool OnNodes(NodeId from, uint64_t exchange, const msg::MerkleTreeNodes& nodes,
               bool is_root, const MerkleTree& tree);
  bool OnKeys(NodeId from, uint64_t exchange, const msg::MerkleKeys& keys,
              const MerkleTree& tree);
  void OnRepairPush(const Message& message);
  // Sends `message` to `to`; an initiator's message of the outstanding exchange is also kept
  // as Exchange::last_sent for retransmission.
  void Send(NodeId to, Message message);

  // Constant after construction.
  const NodeId self_;
  const NodeConfig& config_;
  Env& env_;
  const RingView& view_;
  const Ring& ring() const { return view_.ring(); }
  DurableState& durable_;
  const uint64_t exchange_id_base_;  // random per incarnation: stale answers never match

  // Volatile.
  uint64_t next_exchange_ = 0;
  uint64_t next_range_ = 0;  // round-robin cursor, taken modulo the number of ranges
  std::optional<Exchange> exchange_;
  std::shared_ptr<const Ring> ranges_ring_;  // the ring ranges_ was computed on (kept alive)
  std::vector<IndexedRange> ranges_;
  AntiEntropyStats stats_;
  uint64_t trees_used_ = 0;  // Tree() calls, for its periodic check against a rebuild
};

}  // namespace dynamo
