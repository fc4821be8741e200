#include "dynamo/anti_entropy.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/container/btree_map.h"
#include "dynamo/check.h"

namespace dynamo {
namespace {

// The exchange fields every Merkle message carries. REQUIRES: a merkle_* message.
const msg::MerkleTreeNodes& TreeNodesOf(const Message& message) {
  switch (message.type()) {
    case MessageType::kMerkleRoot:
      return message.As<msg::MerkleRoot>();
    case MessageType::kMerkleNodes:
      return message.As<msg::MerkleNodes>();
    case MessageType::kMerkleKeys:
      return message.As<msg::MerkleKeys>();
    default:
      DYNAMO_CHECK(false, "not a Merkle tree message");
      return message.As<msg::MerkleRoot>();
  }
}

// The other side's answer within the same exchange and range, on tree level `level`.
template <typename Kind>
Message Answer(uint64_t exchange, const msg::MerkleTreeNodes& to, int32_t level) {
  Kind answer;
  answer.range = to.range;
  answer.from_initiator = !to.from_initiator;
  answer.level = level;
  return Message{.request_id = exchange, .payload = std::move(answer)};
}

}  // namespace

bool IsAntiEntropyMessage(MessageType type) {
  return type == MessageType::kMerkleRoot || type == MessageType::kMerkleNodes ||
         type == MessageType::kMerkleKeys || type == MessageType::kRepairPush;
}

AntiEntropy::AntiEntropy(NodeId self, const NodeConfig& config, Env& env, const RingView& view,
                         DurableState& durable)
    : self_(self),
      config_(config),
      env_(env),
      view_(view),
      durable_(durable),
      exchange_id_base_(config.anti_entropy_enabled ? env.Random() << 24 : 0) {
  if (!config_.anti_entropy_enabled) return;
  DYNAMO_CHECK(config_.anti_entropy_interval_us > 0, "anti-entropy interval must be positive");
  next_range_ = env_.Random();
  const auto interval = static_cast<uint64_t>(config_.anti_entropy_interval_us);
  env_.StartTimer(static_cast<TimeUs>(env_.Random() % interval),
                  TimerTag{TimerKind::kAntiEntropyTick, 0});
}

void AntiEntropy::OnTimer(TimerTag tag) {
  if (tag.kind == TimerKind::kAntiEntropyTimeout) {
    if (!exchange_ || exchange_->id != tag.arg) return;  // finished meanwhile
    const TimeUs silent_us = env_.NowUs() - exchange_->last_heard_us;
    if (silent_us < config_.request_timeout_us) {
      // Heard from the peer since this timer was set: wait for the rest of the timeout.
      env_.StartTimer(config_.request_timeout_us - silent_us, tag);
      return;
    }
    if (exchange_->retransmits < kAntiEntropyMaxRetransmits) {
      // Lost on the way there or back: the stateless peer answers a copy as it would have.
      ++exchange_->retransmits;
      ++stats_.retransmits;
      exchange_->last_heard_us = env_.NowUs();
      env_.Send(exchange_->peer, Message(exchange_->last_sent), env_.StorageReadLatencyUs());
      env_.StartTimer(config_.request_timeout_us, tag);
      return;
    }
    ++stats_.exchanges_timed_out;
    exchange_.reset();
    return;
  }
  DYNAMO_CHECK(tag.kind == TimerKind::kAntiEntropyTick, "unknown anti-entropy timer");
  // Every range once per interval: the interval is split evenly between the node's ranges.
  const size_t ranges = MyRanges().size();
  env_.StartTimer(std::max<TimeUs>(1, config_.anti_entropy_interval_us /
                                          static_cast<TimeUs>(std::max<size_t>(1, ranges))),
                  TimerTag{TimerKind::kAntiEntropyTick, 0});
  Tick();
}

const std::vector<IndexedRange>& AntiEntropy::MyRanges() {
  if (view_.shared() != ranges_ring_) {
    ranges_ring_ = view_.shared();
    ranges_.clear();
    if (ranges_ring_ != nullptr) ranges_ = ranges_ring_->ReplicatedRanges(self_, config_.n);
    std::vector<KeyRange> held;
    for (const IndexedRange& range : ranges_) held.push_back(range.range);
    durable_.data.RetainTrees(held);
  }
  return ranges_;
}

void AntiEntropy::Tick() {
  if (exchange_) return;  // at most one outstanding exchange; this range waits its next turn
  if (!view_.has_ring()) return;  // not joined yet, or a wiped disk waiting for gossip
  const std::vector<IndexedRange>& ranges = MyRanges();
  if (ranges.empty()) return;
  const uint32_t range = ranges[next_range_++ % ranges.size()].index;
  Ring::NodeList replicas;
  ring().PreferenceListOfRange(range, config_.n, &replicas);
  Ring::NodeList peers;
  for (NodeId node : replicas) {
    if (node != self_) peers.push_back(node);
  }
  if (peers.empty()) return;  // the only replica (n == 1 or a one-node ring)
  StartExchange(range, peers[env_.Random() % peers.size()]);
}

bool AntiEntropy::Replicates(uint32_t range) const {
  if (!view_.has_ring() || range >= ring().RangeCount()) return false;
  Ring::NodeList replicas;
  ring().PreferenceListOfRange(range, config_.n, &replicas);
  return std::find(replicas.begin(), replicas.end(), self_) != replicas.end();
}

const MerkleTree& AntiEntropy::Tree(uint32_t range) {
  MyRanges();  // a ring change first lets the store drop the trees of ranges no longer held
  const KeyRange key_range = ring().RangeAt(range);
  const int depth = MerkleTree::DepthFor(key_range, config_.merkle_depth);
  const MerkleTree& tree = durable_.data.Tree(key_range, depth);
  // Every kTreeCheckInterval-th use, the kept tree must equal one built from scratch: a path that
  // changed stored versions without updating the tree would make exchanges miss differences.
  if (++trees_used_ % kTreeCheckInterval == 0) {
    DYNAMO_CHECK(tree == durable_.data.BuildTree(key_range, depth),
                 "an incrementally kept Merkle tree differs from a rebuild of its range");
  }
  return tree;
}

std::vector<MerkleTree::KeyDigest> AntiEntropy::KeysInLeaf(const MerkleTree& tree,
                                                           uint32_t leaf) const {
  std::vector<MerkleTree::KeyDigest> keys;
  durable_.data.ForEachInRange(tree.LeafRange(leaf), [&keys](Key key,
                                                             absl::Span<const Version> versions) {
    keys.emplace_back(key, SiblingsDigest(versions));  // == VersionedStore::Digest(key)
  });
  std::sort(keys.begin(), keys.end());  // ring order to key order, as messages list them
  DYNAMO_CHECK(MerkleTree::HashOfLeaf(keys) == tree.NodeHash(tree.depth(), leaf),
               "the store's keys of a Merkle leaf hash to the kept tree's leaf");
  return keys;
}

bool AntiEntropy::StartExchange(uint32_t range, NodeId peer) {
  if (!config_.anti_entropy_enabled || exchange_ || peer == self_ || !Replicates(range)) {
    return false;
  }
  if (config_.bugs.merkle_skips_last_range && range + 1 == ring().RangeCount()) return false;
  const uint64_t id = exchange_id_base_ + next_exchange_++;
  exchange_ = Exchange{id, peer, range, env_.NowUs(), Message{}, 0};
  ++stats_.exchanges_started;
  const MerkleTree& tree = Tree(range);
  msg::MerkleRoot root;
  root.range = range;
  root.from_initiator = true;
  root.level = 0;
  root.nodes.emplace_back(0, tree.Root());
  Send(peer, Message{.request_id = id, .payload = std::move(root)});
  env_.StartTimer(config_.request_timeout_us, TimerTag{TimerKind::kAntiEntropyTimeout, id});
  return true;
}

void AntiEntropy::Send(NodeId to, Message message) {
  if (TreeNodesOf(message).from_initiator) {
    DYNAMO_CHECK(exchange_ && exchange_->peer == to && exchange_->id == message.request_id,
                 "an initiator sends only within its outstanding exchange");
    exchange_->last_sent = message;
  }
  env_.Send(to, std::move(message), env_.StorageReadLatencyUs());
}

void AntiEntropy::OnMessage(NodeId from, const Message& message) {
  DYNAMO_CHECK(IsAntiEntropyMessage(message.type()), "not an anti-entropy message");
  if (!config_.anti_entropy_enabled) return;
  if (message.type() == MessageType::kRepairPush) return OnRepairPush(message);
  const msg::MerkleTreeNodes& nodes = TreeNodesOf(message);
  if (!nodes.from_initiator) {
    // An answer to an exchange this node started: only the outstanding one counts.
    if (!exchange_ || exchange_->id != message.request_id || exchange_->peer != from ||
        exchange_->range != nodes.range) {
      return;
    }
    exchange_->last_heard_us = env_.NowUs();
  }
  bool done = true;
  if (Replicates(nodes.range)) {
    const MerkleTree& tree = Tree(nodes.range);
    done = message.type() == MessageType::kMerkleKeys
               ? OnKeys(from, message.request_id, message.As<msg::MerkleKeys>(), tree)
               : OnNodes(from, message.request_id, nodes,
                         message.type() == MessageType::kMerkleRoot, tree);
  }
  if (!nodes.from_initiator && done) exchange_.reset();
}

bool AntiEntropy::OnNodes(NodeId from, uint64_t exchange, const msg::MerkleTreeNodes& message,
                          bool is_root, const MerkleTree& tree) {
  const int level = message.level;
  if (level < 0 || level > tree.depth()) return true;  // another tree shape: give up
  if (is_root) ++stats_.trees_compared;
  stats_.nodes_exchanged += message.nodes.size();
  std::vector<uint32_t> differing;
  for (const auto& [index, hash] : message.nodes) {
    if (index >= (uint64_t{1} << level)) return true;
    if (tree.NodeHash(level, index) != hash) differing.push_back(index);
  }
  if (differing.empty()) {
    // In sync below what was asked. The peer tells the initiator so; the initiator is done.
    if (message.from_initiator) {
      Send(from, Answer<msg::MerkleNodes>(exchange, message, /*level=*/0));
    }
    return true;
  }
  Message reply;
  if (level < tree.depth()) {
    reply = Answer<msg::MerkleNodes>(exchange, message, level + 1);
    auto& down = reply.As<msg::MerkleNodes>().nodes;
    for (uint32_t index : differing) {
      const MerkleTree::ChildHashes children = tree.ChildrenOf(level, index);
      down.emplace_back(2 * index, children[0]);
      down.emplace_back(2 * index + 1, children[1]);
    }
  } else {
    reply = Answer<msg::MerkleKeys>(exchange, message, level);
    msg::MerkleKeys& list = reply.As<msg::MerkleKeys>();
    list.is_answer = false;  // a first list: answer with yours
    for (uint32_t leaf : differing) {
      list.nodes.emplace_back(leaf, tree.NodeHash(level, leaf));
      const std::vector<MerkleTree::KeyDigest> keys = KeysInLeaf(tree, leaf);
      list.keys.insert(list.keys.end(), keys.begin(), keys.end());
    }
  }
  Send(from, std::move(reply));
  return false;
}

bool AntiEntropy::OnKeys(NodeId from, uint64_t exchange, const msg::MerkleKeys& message,
                         const MerkleTree& tree) {
  if (message.level != tree.depth()) return true;
  for (const auto& [leaf, hash] : message.nodes) {
    if (leaf >= tree.LeafCount()) return true;
  }
  absl::btree_map<Key, uint64_t> theirs(message.keys.begin(), message.keys.end());
  Message answer = Answer<msg::MerkleKeys>(exchange, message, message.level);
  msg::MerkleKeys& list = answer.As<msg::MerkleKeys>();
  list.is_answer = true;
  for (const auto& [leaf, hash] : message.nodes) {
    list.nodes.emplace_back(leaf, tree.NodeHash(tree.depth(), leaf));
    for (const auto& [key, digest] : KeysInLeaf(tree, leaf)) {
      list.keys.emplace_back(key, digest);
      auto it = theirs.find(key);
      if (it != theirs.end() && it->second == digest) continue;
      // The other side lacks the key or holds other versions: send ours.
      const absl::Span<const Version> versions = durable_.data.Get(key);
      DYNAMO_CHECK(!versions.empty(), "a key in a Merkle leaf is stored");
      msg::RepairPush push{message.range, Siblings(versions.begin(), versions.end())};
      ++stats_.keys_pushed;
      env_.Send(from, Message{exchange, key, std::move(push)}, env_.StorageReadLatencyUs());
    }
  }
  // A first list is answered with this side's list, so the other side pushes what this side
  // lacks; an answer is not answered again.
  if (!message.is_answer) Send(from, std::move(answer));
  return true;
}

void AntiEntropy::OnRepairPush(const Message& message) {
  const msg::RepairPush& push = message.As<msg::RepairPush>();
  if (push.versions.empty() || !view_.has_ring()) return;
  Ring::NodeList replicas;
  ring().PreferenceList(message.key, config_.n, &replicas);
  if (std::find(replicas.begin(), replicas.end(), self_) == replicas.end()) return;
  const uint64_t before = durable_.data.Digest(message.key);
  for (const Version& version : push.versions) {
    durable_.data.Put(message.key, version, config_.resolution);
  }
  if (durable_.data.Digest(message.key) != before) ++stats_.keys_repaired;
}

}  // namespace dynamo
